"""Money sums stay exact at the worst case: thousands of deals at the largest allowed value.

SQLite's SUM stops at 2**63 with "integer overflow"; 9,400 deals of the maximum pass that.
"""

from __future__ import annotations

import datetime as dt

import peewee

from models.domain.validation import MAX_CENTS
from models.queries.board import load_board
from models.queries.deal_views import phase_overview
from models.reports.management import ReportFilter, build_report
from models.storage.schema import Phase

DEALS = 9_400
NOW = dt.datetime(2026, 6, 15, 12, 0)


def fill(db: peewee.Database, status: str) -> tuple[int, int]:
    """Insert ``DEALS`` deals of ``MAX_CENTS`` in the first phase; return its id and probability."""
    phase = Phase.select().order_by(Phase.position).first()
    closed = status != "open"
    sql = (
        "INSERT INTO deal (title, value_cents, phase_id, status, probability_at_close,"
        " expected_close, created_at, updated_at, closed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ).replace("?", db.param)
    rows = [
        (
            f"Deal {index}",
            MAX_CENTS,
            phase.id,
            status,
            100 if closed else None,
            dt.date(2026, 7, 1),
            NOW - dt.timedelta(days=2),
            NOW - dt.timedelta(days=1),
            NOW - dt.timedelta(days=1) if closed else None,
        )
        for index in range(DEALS)
    ]
    with db.atomic():
        cursor = db.cursor()
        cursor.executemany(sql, rows)
    return phase.id, phase.probability


def weighted(probability: int) -> int:
    return DEALS * ((MAX_CENTS * probability + 50) // 100)


def test_open_sums_at_the_maximum_are_exact(db):
    phase_id, probability = fill(db, "open")
    assert DEALS * MAX_CENTS > 2**63  # the worst case really passes SQLite's integer range
    row = next(row for row in phase_overview() if row["id"] == phase_id)
    assert row["open_value_cents"] == DEALS * MAX_CENTS
    assert row["weighted_value_cents"] == weighted(probability)
    report = build_report(ReportFilter(today=dt.date(2026, 8, 1)))
    assert report["pipeline"]["total"]["open_value"] == DEALS * MAX_CENTS
    assert report["pipeline"]["total"]["weighted_value"] == weighted(probability)
    assert report["overdue"]["value"] == DEALS * MAX_CENTS
    assert report["overdue"]["weighted_value"] == weighted(probability)
    assert report["forecast"] == []  # every deal was due 07-01: overdue, not forecast
    on_the_day = build_report(ReportFilter(today=dt.date(2026, 7, 1)))
    assert on_the_day["forecast"][0]["weighted_value"] == weighted(probability)
    board = load_board("open", NOW, first=20)
    assert board.summary.open_cents == DEALS * MAX_CENTS
    assert board.summary.weighted_cents == weighted(probability)


def test_closed_sums_at_the_maximum_are_exact(db):
    fill(db, "accepted")
    board = load_board("accepted", NOW, first=20)
    assert board.summary.won_this_month_cents == DEALS * MAX_CENTS
    assert sum(column.total_cents for column in board.columns) == DEALS * MAX_CENTS
    report = build_report(ReportFilter(today=NOW.date()))
    won = sum(row["accepted_value"] for row in report["outcomes_by_phase"])
    assert won == DEALS * MAX_CENTS
    assert report["reasons"][0]["value"] == DEALS * MAX_CENTS
