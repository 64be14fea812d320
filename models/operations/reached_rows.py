"""The ``deal_reached`` rows a deal earns when it enters a phase, built from plain values.

A deal reaches the phase it enters and, when it moves forward (or is created), every active
phase it skipped on the way: those between its old and its new phase in the board order *of
that moment*. Moving backward reaches only the phase entered. Nothing here touches the
database: the operations insert the rows "if missing" (``models.operations.history``), and
the bulk demo (``models.demo.bulk``) builds them from its simulated histories with
``reached_from_events``, so the app and the demo cannot decide "reached" two ways.

A row is a plain tuple in the order of ``REACHED_COLUMNS``: deal id, phase id, time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

ReachedRow = tuple[Any, Any, Any]  # deal id, phase id, at
REACHED_COLUMNS = ("deal", "phase", "at")  # the fields of ``DealReached`` a row fills
# The board order at one moment: every phase as (id, active), by (position, id).
Order = Sequence[tuple[int, bool]]


def entered_rows(deal: Any, at: Any, order: Order, old: int | None, new: int) -> list[ReachedRow]:
    """What a deal reaches by entering ``new`` from ``old`` (None: it is being created).

    The skipped active phases come first, in board order, then ``new`` itself.
    """
    ids = [phase_id for phase_id, _ in order]
    if new not in ids:
        return [(deal, new, at)]
    end = ids.index(new)
    start = ids.index(old) if old in ids else -1
    skipped = [phase_id for phase_id, active in order[start + 1 : end] if active]
    return [(deal, phase_id, at) for phase_id in skipped] + [(deal, new, at)]


def reached_from_events(events: Iterable[Sequence[Any]], order: Order) -> list[ReachedRow]:
    """The reached rows of whole histories, given as ``deal_event`` rows in time order.

    Each row starts (deal id, at, actor, kind, …) and has the phase id at index 7, as
    ``models.operations.history_rows`` builds them; every phase keeps one order (``order``).
    A phase already reached is not repeated.
    """
    rows: list[ReachedRow] = []
    current: dict[Any, int] = {}
    reached: set[tuple[Any, int]] = set()
    for event in events:
        deal, at, kind, phase = event[0], event[1], event[3], event[7]
        if kind not in ("created", "phase") or phase is None:
            continue
        for row in entered_rows(deal, at, order, current.get(deal), phase):
            if (deal, row[1]) not in reached:
                reached.add((deal, row[1]))
                rows.append(row)
        current[deal] = phase
    return rows
