"""`dealboard report`: tables, CSV and JSON of the management information; bad filters refused.

The database is the small hand-built one of ``tests/models/reports/report_cases.py``, whose answers
are worked out by hand there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest

from tests.conftest import assert_readable, table_snapshot
from tests.models.reports.report_cases import DAYS_TO_CLOSE, REPORT_KEYS
from tests.tui.cli.conftest import run_process


@pytest.fixture
def hand_db(hand_file, cli_db):
    """A copy of the hand-built database at the command line's database path."""
    shutil.copyfile(hand_file, cli_db)
    return cli_db


def test_table_shows_every_section(run, hand_db):
    result = run("report")
    assert result.code == 0, result.err
    assert result.err == ""
    for title in (
        "Management information",
        "Pipeline now (open deals)",
        "Won and lost by phase at close",
        "Funnel (deals that reached each phase)",
        "Calibration (configured vs actual; * = fewer than 10 deals)",
        "Reasons",
        "Lost to competitors",
        "Forecast (open deals by expected close month)",
        "Overdue:",
        "Win rate",
        "Average days from creation to close: 28.5",
    ):
        assert title in result.out, title
    lines = result.out.splitlines()
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split() == ["Total", "5", "€2,394.43", "€457.63"]
    pilot = [line.split() for line in lines if line.startswith("Pilot")]
    # calibration: 1 of 3, too few to judge; Wilson 95 % interval 0.0615–0.7923
    assert ["Pilot", "60%", "33.3%*", "1", "3", "6.2–79.2%", "–"] in pilot
    assert "Overall: 50.0% (3 won of 6 closed)" in result.out
    assert "(no reason)" in result.out and "Rivalsoft" in result.out


def test_table_shows_where_why_to_whom_how_fast_and_corrections(run, hand_db):
    result = run("report")
    assert result.code == 0, result.err
    lines = [line.split() for line in result.out.splitlines()]
    for title in (
        "Closed by phase: outcome and reason",
        "Lost to competitors by phase",
        "Forecast accuracy (won deals with an expected close date)",
        "Corrections",
    ):
        assert title in result.out, title
    assert ["Pilot", "lost", "No", "budget", "1", "€777.77"] in lines
    assert ["Proposal", "won", "(no", "reason)", "1", "€99.99"] in lines
    assert ["Negotiation", "Rivalsoft", "1", "€2,500.75"] in lines
    assert ["bob", "2", "40.0"] in lines  # days to close per owner
    assert ["web", "3", "21.8"] in lines  # per source
    assert ["Negotiation", "2", "39.5"] in lines  # per phase at close
    assert "0 of 0 closed after their expected date, on average – days late." in result.out
    assert "Outcomes undone (reopened): 1; corrected (switched): 1." in result.out


def test_table_names_the_filters(run, hand_db):
    result = run("report", "--owner", "ann", "--from", "2026-02-01", "--min-deals", "3")
    assert result.code == 0, result.err
    assert result.out.startswith("Management information (from 2026-02-01, owner ann)\n")
    assert "* = fewer than 3 deals" in result.out


def test_json_has_the_design_keys_and_exact_amounts(run, hand_db):
    result = run("report", "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert set(data) >= REPORT_KEYS
    assert data["currency"] == "EUR"
    assert data["pipeline"]["total"] == {
        "open_count": 5,
        "open_value": "2394.43",
        "weighted_value": "457.63",
    }
    assert data["competitors"][0] == {"competitor": "Rivalsoft", "count": 2, "value": "2501.76"}
    assert data["win_rate"]["overall"] == {"closed": 6, "won": 3, "rate": 0.5}
    assert data["calibration"][-1]["actual_win_rate"] is None
    assert data["calibration"][-1]["too_few"] is True
    assert data["days_to_close"] == {**DAYS_TO_CLOSE, "average": 28.5}
    assert data["filters"]["min_deals"] == 10


def test_csv_rows_match_the_json(run, hand_db):
    data = run("report", "--format", "json").json()
    result = run("report", "--format", "csv")
    assert result.code == 0, result.err
    table = list(csv.reader(io.StringIO(result.out)))
    assert table[0] == ["section", "name", "metric", "value"]
    values = {tuple(row[:3]): row[3] for row in table[1:]}
    assert values[("pipeline", "total", "open_value")] == data["pipeline"]["total"]["open_value"]
    assert values[("funnel", "Presentation", "reached")] == str(data["funnel"][2]["reached"])
    assert values[("calibration", "Pilot", "actual_win_rate")] == "0.3333"
    assert values[("win_rate", "source: web", "rate")] == "0.3333"
    assert values[("reasons", "(no reason) (accepted)", "value")] == "99.99"


def test_forecast_starts_today_and_overdue_states_value_and_weighted(run, hand_db, monkeypatch):
    # The command line takes today from utcnow: 2026-03-15, the hand-built database's today.
    monkeypatch.setattr(
        "models.reports.management.utcnow", lambda: dt.datetime(2026, 3, 15, 23, 59)
    )
    result = run("report")
    assert result.code == 0, result.err
    forecast = result.out.split("Forecast (open deals by expected close month)")[1]
    forecast = forecast.split("Win rate")[0]
    months = [line.split() for line in forecast.splitlines() if line[:4] == "2026"]
    # D6 (due 03-01) is overdue, not March's: March is D7 alone, due today (5005 × 10 %).
    assert months == [
        ["2026-03", "1", "€5.01"],
        ["2026-04", "1", "€250.01"],
        ["2026-05", "1", "€100.00"],
    ]
    assert (
        "Overdue: 1 open deals past their expected close date,"
        " value €1,001.01, weighted €100.10." in forecast
    )
    data = run("report", "--format", "json").json()
    assert data["overdue"] == {"count": 1, "value": "1001.01", "weighted_value": "100.10"}
    assert [row["month"] for row in data["forecast"]] == ["2026-03", "2026-04", "2026-05"]
    values = {
        tuple(row[:3]): row[3]
        for row in csv.reader(io.StringIO(run("report", "--format", "csv").out))
    }
    assert values[("overdue", "open deals", "weighted_value")] == "100.10"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--from", "2026-02-01", "--to", "2026-02-28"), {"closed": 4, "won": 2, "rate": 0.5}),
        (("--from", "2026-03-01", "--to", "2026-03-01"), {"closed": 1, "won": 0, "rate": 0.0}),
        (("--owner", "ann"), {"closed": 4, "won": 3, "rate": 0.75}),
        (("--source", "fair"), {"closed": 3, "won": 2, "rate": 0.6667}),
        (("--owner", "bob", "--to", "2026-01-31"), {"closed": 0, "won": 0, "rate": None}),
    ],
)
def test_filters(run, hand_db, args, expected):
    result = run("report", "--format", "json", *args)
    assert result.code == 0, result.err
    assert result.json()["win_rate"]["overall"] == expected


def test_min_deals_flags_calibration_rates(run, hand_db):
    data = run("report", "--format", "json", "--min-deals", "3").json()
    assert [row["too_few"] for row in data["calibration"]] == [
        False,  # Discovery 6
        False,  # Introduction 6
        False,  # Presentation 5
        False,  # Proposal 4
        False,  # Pilot 3
        True,  # Negotiation 2
        True,  # Order 0
    ]


BAD_INPUT = [
    (("--from", "2026-03-01", "--to", "2026-02-01"), "The period starts (2026-03-01) after"),
    (("--owner", "nobody"), "No deal has owner 'nobody'; known: ann, bob."),
    (("--owner", "carl"), "No deal has owner 'carl'"),  # only a deleted deal has him
    (("--source", "radio"), "No deal has source 'radio'; known: fair, web."),
    (("--from", "01-02-2026"), "write it as YYYY-MM-DD"),
    (("--to", "2026-02-31"), "2026-02-31 is not a real date"),
    (("--from", "yesterday"), "write it as YYYY-MM-DD"),
    (("--min-deals", "abc"), "whole number of 1 or more"),
    (("--min-deals", "0"), "whole number of 1 or more"),
]


def assert_refused(code, out, err, expected):
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("dealboard: "), err
    message = err.removeprefix("dealboard: ").rstrip("\n")
    assert_readable(message)
    assert expected in message


@pytest.mark.parametrize(("args", "expected"), BAD_INPUT)
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_bad_input_is_refused_and_nothing_is_written(run, hand_db, args, expected, fmt):
    before_rows = table_snapshot(hand_db)
    before_bytes = hand_db.read_bytes()
    result = run("report", "--format", fmt, *args)
    assert_refused(result.code, result.out, result.err, expected)
    assert table_snapshot(hand_db) == before_rows
    assert hand_db.read_bytes() == before_bytes


def test_bad_input_in_a_real_process(hand_db):
    before_rows = table_snapshot(hand_db)
    before_bytes = hand_db.read_bytes()
    result = run_process(
        "report",
        "--format",
        "csv",
        "--from",
        "2026-03-01",
        "--to",
        "2026-02-01",
        "--db",
        str(hand_db),
    )
    assert_refused(result.returncode, result.stdout, result.stderr, "after it ends (2026-02-01).")
    assert table_snapshot(hand_db) == before_rows
    assert hand_db.read_bytes() == before_bytes


def test_empty_database_reports_zeros(run):
    result = run("report", "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["pipeline"]["total"] == {
        "open_count": 0,
        "open_value": "0.00",
        "weighted_value": "0.00",
    }
    assert data["win_rate"]["overall"] == {"closed": 0, "won": 0, "rate": None}
    assert data["days_to_close"] == {
        "average": None,
        "by_owner": [],
        "by_source": [],
        "by_phase": [],
    }
    assert [row["share"] for row in data["funnel"]] == [None] * 5
    table = run("report")
    assert table.code == 0, table.err
    assert "Overall: – (0 won of 0 closed)" in table.out
    assert "Average days from creation to close: –" in table.out
