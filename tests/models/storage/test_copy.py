"""Copying a whole database into a new or empty one: every row, its order, ids and progress.

What a copy must never do (a used target, itself, a failure half-way): test_copy_safety.py.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import peewee
import pytest

from models.operations import deals, phases, reasons
from models.reports.management import ReportFilter, build_report, report_to_json
from models.storage import copy_rows as copy_module
from models.storage import database as database_module
from models.storage.copy import bound_to, copy_database, copy_models
from models.storage.database import open_database
from models.storage.schema import Deal, DealEvent, Phase, Reason, database_proxy
from models.storage.tally import DERIVED_TABLES
from tests.backends import query_rows, table_snapshot
from tests.models.storage.copy_source import at

TODAY = dt.date(2026, 6, 1)
# Each database's own, never copied (the tallies are counted anew from the copied rows).
OWN_TABLES = {"schema_migration", "change_counter", *DERIVED_TABLES}


def dealboard_rows(target: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every dealboard table, as SQLite stores it (tests/backends.py)."""
    return {
        table: rows for table, rows in table_snapshot(target).items() if table not in OWN_TABLES
    }


def report_of(db: peewee.Database) -> dict[str, Any]:
    """``report --format json`` of ``db`` on a fixed day."""
    with bound_to(db):
        return report_to_json(build_report(ReportFilter(today=TODAY)))


def opened(target: str) -> peewee.Database:
    """Open ``target`` without disturbing the test's open database; the caller closes it."""
    saved = (database_proxy.obj, database_module._info)
    try:
        return open_database(target, create=False)
    finally:
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]


def test_every_table_of_the_schema_is_copied(db: peewee.Database) -> None:
    copied = {model._meta.table_name for model in copy_models()}
    assert copied == set(db.get_tables()) - OWN_TABLES
    order = [model._meta.table_name for model in copy_models()]
    assert order.index("phase") < order.index("deal") < order.index("deal_event")


def test_copy_to_a_new_file_keeps_every_row(source, db_target, tmp_path):
    target = tmp_path / "copy.sqlite"
    summary = copy_database(str(target))
    assert dealboard_rows(target) == dealboard_rows(db_target)
    assert summary.kind == "sqlite" and summary.location == str(target)
    assert summary.counts == {
        "phase": 6,
        "reason": 12,
        "setting": 5,
        "person": 2,
        "deal": 11,
        "deal_event": len(dealboard_rows(db_target)["deal_event"]),
        "deal_reached": len(dealboard_rows(db_target)["deal_reached"]),
        "deal_stay": len(dealboard_rows(db_target)["deal_stay"]),
    }
    copied = opened(str(target))
    try:
        assert report_of(copied) == report_of(source)
    finally:
        copied.close()
    assert sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == ["copy.sqlite"]


def test_copy_to_postgresql_keeps_every_row(source, db_target, empty_pg):
    summary = copy_database(empty_pg)
    assert dealboard_rows(empty_pg) == dealboard_rows(db_target)
    assert summary.kind == "postgresql"
    copied = opened(empty_pg)
    try:
        assert report_of(copied) == report_of(source)
    finally:
        copied.close()


@pytest.mark.sqlite_only
def test_round_trip_sqlite_postgresql_sqlite_is_identical(source, db_target, empty_pg, tmp_path):
    original_report = report_of(source)
    copy_database(empty_pg)
    source.close()
    middle = open_database(empty_pg, create=False)  # now the open database
    try:
        assert report_of(middle) == original_report
        copy_database(str(tmp_path / "back.sqlite"))
    finally:
        middle.close()
    back = opened(str(tmp_path / "back.sqlite"))
    try:
        assert report_of(back) == original_report
    finally:
        back.close()
    assert dealboard_rows(tmp_path / "back.sqlite") == dealboard_rows(db_target)


def test_phase_order_archive_and_history_are_exact(source, tmp_path):
    target = tmp_path / "copy.sqlite"
    copy_database(str(target))
    connection = sqlite3.connect(target)
    try:
        ordered = connection.execute(
            "SELECT name, probability, archived FROM phase ORDER BY position"
        ).fetchall()
        history = connection.execute(
            "SELECT deal_id, actor, at, kind, phase_id FROM deal_event ORDER BY id"
        ).fetchall()
    finally:
        connection.close()
    assert ordered == [
        ("Introduction", 10, 0),
        ("Negotiation", 75, 0),
        ("Presentation", 25, 0),
        ("Proposal", 50, 0),
        ("Legal review", 60, 1),
        ("Order", 100, 0),
    ]
    expected = [
        (e.deal_id, e.actor, str(e.at), e.kind, e.phase_id)
        for e in DealEvent.select().order_by(DealEvent.id)
    ]
    assert history == expected
    assert history[:3] == [
        (1, "ann", "2026-03-02 09:15:07.123456", "created", 1),
        (1, "bob", "2026-03-03 09:15:07.123456", "phase", Phase.get(Phase.name == "Proposal").id),
        (1, "cy", "2026-03-04 09:15:07.123456", "phase", 1),
    ]


def test_postgresql_ids_continue_after_the_copied_ones(source, empty_pg):
    copy_database(empty_pg)
    # The planner knows the copied rows (ANALYZE); blind, verifying took minutes.
    planned = query_rows(empty_pg, "SELECT reltuples FROM pg_class WHERE relname = 'deal_event'")
    assert planned[0]["reltuples"] > 0
    highest = {
        model: model.select(peewee.fn.MAX(model.id)).scalar() for model in (Deal, Phase, Reason)
    }
    saved = (database_proxy.obj, database_module._info)
    copied = open_database(empty_pg, create=False)
    try:
        deal = deals.create_deal("After the move", actor="ann", at=at(30))
        phase = phases.add_phase("Pilot", 40)
        reason = reasons.add_reason("Pilot went well", "accepted")
        assert deal.id == highest[Deal] + 1
        assert phase.id == highest[Phase] + 1
        assert reason.id == highest[Reason] + 1
        assert DealEvent.select().where(DealEvent.deal == deal.id).count() == 1
    finally:
        copied.close()
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]


def test_a_new_databases_defaults_are_replaced(source, db_target, tmp_path):
    target = tmp_path / "seeded.sqlite"
    saved = (database_proxy.obj, database_module._info)
    open_database(str(target), lang="nl").close()  # seeded in Dutch, as `init --lang nl` does
    database_proxy.initialize(saved[0])
    database_module._info = saved[1]
    copy_database(str(target))
    assert dealboard_rows(target) == dealboard_rows(db_target)


def test_progress_counts_every_row(source, tmp_path, monkeypatch):
    monkeypatch.setattr(copy_module, "BATCH_ROWS", 3)
    calls: list[tuple[int, int]] = []
    summary = copy_database(
        str(tmp_path / "copy.sqlite"), progress=lambda d, t: calls.append((d, t))
    )
    total = sum(summary.counts.values())
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) > 10  # in batches, not all at once
