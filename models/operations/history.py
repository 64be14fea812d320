"""The append-only deal history: writing the ``deal_event`` rows of a change, and the clock.

Which rows a change writes is decided by ``models.operations.history_rows``; this module only
inserts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from models.operations import prepared
from models.operations.history_rows import EVENT_COLUMNS, EventRow
from models.operations.lookup import all_phases
from models.operations.reached_rows import REACHED_COLUMNS, Order, entered_rows
from models.operations.stay_rows import STAY_COLUMNS, opened_row
from models.storage.schema import DealEvent, DealReached, DealStay, Phase


def utcnow() -> dt.datetime:
    """Return the current time in UTC as a naive datetime (how timestamps are stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def write_events(rows: Iterable[EventRow]) -> None:
    """Append event rows built by ``models.operations.history_rows``. History is never updated.

    One INSERT per row, in order, so event ids follow the order the rows are given in.
    """
    for row in rows:
        prepared.insert_rows(DealEvent, [dict(zip(EVENT_COLUMNS, row, strict=True))])


def board_order(phases: Iterable[Phase] | None = None) -> Order:
    """Every phase as (id, active) in today's board order, for ``entered_rows``.

    ``phases``: every phase in board order, when the operation has read them already.
    """
    return [
        (phase.id, not phase.archived) for phase in (all_phases() if phases is None else phases)
    ]


def write_reached(
    deal: int, at: dt.datetime, old: int | None, new: int, order: Order | None = None
) -> None:
    """Record what a deal reaches by entering ``new`` now; a phase reached before stays as is.

    ``order``: today's ``board_order()``, when the operation has it at hand.
    """
    rows = entered_rows(deal, at, board_order() if order is None else order, old, new)
    prepared.insert_rows(
        DealReached, [dict(zip(REACHED_COLUMNS, row, strict=True)) for row in rows], ignore=True
    )


def write_stay(deal: int, at: dt.datetime, phase: int | None, *, new: bool = False) -> None:
    """End the deal's running stay at ``at``; start one in ``phase`` (None: it is closed now).

    ``new``: the deal is being created, so it has no stay to end. The rule of which changes
    end and start stays is ``models.operations.stay_rows``'.
    """
    if not new:
        prepared.update(
            DealStay, {DealStay.ended_at: at}, {DealStay.deal: deal, DealStay.ended_at: None}
        )
    if phase is not None:
        prepared.insert_rows(
            DealStay, [dict(zip(STAY_COLUMNS, opened_row(deal, phase, at), strict=True))]
        )
