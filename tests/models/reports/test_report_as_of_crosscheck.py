"""The as-of pipeline agrees with undoing the history in plain Python, on the demo deals.

The SQL reads each value from the first change after the day's end; this check goes the
other way: it starts from each deal as it is now and undoes its changes after the day's end,
newest first, one event at a time.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from models.reports.as_of import build_as_of, day_end
from models.storage.database import open_database
from tests.backends import copy_sqlite_to_postgres, fresh_pg_database
from tests.models.conftest import REPORT_DEMO_NOW

DEMO_NOW = REPORT_DEMO_NOW
DAYS = [dt.date(2025, 3, 31), dt.date(2025, 10, 1), dt.date(2026, 1, 31), dt.date(2026, 3, 1)]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory, report_demo):
    """A demo database: 18 months of moves, edits, closes, reopens, deletes and restores.

    A copy of the demo the section cross-check reads (tests/models/conftest.py).
    """
    path = tmp_path_factory.mktemp("as_of") / "demo.sqlite"
    shutil.copyfile(report_demo, path)
    return path


@pytest.fixture(scope="module")
def demo_on_postgres(demo_file, pg_server_url):
    """The same demo copied row for row into a PostgreSQL database."""
    with fresh_pg_database(pg_server_url) as url:
        copy_sqlite_to_postgres(demo_file, url)
        yield url


def stamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def expected(path, day: dt.date, owner: str | None = None) -> dict[str, tuple[int, int, int]]:
    """Open deals per phase at the end of ``day`` (UTC), by undoing later history."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        phases = [dict(r) for r in connection.execute("SELECT * FROM phase")]
        deals = [dict(r) for r in connection.execute("SELECT * FROM deal")]
        events = defaultdict(list)
        for row in connection.execute("SELECT * FROM deal_event ORDER BY at, id"):
            events[row["deal_id"]].append(dict(row))
    finally:
        connection.close()
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    probability = {p["id"]: p["probability"] for p in phases}
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for deal in deals:
        if stamp(deal["created_at"]) >= end:
            continue
        state = {
            "phase": deal["phase_id"],
            "status": deal["status"],
            "deleted": deal["deleted_at"] is not None,
            "value": deal["value_cents"],
            "probability_override": deal["probability_override"],
            "owner": deal["owner"],
        }
        history = events[deal["id"]]
        entered = [e for e in history if e["kind"] in ("created", "phase") and e["phase_id"]]
        for event in reversed(history):
            if stamp(event["at"]) < end:
                break
            old = event["old_value"]
            if event["kind"] == "status":
                state["status"] = old
            elif event["kind"] in ("deleted", "restored"):
                state["deleted"] = event["kind"] == "restored"
            elif event["kind"] == "phase":
                before = entered[: entered.index(event)]
                state["phase"] = before[-1]["phase_id"]
            elif event["field"] == "value":
                state["value"] = int(Decimal(old) * 100)
            elif event["field"] == "probability_override":
                state["probability_override"] = None if old is None else int(old)
            elif event["field"] == "owner":
                state["owner"] = old or ""
        if state["status"] != "open" or state["deleted"]:
            continue
        if owner is not None and state["owner"] != owner:
            continue
        chance = state["probability_override"]
        if chance is None:
            chance = probability[state["phase"]]
        weighted = (Decimal(state["value"]) * chance / 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        row = totals[state["phase"]]
        row[0] += 1
        row[1] += state["value"]
        row[2] += int(weighted)
    listed = sorted(phases, key=lambda p: (p["position"], p["id"]))
    return {
        p["name"]: tuple(totals[p["id"]]) for p in listed if not p["archived"] or totals[p["id"]][0]
    }


@pytest.mark.parametrize("day", DAYS)
def test_as_of_agrees_with_undoing_the_history(demo_file, day, backend, request):
    if backend == "postgresql":
        open_database(request.getfixturevalue("demo_on_postgres"))
    else:
        open_database(demo_file)
    assert day_end(day) == dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    report = build_as_of(day)
    actual = {
        row["phase"]: (row["open_count"], row["open_value"], row["weighted_value"])
        for row in report["pipeline"]["phases"]
    }
    assert actual == expected(demo_file, day)
    assert report["pipeline"]["total"]["open_count"] == sum(row[0] for row in actual.values())
    assert report["pipeline"]["total"]["open_count"] > 0


def test_as_of_owner_agrees_with_undoing_the_history(demo_file, backend, request):
    if backend == "postgresql":
        open_database(request.getfixturevalue("demo_on_postgres"))
    else:
        open_database(demo_file)
    day = dt.date(2025, 10, 1)
    want = expected(demo_file, day, owner="Daan Bakker")
    report = build_as_of(day, owner="Daan Bakker")
    actual = {
        row["phase"]: (row["open_count"], row["open_value"], row["weighted_value"])
        for row in report["pipeline"]["phases"]
    }
    assert actual == want
    assert sum(row[0] for row in want.values()) > 0
