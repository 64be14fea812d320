"""`dealboard report --as-of`: the pipeline at the end of a past day, as a table, CSV and JSON.

The database is the twelve-deal story of ``tests/models/reports/test_report_as_of.py``, whose
numbers are worked out by hand there; the command line's today is 2026-03-01.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest

from models.storage.database import open_database
from tests.models.reports.as_of_story import build_history


@pytest.fixture(scope="module")
def story_file(tmp_path_factory):
    """The story's database, built once for the module."""
    path = tmp_path_factory.mktemp("as_of") / "story.sqlite"
    database = open_database(path)
    try:
        build_history()
    finally:
        database.close()
    return path


@pytest.fixture
def story_db(story_file, cli_db, monkeypatch):
    """A copy of the story at the command line's database path; today is 2026-03-01."""
    shutil.copyfile(story_file, cli_db)
    monkeypatch.setattr("models.reports.as_of.utcnow", lambda: dt.datetime(2026, 3, 1, 10, 0))
    return cli_db


def test_json_has_the_day_filters_and_pipeline(run, story_db):
    result = run("report", "--as-of", "2026-02-01", "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert set(data) == {"as_of", "currency", "filters", "pipeline"}
    assert data["as_of"] == "2026-02-01"
    assert data["currency"] == "EUR"
    assert data["filters"] == {"owner": None, "source": None}
    assert data["pipeline"]["phases"][0] == {
        "phase": "Introduction",
        "probability": 10,
        "open_count": 2,
        "open_value": "1012.35",
        "weighted_value": "101.24",
    }
    assert [row["phase"] for row in data["pipeline"]["phases"]] == [
        "Introduction",
        "Presentation",
        "Proposal",
        "Negotiation",
        "Order",
    ]
    assert data["pipeline"]["total"] == {
        "open_count": 9,
        "open_value": "2042.35",
        "weighted_value": "518.24",
    }


def test_table_lists_each_phase_and_the_total(run, story_db):
    result = run("report", "--as-of", "2026-02-01", "--owner", "ann")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Pipeline at the end of 2026-02-01 (owner ann)"
    rows = [line.split() for line in lines]
    assert ["Introduction", "10%", "2", "€1,012.35", "€101.24"] in rows
    assert ["Negotiation", "75%", "1", "€100.00", "€75.00"] in rows
    assert ["Total", "5", "€1,532.35", "€301.24"] in rows
    assert not any(row[:1] == ["Order"] for row in rows)  # archived, and none of ann's deals


def test_csv_has_the_day_then_the_pipeline_rows(run, story_db):
    result = run("report", "--as-of", "2026-01-10", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == ["section", "name", "metric", "value"]
    assert rows[1] == ["as_of", "", "date", "2026-01-10"]
    assert ["pipeline", "Introduction", "open_count", "3"] in rows
    assert ["pipeline", "Presentation", "weighted_value", "55.00"] in rows
    assert ["pipeline", "total", "open_value", "1280.00"] in rows
    assert ["pipeline", "total", "weighted_value", "161.00"] in rows


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-03-02", "2026-03-02 is in the future (today is 2026-03-01)"),
        ("2026-01-04", "No deal existed yet at the end of 2026-01-04"),
        ("2026-13-01", "is not a real date"),
        ("yesterday", "is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_days_that_cannot_be_rebuilt_are_refused(run, story_db, day, message):
    result = run("report", "--as-of", day)
    assert result.code != 0
    assert message in result.err
    assert result.out == ""


def test_a_period_does_not_apply_to_one_day(run, story_db):
    result = run("report", "--as-of", "2026-02-01", "--from", "2026-01-01")
    assert result.code != 0
    assert "--from and --to do not apply" in result.err


def test_an_unknown_owner_is_refused(run, story_db):
    result = run("report", "--as-of", "2026-02-01", "--owner", "zed")
    assert result.code != 0
    assert "No deal has owner" in result.err
