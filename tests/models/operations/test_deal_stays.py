"""Every operation that moves, closes or reopens a deal records its stays in ``deal_stay``.

A stay is open time in one phase (docs/reports.md, "Days in phase"): creation, a move, a
merge of an open deal and a reopen start one; a move, a merge and a close end it; a switch,
a merge of a closed deal, an edit, deleting and restoring change none. The CSV import
creates and closes deals through the same operations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import peewee

from models.operations.deal_status import reopen_deal, switch_outcome
from models.operations.deals import (
    accept_deal,
    create_deal,
    delete_deal,
    edit_deal,
    move_deal,
    reject_deal,
    restore_deal,
)
from models.operations.phases import merge_phase

START = dt.datetime(2026, 3, 2, 9, 0)
STAYS = (
    "SELECT s.deal_id, p.name AS phase, s.started_at, s.ended_at FROM deal_stay s"
    " JOIN phase p ON p.id = s.phase_id ORDER BY s.id"
)
Rows = Callable[..., list[dict[str, Any]]]


def at(hours: int) -> dt.datetime:
    """``hours`` after the start of these stories."""
    return START + dt.timedelta(hours=hours)


def text(hours: int) -> str:
    """``at(hours)`` as the database gives it back."""
    return at(hours).isoformat(sep=" ")


def stays(rows: Rows) -> list[tuple[Any, ...]]:
    """Every stay as (deal, phase name, start, end), in the order written."""
    return [tuple(row.values()) for row in rows(STAYS)]


def test_create_move_close_reopen_and_switch(db: peewee.Database, rows: Rows) -> None:
    deal = create_deal("A", actor="t", at=at(0)).id
    edit_deal(deal, {"value": "100"}, actor="t", at=at(1))
    move_deal(deal, "Proposal", actor="t", at=at(2))
    accept_deal(deal, actor="t", at=at(3))
    switch_outcome(deal, reason="No budget", actor="t", at=at(4))
    reopen_deal(deal, actor="t", at=at(5))
    move_deal(deal, "Introduction", actor="t", at=at(6))
    reject_deal(deal, reason="No budget", actor="t", at=at(7))
    other = create_deal("B", actor="t", phase="Presentation", at=at(8)).id
    assert stays(rows) == [
        (deal, "Introduction", text(0), text(2)),
        (deal, "Proposal", text(2), text(3)),
        (deal, "Proposal", text(5), text(6)),
        (deal, "Introduction", text(6), text(7)),
        (other, "Presentation", text(8), None),
    ]


def test_delete_and_restore_keep_the_stays(db: peewee.Database, rows: Rows) -> None:
    deal = create_deal("A", actor="t", at=at(0)).id
    delete_deal(deal, actor="t", at=at(1))
    restore_deal(deal, actor="t", at=at(2))
    move_deal(deal, "Proposal", actor="t", at=at(3))
    assert stays(rows) == [
        (deal, "Introduction", text(0), text(3)),
        (deal, "Proposal", text(3), None),
    ]


def test_a_merge_moves_open_deals_and_gives_closed_ones_no_time(
    db: peewee.Database, rows: Rows
) -> None:
    running = create_deal("Open", actor="t", phase="Presentation", at=at(0)).id
    closed = create_deal("Won", actor="t", phase="Presentation", at=at(1)).id
    accept_deal(closed, actor="t", at=at(2))
    elsewhere = create_deal("Elsewhere", actor="t", at=at(3)).id
    merge_phase("Presentation", "Proposal", actor="t", at=at(4))
    assert stays(rows) == [
        (running, "Presentation", text(0), text(4)),
        (closed, "Presentation", text(1), text(2)),
        (elsewhere, "Introduction", text(3), None),
        (running, "Proposal", text(4), None),
    ]
