"""Migration 0007 adds the report's covering indexes to an existing database; no number changes.

The database is made by today's code, then turned back into what migrations 0001–0006 left
(the three indexes dropped, no record of 0007); opening it runs 0007 again. On SQLite the
report's queries are then checked to read the new indexes (EXPLAIN QUERY PLAN), which is
what makes them fast on big databases (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from typing import Any

import peewee
import pytest

from models.demo.build import build_demo
from models.operations.deal_status import reopen_deal, switch_outcome
from models.operations.deals import accept_deal, create_deal, edit_deal, move_deal, reject_deal
from models.reports import management
from models.reports.management import ReportFilter, build_report, report_to_json
from models.reports.sql import ReportSql
from models.storage.database import open_database
from tests.backends import is_postgres_url, query_rows
from tests.models.storage.later_migrations import undo_next_step, undo_person, undo_report_tally

INDEXES = ("deal_report", "deal_event_expected_close", "deal_event_status_change")
START = dt.datetime(2026, 3, 2, 9, 0)
TODAY = dt.date(2026, 6, 1)


def at(hours: int) -> dt.datetime:
    """``hours`` after the start of these stories."""
    return START + dt.timedelta(hours=hours)


def make_stories() -> None:
    """Won, lost, reopened, switched and open deals, and an expected date edited after a win."""
    won = create_deal("Won", actor="t", owner="Ann", value="1200", at=at(0)).id
    edit_deal(won, {"expected_close": "2026-03-10"}, actor="t", at=at(1))
    move_deal(won, "Proposal", actor="t", at=at(2))
    accept_deal(won, actor="t", at=at(300))
    edit_deal(won, {"expected_close": "2026-04-30"}, actor="t", at=at(301))
    lost = create_deal("Lost", actor="t", owner="Bob", source="Fair", value="800", at=at(3))
    reject_deal(lost.id, reason="No budget", competitor="Acme", actor="t", at=at(4))
    again = create_deal("Again", actor="t", owner="Ann", phase="Presentation", at=at(5)).id
    accept_deal(again, actor="t", at=at(6))
    reopen_deal(again, actor="t", at=at(7))
    reject_deal(again, reason="No budget", actor="t", at=at(8))
    switch_outcome(again, actor="t", at=at(9))
    create_deal("Open", actor="t", value="500", expected_close="2026-07-01", at=at(10))


def reports() -> list[dict[str, Any]]:
    """The JSON report without and with filters."""
    filters = [
        ReportFilter(today=TODAY),
        ReportFilter(owner="Ann", today=TODAY),
        ReportFilter(date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 12), today=TODAY),
    ]
    return [report_to_json(build_report(flt)) for flt in filters]


def back_to_0006(database: peewee.Database) -> None:
    """Drop what 0007 made, and what the later 0008 made."""
    with database.atomic():
        for name in INDEXES:
            database.execute_sql(f"DROP INDEX {name}")
        database.execute_sql(
            "DELETE FROM schema_migration WHERE name = '0007_report_covering_indexes'"
        )
        database.execute_sql("DROP TABLE deal_stay")
        database.execute_sql("DELETE FROM schema_migration WHERE name = '0008_deal_stay'")
        undo_report_tally(database)  # what the later 0011 made
        undo_next_step(database)  # and what the later 0010 made
        undo_person(database)  # and 0009
    database.close()


def index_names(target: str) -> set[str]:
    """The names of the indexes on ``deal`` and ``deal_event``."""
    if is_postgres_url(target):
        sql = "SELECT indexname AS name FROM pg_indexes WHERE tablename IN ('deal', 'deal_event')"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
    return {row["name"] for row in query_rows(target, sql)}


def test_0007_indexes_an_existing_database_and_changes_no_number(db_target):
    database = open_database(db_target)
    make_stories()
    before = reports()
    back_to_0006(database)
    assert not set(INDEXES) & index_names(db_target)
    open_database(db_target)
    assert set(INDEXES) <= index_names(db_target)
    assert query_rows(db_target, "SELECT MAX(name) AS name FROM schema_migration") == [
        {"name": "0011_report_tally"}
    ]
    assert query_rows(
        db_target,
        "SELECT name FROM schema_migration WHERE name = '0007_report_covering_indexes'",
    ) == [{"name": "0007_report_covering_indexes"}]
    assert reports() == before
    assert before[0]["corrections"] == {"reopened": 1, "switched": 1}
    assert before[0]["forecast_accuracy"]["won_with_date"] == 1  # the date it had at the win


# What the plan of each section's statement must name (the section is the function that
# asked ``ReportSql._rows`` for it).
PLANS = {
    "reasons": "COVERING INDEX deal_report",
    "competitors": "COVERING INDEX deal_report",
    "win_by": "COVERING INDEX deal_report",
    "average_days_to_close": "COVERING INDEX deal_report",
    "days_to_close_groups": "COVERING INDEX deal_report",
    "reasons_by_phase": "COVERING INDEX deal_report",
    "forecast": "COVERING INDEX deal_report",
    "forecast_accuracy": "COVERING INDEX deal_event_expected_close",
    "corrections": "deal_event_status_change",
}


@pytest.mark.sqlite_only
def test_the_report_reads_the_new_indexes(tmp_path, monkeypatch):
    path = tmp_path / "demo.sqlite"
    build_demo(path, deals=200, seed=3, now=dt.datetime(2026, 6, 1, 12, 0))
    open_database(path)
    statements: dict[str, list[tuple[str, list[Any]]]] = {}
    original = ReportSql._rows

    def recording(self: ReportSql, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        caller = sys._getframe(1).f_code.co_name
        statements.setdefault(caller, []).append((sql, params))
        return original(self, sql, params)

    monkeypatch.setattr(ReportSql, "_rows", recording)
    # The statements that scan the deals (a report with a filter, or without current tallies).
    monkeypatch.setattr(management, "_tally_reader", lambda flt, sql: None)
    build_report(ReportFilter(today=TODAY))
    conn = sqlite3.connect(path)
    try:
        for section, wanted in PLANS.items():
            for sql, params in statements[section]:
                plan = " | ".join(
                    row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                )
                assert wanted in plan, f"{section}: {plan}"
    finally:
        conn.close()
