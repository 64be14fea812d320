"""The ``pair`` tallies counted in Python (models.storage.tally_pairs) and ``gathered`` settling.

Both ways of counting (each deal's pairs, or per-phase sets of deals) must give what the
self-join of ``models.storage.tally_statements`` gives; ``gathered`` must settle the deals
of many operations once, to the same tallies a rebuild makes, and nothing when it fails.
"""

from __future__ import annotations

import datetime as dt
import random

import peewee
import pytest

from models.operations import deal_status, deals, phases, tally_journal
from models.operations.lookup import active_phases
from models.storage.database import write_operation
from models.storage.tally_pairs import ReachedSets, _by_deal, _by_sets, _sets_cheaper
from tests.conftest import ACTOR
from tests.models.storage.tally_oracle import assert_current, snapshot

START = dt.datetime(2026, 2, 2, 9, 0)


def reached_sets(seed: int, deals_count: int, phase_count: int) -> dict[int, list[int]]:
    """Random reached phases (unique per deal, some deals reaching none or one)."""
    chooser = random.Random(seed)
    return {
        deal: chooser.sample(range(1, phase_count + 1), chooser.randint(0, phase_count))
        for deal in range(1, deals_count + 1)
    }


@pytest.mark.parametrize("seed", range(6))
def test_both_ways_count_the_same_pairs(seed: int) -> None:
    by_deal = reached_sets(seed, deals_count=70 + seed, phase_count=12)
    expected: dict[tuple[int, int], int] = {}
    for reached in by_deal.values():
        for first in reached:
            for second in reached:
                if first != second:
                    expected[(first, second)] = expected.get((first, second), 0) + 1
    assert _by_deal(by_deal) == expected
    assert _by_sets(by_deal) == expected


def test_the_cheaper_way_is_chosen() -> None:
    # Many deals sharing a few phases: sets. Deals each in phases of their own: each deal.
    shared = {deal: [1, 2, 3, 4] for deal in range(200)}
    alone = {deal: [deal] for deal in range(200)}
    assert _sets_cheaper(shared) and not _sets_cheaper(alone)


def test_pair_keys_have_the_statements_shape() -> None:
    sets = ReachedSets()
    sets.add([(7, 1), (7, 2), (8, 2)])
    assert sets.pairs() == {
        ("pair", 1, 2, 0, "", "", "", ""): (1, 0, 0, 0, 0, 0, 0, 0),
        ("pair", 2, 1, 0, "", "", "", ""): (1, 0, 0, 0, 0, 0, 0, 0),
    }


@write_operation
def _many(titles: list[str], phase_ids: list[int], existing: int, fail: bool = False) -> None:
    """Move a deal, create, move and close others in nested operations, settled once."""
    with tally_journal.gathered():
        deals.move_deal(existing, phase_ids[2], actor=ACTOR, expect_version=1, at=START)
        for number, title in enumerate(titles):
            at = START + dt.timedelta(hours=number)
            deal = deals.create_deal(title, actor=ACTOR, phase=phase_ids[0], at=at)
            deals.move_deal(deal.id, phase_ids[-1], actor=ACTOR, expect_version=1, at=at)
            if number % 2:
                deal_status.close_deal(
                    deal.id, "accepted", actor=ACTOR, at=at + dt.timedelta(days=3)
                )
        if fail:
            raise RuntimeError("on purpose")


def _phase_ids() -> list[int]:
    """The active phases' ids in board order."""
    return [phase.id for phase in active_phases()]


def test_gathered_operations_settle_to_a_rebuild(db: peewee.Database) -> None:
    for number in range(6):
        phases.add_phase(f"Extra {number}", 20)
    existing = deals.create_deal("Before", actor=ACTOR, at=START)
    _many([f"Deal {n}" for n in range(9)], _phase_ids(), existing.id)
    assert_current(db)


def test_gathered_settles_nothing_when_it_fails(db: peewee.Database) -> None:
    existing = deals.create_deal("Before", actor=ACTOR, at=START)
    before = snapshot(db)
    with pytest.raises(RuntimeError):
        _many(["Lost"], _phase_ids(), existing.id, fail=True)
    assert snapshot(db) == before
    assert_current(db)


def test_gathered_needs_a_write_operation(db: peewee.Database) -> None:
    with pytest.raises(RuntimeError), tally_journal.gathered():
        pass
