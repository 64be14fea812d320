"""`dealboard report`: conversion and days in phase in the table, the JSON and the CSV.

The database is the hand-built one of ``tests/models/reports/report_cases.py``, where the
numbers are worked out by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest

from tests.models.reports.report_cases import CONVERSION, TIME_IN_PHASE


@pytest.fixture
def hand_db(hand_file, cli_db, monkeypatch):
    """A copy of the hand-built database; the command line's today is its today, 2026-03-15."""
    shutil.copyfile(hand_file, cli_db)
    monkeypatch.setattr(
        "models.reports.management.utcnow", lambda: dt.datetime(2026, 3, 15, 10, 30)
    )
    return cli_db


def test_json_has_conversion_and_time_in_phase(run, hand_db):
    result = run("report", "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["conversion"] == CONVERSION
    # the time of day does not matter: open deals count up to the end of the report's day
    assert data["time_in_phase"] == TIME_IN_PHASE


def test_csv_has_a_row_per_metric(run, hand_db):
    result = run("report", "--format", "csv")
    assert result.code == 0, result.err
    rows = [
        row
        for row in csv.reader(io.StringIO(result.out))
        if row[0] in ("conversion", "time_in_phase")
    ]
    assert rows[:5] == [
        ["conversion", "Introduction", "next_phase", "Presentation"],
        ["conversion", "Introduction", "reached", "11"],
        ["conversion", "Introduction", "reached_next", "8"],
        ["conversion", "Introduction", "rate", "0.7273"],
        ["conversion", "Presentation", "next_phase", "Proposal"],
    ]
    assert len([row for row in rows if row[0] == "conversion"]) == 4 * 4
    times = {tuple(row[1:3]): row[3] for row in rows if row[0] == "time_in_phase"}
    assert times[("Presentation", "deals")] == "4"
    assert times[("Presentation", "average_days")] == "23.8"
    assert times[("Presentation", "median_days")] == "25.3"
    assert times[("Order", "average_days")] == ""  # null: no deal was there


def test_table_shows_conversion_and_days_in_phase(run, hand_db):
    result = run("report")
    assert result.code == 0, result.err
    out = result.out
    assert "Conversion (of the deals that reached a phase, those that reached the next)" in out
    assert "Days in phase (per deal, all its stays; open deals up to the end of today)" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["Introduction", "Presentation", "11", "8", "72.7%"] in lines
    assert ["Negotiation", "Order", "3", "0", "0.0%"] in lines
    days = out.split("Days in phase")[1].split("Reasons")[0]
    rows = [line.split() for line in days.splitlines()[3:]]  # after the title, header, rule
    assert rows[:3] == [
        ["Discovery", "1", "1.0", "1.0"],
        ["Introduction", "8", "17.4", "6.0"],
        ["Presentation", "4", "23.8", "25.3"],
    ]
    assert ["Order", "0", "–", "–"] in rows
