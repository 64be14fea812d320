"""Migration 0010 adds ``deal.next_step`` and ``deal.next_step_date``, refused in a bad shape.

A database made by today's code is turned back into what 0001–0009 left (the two columns
dropped, no record of 0010); opening it runs 0010 again and keeps every deal as it was, with
no next step. Whatever client writes, a next step date that is not a real date is refused:
by the typed column on PostgreSQL, by the migration's triggers on SQLite.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.operations.deals import create_deal, edit_deal
from models.storage.database import open_database
from tests.backends import RawIntegrityError, query_rows
from tests.models.storage.later_migrations import undo_next_step, undo_report_tally

AT = dt.datetime(2026, 3, 2, 9, 0)


def test_0010_adds_empty_next_steps_to_an_existing_database(db_target):
    database = open_database(db_target)
    kept = create_deal("Kept", actor="t", value="12", at=AT).id
    with database.atomic():
        undo_report_tally(database)  # what the later 0011 made
        undo_next_step(database)
    database.close()
    before = query_rows(db_target, "SELECT id, title, value_cents, version FROM deal")
    open_database(db_target)
    after = query_rows(
        db_target, "SELECT id, title, value_cents, version, next_step, next_step_date FROM deal"
    )
    assert after == [{**before[0], "next_step": None, "next_step_date": None}]
    assert query_rows(
        db_target, "SELECT name FROM schema_migration WHERE name = '0010_next_step'"
    ) == [{"name": "0010_next_step"}]
    edit_deal(kept, {"next_step": "Call", "next_step_date": "2026-03-05"}, actor="t", at=AT)
    assert query_rows(db_target, "SELECT next_step FROM deal") == [{"next_step": "Call"}]


@pytest.mark.parametrize("value", ["2026-02-30", "soon"])
def test_a_next_step_date_that_is_no_date_is_refused_from_any_client(db, raw, value):
    deal = create_deal("Raw", actor="t", at=AT).id
    refused: type[Exception] = RawIntegrityError
    if raw.postgres:  # the typed column: not a date at all
        import psycopg2

        refused = psycopg2.DataError
    with pytest.raises(refused):
        raw.execute(
            "UPDATE deal SET next_step = 'Call', next_step_date = ? WHERE id = ?", [value, deal]
        )
    raw.execute(
        "UPDATE deal SET next_step = 'Call', next_step_date = '2026-02-28' WHERE id = ?", [deal]
    )
    rows = raw.execute("SELECT next_step, next_step_date FROM deal").fetchall()
    assert [(row[0], str(row[1])) for row in rows] == [("Call", "2026-02-28")]


@pytest.mark.sqlite_only
def test_a_next_step_that_is_not_text_is_refused_on_sqlite(db, raw):
    deal = create_deal("Raw", actor="t", at=AT).id
    with pytest.raises(RawIntegrityError, match="next step as text"):
        raw.execute("UPDATE deal SET next_step = x'41' WHERE id = ?", [deal])
    with pytest.raises(RawIntegrityError, match="next step date as a real date"):
        # PostgreSQL reads this as 2026-02-03; SQLite would keep text that sorts wrongly.
        raw.execute("UPDATE deal SET next_step_date = '2026-2-3' WHERE id = ?", [deal])
    with pytest.raises(RawIntegrityError, match="next step as text"):
        raw.execute(
            "INSERT INTO deal (title, phase_id, status, value_cents, created_at, updated_at,"
            " next_step_date) SELECT 'x', phase_id, status, 0, created_at, updated_at,"
            " '2026-13-01' FROM deal"
        )
