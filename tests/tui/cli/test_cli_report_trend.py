"""`dealboard report --months N`: the trend as a table, JSON and CSV; bad N refused.

The database is the hand-built one of ``tests/models/reports/report_cases.py`` (today
2026-03-15). Created in January D1 D2 D3 D5 D6 D7 D9 D10, in February D4 D8 D11 (D12 and
D13 are deleted). Won D1 01-20 (1234.56); D8 02-28 (99.99) and D10 02-20 (5000.00, reopened
and won again); lost D2 02-05 (2500.75), D11 02-11 (1.01, switched from won), D9 03-01
(777.77). February's average won value: 5099.99 / 2 = 2549.995 → 2550.00 (half up).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest

from tests.conftest import assert_readable, table_snapshot

THREE_MONTHS = [
    {
        "month": "2026-01",
        "created": 8,
        "won_count": 1,
        "won_value": "1234.56",
        "lost_count": 0,
        "lost_value": "0.00",
        "win_rate": 1.0,
        "average_won_value": "1234.56",
    },
    {
        "month": "2026-02",
        "created": 3,
        "won_count": 2,
        "won_value": "5099.99",
        "lost_count": 2,
        "lost_value": "2501.76",
        "win_rate": 0.5,
        "average_won_value": "2550.00",
    },
    {
        "month": "2026-03",
        "created": 0,
        "won_count": 0,
        "won_value": "0.00",
        "lost_count": 1,
        "lost_value": "777.77",
        "win_rate": 0.0,
        "average_won_value": None,
    },
]


@pytest.fixture
def hand_db(hand_file, cli_db, monkeypatch):
    """A copy of the hand-built database; the command line's clock on its today."""
    shutil.copyfile(hand_file, cli_db)
    monkeypatch.setattr("models.reports.management.utcnow", lambda: dt.datetime(2026, 3, 15, 12, 0))
    return cli_db


def test_json_trend_of_three_months(run, hand_db):
    result = run("report", "--format", "json", "--months", "3")
    assert result.code == 0, result.err
    assert result.json()["trend"] == THREE_MONTHS


def test_json_trend_is_twelve_months_by_default(run, hand_db):
    trend = run("report", "--format", "json").json()["trend"]
    assert [row["month"] for row in trend] == [
        *(f"2025-{number:02d}" for number in range(4, 13)),
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    assert trend[-3:] == THREE_MONTHS
    assert {row["created"] for row in trend[:9]} == {0}


def test_a_period_gives_its_own_months(run, hand_db):
    # February only: created D4 02-03, D8 02-01, D11 02-10; closed as above.
    result = run("report", "--format", "json", "--from", "2026-02-01", "--to", "2026-02-28")
    assert result.code == 0, result.err
    assert result.json()["trend"] == [THREE_MONTHS[1]]


def test_csv_trend_rows(run, hand_db):
    result = run("report", "--format", "csv", "--months", "3")
    assert result.code == 0, result.err
    rows = [row for row in csv.reader(io.StringIO(result.out)) if row[0] == "trend"]
    assert rows[7:14] == [
        ["trend", "2026-02", "created", "3"],
        ["trend", "2026-02", "won_count", "2"],
        ["trend", "2026-02", "won_value", "5099.99"],
        ["trend", "2026-02", "lost_count", "2"],
        ["trend", "2026-02", "lost_value", "2501.76"],
        ["trend", "2026-02", "win_rate", "0.5"],
        ["trend", "2026-02", "average_won_value", "2550.00"],
    ]
    assert ["trend", "2026-03", "average_won_value", ""] in rows
    assert len(rows) == 3 * 7


def test_table_trend(run, hand_db):
    result = run("report", "--months", "3")
    assert result.code == 0, result.err
    trend = result.out.split("Trend by month (deals created; won and lost by the month they")[1]
    lines = [line.split() for line in trend.splitlines() if line[:4] == "2026"]
    assert lines == [
        ["2026-01", "8", "1", "€1,234.56", "0", "€0.00", "100.0%", "€1,234.56"],
        ["2026-02", "3", "2", "€5,099.99", "2", "€2,501.76", "50.0%", "€2,550.00"],
        ["2026-03", "0", "0", "€0.00", "1", "€777.77", "0.0%", "–"],
    ]


@pytest.mark.parametrize("months", ["0", "121", "-1", "abc", "2.5", ""])
def test_bad_months_are_refused_and_nothing_is_written(run, hand_db, months):
    before_rows = table_snapshot(hand_db)
    before_bytes = hand_db.read_bytes()
    result = run("report", "--format", "json", "--months", months)
    assert result.code == 1
    assert result.out == ""
    assert "Traceback" not in result.err
    assert result.err == ("dealboard: The number of months must be a whole number from 1 to 120.\n")
    assert_readable(result.err.removeprefix("dealboard: ").rstrip("\n"))
    assert table_snapshot(hand_db) == before_rows
    assert hand_db.read_bytes() == before_bytes


def test_months_1_and_120_are_accepted(run, hand_db):
    assert [
        row["month"] for row in run("report", "--format", "json", "--months", "1").json()["trend"]
    ] == ["2026-03"]
    trend = run("report", "--format", "json", "--months", "120").json()["trend"]
    assert len(trend) == 120 and trend[0]["month"] == "2016-04"
