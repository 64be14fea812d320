"""`check` names deals closed before they were created and times and dates that do not exist.

Each finding names the deal and the field, in a sentence and with stable keys for
``dealboard check --json``. SQLite rows are written as another client (the ``sqlite3`` shell)
would have before migration 0005; on PostgreSQL the typed columns refuse such times and
dates, but a deal closed before it was created is possible on both.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from models.operations import deals
from models.storage.database import open_database
from models.storage.foreign_rows import MAX_LISTED
from models.storage.maintenance import check_database
from models.storage.schema import database_proxy
from tests.models.storage.foreign_rows import drop_shape_triggers

NOW = dt.datetime(2026, 6, 15, 12, 0)
KEYS = {
    "deal",
    "history_line",
    "field",
    "value",
    "problem",
    "related_field",
    "related_value",
    "message",
}


def finding(deal: int, field: str, value: str, problem: str, message: str, **extra: object):
    """The JSON form of one finding, with every key."""
    return {
        "deal": deal,
        "history_line": None,
        "field": field,
        "value": value,
        "problem": problem,
        "related_field": None,
        "related_value": None,
        "message": message,
        **extra,
    }


def test_times_and_dates_not_in_the_stored_format_are_named(db_path: Path):
    open_database(db_path)
    ids = [deals.create_deal(f"Deal {n}", actor="t", at=NOW).id for n in range(6)]
    deals.accept_deal(ids[3], actor="t", at=NOW)
    database_proxy.obj.close()
    drop_shape_triggers(db_path)
    with sqlite3.connect(db_path) as conn:
        for deal_id, column, value in (
            (ids[0], "created_at", "2026-13-01 00:00:00"),
            (ids[1], "updated_at", "2026-02-01T10:00"),
            (ids[2], "deleted_at", "1 Feb 2026"),
            (ids[3], "closed_at", "2026-02-01T10:00"),
            (ids[4], "expected_close", "2026-02-30"),
        ):
            conn.execute(f"UPDATE deal SET {column} = ? WHERE id = ?", (value, deal_id))
        conn.execute("UPDATE deal_event SET at = '1 Feb 2026' WHERE deal_id = ?", (ids[5],))
        event = conn.execute("SELECT id FROM deal_event WHERE deal_id = ?", (ids[5],)).fetchone()
    conn.close()
    open_database(db_path)

    result = check_database()

    time = "not_a_timestamp"
    expected = [
        finding(
            ids[0],
            "created_at",
            "2026-13-01 00:00:00",
            time,
            f"Deal #{ids[0]}: created at '2026-13-01 00:00:00' is not a date and time.",
        ),
        finding(
            ids[1],
            "updated_at",
            "2026-02-01T10:00",
            time,
            f"Deal #{ids[1]}: updated at '2026-02-01T10:00' is not a date and time.",
        ),
        finding(
            ids[2],
            "deleted_at",
            "1 Feb 2026",
            time,
            f"Deal #{ids[2]}: deleted at '1 Feb 2026' is not a date and time.",
        ),
        finding(
            ids[3],
            "closed_at",
            "2026-02-01T10:00",
            time,
            f"Deal #{ids[3]}: closed at '2026-02-01T10:00' is not a date and time.",
        ),
        finding(
            ids[4],
            "expected_close",
            "2026-02-30",
            "not_a_date",
            f"Deal #{ids[4]}: expected close '2026-02-30' is not a date.",
        ),
        finding(
            ids[5],
            "at",
            "1 Feb 2026",
            time,
            f"Deal #{ids[5]}, history line {event[0]}: time '1 Feb 2026' is not a date and time.",
            history_line=event[0],
        ),
    ]
    assert not result.healthy
    assert result.findings == expected
    assert result.findings_left_off == 0
    assert [problem for problem in result.problems if problem.startswith("Deal #")] == [
        item["message"] for item in expected
    ]


def test_a_deal_closed_before_it_was_created_is_named_with_both_times(db, raw):
    fine = deals.create_deal("Fine", actor="t", at=NOW)
    deals.accept_deal(fine.id, actor="t", at=NOW + dt.timedelta(days=2))
    early = deals.create_deal("Clock was off", actor="t", at=NOW)
    deals.accept_deal(early.id, actor="t", at=NOW + dt.timedelta(days=1))
    raw.execute("UPDATE deal SET closed_at = ? WHERE id = ?", ("2026-06-14 08:30:00", early.id))

    result = check_database()

    message = (
        f"Deal #{early.id}: closed at 2026-06-14 08:30:00 is before created at 2026-06-15 12:00:00."
    )
    assert not result.healthy
    assert result.problems == [message]
    assert result.findings == [
        finding(
            early.id,
            "closed_at",
            "2026-06-14 08:30:00",
            "closed_before_created",
            message,
            related_field="created_at",
            related_value="2026-06-15 12:00:00",
        )
    ]
    assert all(set(item) == KEYS for item in result.findings)


def test_a_healthy_database_has_no_findings(db):
    deals.accept_deal(deals.create_deal("Fine", actor="t", at=NOW).id, actor="t", at=NOW)
    result = check_database()
    assert result.healthy and result.findings == [] and result.findings_left_off == 0


def test_json_lists_the_first_findings_and_counts_the_rest(db_path: Path):
    open_database(db_path)
    deal = deals.create_deal("Busy", actor="t", at=NOW)
    for n in range(MAX_LISTED + 1):
        deals.edit_deal(deal.id, {"note": f"Note {n}"}, actor="t", at=NOW)
    database_proxy.obj.close()
    with sqlite3.connect(db_path) as conn:  # no trigger guards history times
        conn.execute("UPDATE deal_event SET at = 'yesterday'")
        events = conn.execute("SELECT COUNT(*) FROM deal_event").fetchone()[0]
    conn.close()
    open_database(db_path)

    result = check_database()

    assert events == MAX_LISTED + 2  # created, and one line per edit
    assert len(result.findings) == MAX_LISTED
    assert result.findings_left_off == 2
    assert result.problems[-1] == "… and 2 more values stored in a shape dealboard cannot use."
    assert {item["problem"] for item in result.findings} == {"not_a_timestamp"}
