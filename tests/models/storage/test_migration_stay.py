"""Migration 0008 fills ``deal_stay`` from the history of a database made before it.

The database is made by today's code, then turned back into what migrations 0001–0007 left
(no ``deal_stay``, no record of 0008) with its history kept; opening it runs 0008 again. The
backfill must give the very stays the operations wrote, and so the same days in phase.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee

from models.operations.deal_status import reopen_deal, switch_outcome
from models.operations.deals import (
    accept_deal,
    create_deal,
    delete_deal,
    move_deal,
    reject_deal,
    restore_deal,
)
from models.operations.phases import merge_phase
from models.reports.management import ReportFilter, build_report, report_to_json
from models.storage.database import open_database
from tests.backends import query_rows
from tests.models.storage.later_migrations import undo_next_step, undo_person, undo_report_tally

START = dt.datetime(2026, 1, 5, 9, 0)
STAYS = "SELECT deal_id, phase_id, started_at, ended_at FROM deal_stay ORDER BY id"


def at(hours: int) -> dt.datetime:
    """``hours`` after the start of these stories."""
    return START + dt.timedelta(hours=hours)


def make_stories() -> None:
    """Moves, closes, a reopen, a switch, a merge of open and closed deals, delete and restore."""
    moved = create_deal("Moved", actor="t", at=at(0)).id
    move_deal(moved, "Negotiation", actor="t", at=at(5))
    move_deal(moved, "Presentation", actor="t", at=at(9))
    again = create_deal("Again", actor="t", phase="Proposal", at=at(1)).id
    accept_deal(again, actor="t", at=at(30))
    reopen_deal(again, actor="t", at=at(50))
    reject_deal(again, reason="No budget", actor="t", at=at(70))
    switch_outcome(again, actor="t", at=at(71))
    reopen_deal(again, actor="t", at=at(90))
    closed = create_deal("Closed", actor="t", phase="Presentation", at=at(2)).id
    accept_deal(closed, actor="t", at=at(20))
    gone = create_deal("Gone", actor="t", at=at(3)).id
    delete_deal(gone, actor="t", at=at(4))
    back = create_deal("Back", actor="t", at=at(3)).id
    delete_deal(back, actor="t", at=at(4))
    restore_deal(back, actor="t", at=at(6))
    # Imported with a close before its creation: the stay counts with no time.
    early = create_deal("Early", actor="t", at=at(40)).id
    accept_deal(early, actor="t", at=at(39))
    merge_phase("Presentation", "Proposal", actor="t", at=at(100))
    move_deal(moved, "Introduction", actor="t", at=at(120))


def back_to_0007(database: peewee.Database) -> None:
    """Drop what 0008 made."""
    with database.atomic():
        database.execute_sql("DROP TABLE deal_stay")
        database.execute_sql("DELETE FROM schema_migration WHERE name = '0008_deal_stay'")
        undo_report_tally(database)  # what the later 0011 made
        undo_next_step(database)  # and what the later 0010 made
        undo_person(database)  # and 0009
    database.close()


def days_in_phase() -> list[Any]:
    """The report's days in phase at two days, the second with a period."""
    filters = [
        ReportFilter(today=dt.date(2026, 1, 7)),
        ReportFilter(today=dt.date(2026, 3, 1)),
        ReportFilter(
            date_from=dt.date(2026, 1, 5), date_to=dt.date(2026, 1, 6), today=dt.date(2026, 1, 20)
        ),
    ]
    return [report_to_json(build_report(flt))["time_in_phase"] for flt in filters]


def ordered(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Stays as tuples, by deal and start (ids differ: the backfill numbers them anew)."""
    return sorted((tuple(row.values()) for row in rows), key=lambda row: (row[0], row[2]))


def test_the_backfill_gives_what_the_operations_wrote(db_target: str) -> None:
    database = open_database(db_target)
    make_stories()
    written = query_rows(db_target, STAYS)
    before = days_in_phase()
    back_to_0007(database)
    assert query_rows(db_target, "SELECT COUNT(*) AS n FROM schema_migration") == [{"n": 7}]
    open_database(db_target)
    assert ordered(query_rows(db_target, STAYS)) == ordered(written)
    assert days_in_phase() == before
    assert len(written) == 12
    assert [row["ended_at"] for row in written].count(None) == 4  # moved, again, gone, back
    assert before[1] != before[0]  # the days go on for the open deals
