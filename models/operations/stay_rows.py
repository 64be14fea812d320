"""The ``deal_stay`` rows of a deal's open time in a phase, built from plain values.

A stay is time a deal spent *open* in one phase (docs/reports.md, "Days in phase"). Every
change that moves a deal or opens or closes it is a *mark*: a ``created`` or ``phase`` event
that names a phase, or a ``status`` event. A mark ends the deal's running stay at its time,
and if the deal is open after it, starts a new stay in the phase it is in then. So a close
ends a stay and starts none, a reopen starts one, a switch (closed to closed) ends none and
starts none, and a merge moves an open deal like a move and a closed one not at all.

Nothing here touches the database: the operations write these rows through
``models.operations.history`` as the marks happen, and the bulk demo (``models.demo.bulk``)
builds them with ``stays_from_events`` from its simulated histories, so the app and the
demo cannot decide a stay two ways. Migration 0008 fills the table for older data with the
same rule, in SQL.

A row is a plain tuple in the order of ``STAY_COLUMNS``: deal id, phase id, start, end
(None while the stay runs).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from models.domain.status import Status

StayRow = tuple[Any, Any, Any, Any]  # deal id, phase id, started_at, ended_at
STAY_COLUMNS = ("deal", "phase", "started_at", "ended_at")  # the fields of ``DealStay``
OPEN = Status.OPEN  # the status word of an open deal


def opened_row(deal: Any, phase: Any, at: Any) -> StayRow:
    """The stay a deal starts by being open in ``phase`` from ``at`` on (still running)."""
    return (deal, phase, at, None)


def mark_of(event: Sequence[Any]) -> tuple[Any, Any] | None:
    """(phase id or None, status or None) that a ``deal_event`` row sets; None if no mark.

    The row is in ``models.operations.history_rows``' column order (kind at index 3, field
    at 4, new value at 6, phase id at 7).
    """
    kind, field, new, phase = event[3], event[4], event[6], event[7]
    if kind in ("created", "phase") and phase is not None:
        return phase, OPEN if kind == "created" else None
    if kind == "status" and field == "status":
        return phase, new
    return None


def stays_from_events(events: Iterable[Sequence[Any]]) -> list[StayRow]:
    """The stays of whole histories, given as ``deal_event`` rows in time order per deal.

    Each row starts (deal id, at, …) as ``models.operations.history_rows`` builds them. A
    deal's last stay is still running (end None) when its history leaves it open.
    """
    rows: list[list[Any]] = []
    running: dict[Any, int] = {}  # deal id → index of its running stay in ``rows``
    where: dict[Any, list[Any]] = {}  # deal id → [phase id, status] after its last mark
    for event in events:
        mark = mark_of(event)
        if mark is None:
            continue
        deal, at = event[0], event[1]
        state = where.setdefault(deal, [None, None])
        state[0] = mark[0] if mark[0] is not None else state[0]
        state[1] = mark[1] if mark[1] is not None else state[1]
        index = running.pop(deal, None)
        if index is not None:
            rows[index][3] = at
        if state[1] == OPEN and state[0] is not None:
            running[deal] = len(rows)
            rows.append(list(opened_row(deal, state[0], at)))
    return [(deal, phase, start, end) for deal, phase, start, end in rows]
