"""The ``pair`` tallies of some deals, counted from their reached phases in Python.

``pair`` (k1, k2) is the number of live deals that reached both phases (k1 ≠ k2, both
orders): ``models.storage.tally_statements`` defines it as a self-join of ``deal_reached``,
which enumerates every deal's pairs, k² for a deal that reached k phases. A CSV import that
creates a few hundred phases makes thousands of such deals, and the join's rows grow with
deals × phases² (2,000 deals and 200 phases: 29 million rows, 30 s). Counted here instead,
the cost is the smaller of that enumeration and one intersection of two sets of deals per
pair of phases (bit sets: 40,000 intersections of 2,000 bits, a few hundredths of a second).
The rebuild of every deal keeps the self-join; ``tests/models/storage/test_tally*.py``
compare the two after every kind of operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

PAIR_MEASURES = (0,) * 7  # a pair counts deals only: m1 … m7 stay 0
Key = tuple[Any, ...]
PairTallies = dict[Key, tuple[int, ...]]


class ReachedSets:
    """The phases each of some deals reached, gathered a stretch of deals at a time."""

    def __init__(self) -> None:
        self.by_deal: dict[int, list[int]] = {}  # deal id -> phase ids (unique per deal)

    def add(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Note ``deal_reached`` rows given as (deal id, phase id)."""
        for deal, phase in rows:
            self.by_deal.setdefault(int(deal), []).append(int(phase))

    def pairs(self) -> PairTallies:
        """The ``pair`` tallies of the noted deals: (kind, k1, k2, 0, '', '', '', '') -> n, 0…."""
        counts = _by_sets(self.by_deal) if _sets_cheaper(self.by_deal) else _by_deal(self.by_deal)
        return {
            ("pair", first, second, 0, "", "", "", ""): (n, *PAIR_MEASURES)
            for (first, second), n in counts.items()
        }


def _sets_cheaper(by_deal: dict[int, list[int]]) -> bool:
    """Whether intersecting per-phase sets costs less than enumerating each deal's pairs."""
    enumerated = sum(len(phases) ** 2 for phases in by_deal.values())
    phases = len({phase for reached in by_deal.values() for phase in reached})
    words = len(by_deal) // 64 + 1  # an intersection's cost grows with the deals' bits
    return phases * phases * words < enumerated


def _by_deal(by_deal: dict[int, list[int]]) -> dict[tuple[int, int], int]:
    """Each deal's ordered pairs of distinct phases, counted (cost: the sum of k²)."""
    counts: dict[tuple[int, int], int] = {}
    get = counts.get
    for reached in by_deal.values():
        for first in reached:
            for second in reached:
                if first != second:
                    pair = (first, second)
                    counts[pair] = get(pair, 0) + 1
    return counts


def _by_sets(by_deal: dict[int, list[int]]) -> dict[tuple[int, int], int]:
    """Per pair of phases, the deals in both sets (cost: phases² intersections)."""
    masks: dict[int, int] = {}
    for bit, reached in enumerate(by_deal.values()):
        for phase in reached:
            masks[phase] = masks.get(phase, 0) | (1 << bit)
    counts: dict[tuple[int, int], int] = {}
    items = list(masks.items())
    for first, first_mask in items:
        for second, second_mask in items:
            if first != second:
                n = (first_mask & second_mask).bit_count()
                if n:
                    counts[(first, second)] = n
    return counts
