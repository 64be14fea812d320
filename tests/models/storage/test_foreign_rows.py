"""Deal rows another client stored in shapes the schema let through but dealboard cannot use.

They are written here as a database made before migration 0005 (or a client that dropped
its triggers) would hold them: every reader keeps working and shows the value marked,
`check` names each deal and field, and the migration keeps the rows while refusing new ones.
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest

from models.csv.export import write_deals_csv
from models.operations import deals
from models.operations.lookup import find_deal
from models.queries.board import load_board
from models.queries.deal_views import deal_history, deal_to_dict, list_deals
from models.storage.database import open_database
from models.storage.maintenance import check_database
from models.storage.schema import database_proxy
from models.storage.stored_values import BadValue

NOW = dt.datetime(2026, 6, 15, 12, 0)
FOREIGN = {  # deal title -> (column, stored SQL value, what check and the readers say)
    "Bad date": ("expected_close", "'2026-02-30'", "expected close '2026-02-30' is not a date."),
    "Bad amount": ("value_cents", "'abc'", "value 'abc' is not a whole number of cents."),
    "Bad title": ("title", "x'48656c6c6f'", "title x'48656c6c6f' is not text."),
    "Bad time": ("updated_at", "'yesterday'", "updated at 'yesterday' is not a date and time."),
    "Bad format": (
        "created_at",
        "'2026-01-01T10:00:00+01:00'",
        "created at '2026-01-01T10:00:00+01:00' is not a date and time.",
    ),
}


def drop_shape_triggers(path: Path) -> None:
    """Make the file what a database before migration 0005 was (the rows stay as they are)."""
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER deal_value_shapes_insert")
        conn.execute("DROP TRIGGER deal_value_shapes_update")
        conn.execute("DELETE FROM schema_migration WHERE name = '0005_deal_value_shapes'")
    conn.close()


@pytest.fixture
def foreign(db_path: Path) -> dict[str, int]:
    """A database holding one deal per kind of foreign value, plus one closed before created."""
    open_database(db_path)
    ids = {}
    for title in [*FOREIGN, "Closed early", "Fine"]:
        ids[title] = deals.create_deal(title, value="10", actor="t", at=NOW).id
    deals.accept_deal(ids["Closed early"], actor="t", at=NOW + dt.timedelta(days=1))
    database_proxy.obj.close()
    drop_shape_triggers(db_path)
    with sqlite3.connect(db_path) as conn:
        for title, (column, value, _) in FOREIGN.items():
            conn.execute(f"UPDATE deal SET {column} = {value} WHERE id = ?", (ids[title],))
        conn.execute(
            "UPDATE deal SET closed_at = '2020-01-01 00:00:00' WHERE id = ?", (ids["Closed early"],)
        )
    conn.close()
    open_database(db_path)  # applies migration 0005 over the rows already there
    return ids


def test_the_migration_keeps_existing_rows_as_they_were(foreign, db_path):
    with sqlite3.connect(db_path) as conn:
        stored = dict(conn.execute("SELECT id, typeof(value_cents) FROM deal").fetchall())
        applied = conn.execute(
            "SELECT COUNT(*) FROM schema_migration WHERE name = '0005_deal_value_shapes'"
        ).fetchone()[0]
    conn.close()
    assert applied == 1
    assert stored[foreign["Bad amount"]] == "text"


def test_every_reader_shows_the_bad_field_marked(foreign):
    for title, (column, _, said) in FOREIGN.items():
        data = deal_to_dict(find_deal(foreign[title]))
        problem = said.rsplit(" is ", 1)[1].rstrip(".")
        assert data["problems"] == {column: problem}, title
    amount = deal_to_dict(find_deal(foreign["Bad amount"]))
    assert amount["value"] == "'abc' ⚠ not a whole number of cents"
    assert amount["value_cents"] is None and amount["weighted_value"] is None
    assert deal_to_dict(find_deal(foreign["Bad date"]))["expected_close"] == (
        "'2026-02-30' ⚠ not a date"
    )
    assert deal_to_dict(find_deal(foreign["Bad title"]))["title"] == "x'48656c6c6f' ⚠ not text"
    assert "problems" not in deal_to_dict(find_deal(foreign["Fine"]))
    assert len(list_deals("all")) == len(foreign)
    assert deal_history(foreign["Bad time"])[0]["kind"] == "created"

    out = io.StringIO()
    assert write_deals_csv(out) == len(foreign)
    assert "'abc' ⚠ not a whole number of cents" in out.getvalue()

    board = load_board("all", NOW)
    cards = {card.id: card for column in board.columns for card in column.cards}
    assert cards[foreign["Bad amount"]].value_cents == 0
    assert "⚠ value 'abc' not a whole number of cents" in cards[foreign["Bad amount"]].title
    assert cards[foreign["Bad date"]].expected_close is None
    assert cards[foreign["Bad date"]].title.startswith("Bad date ⚠ expected close")
    assert cards[foreign["Bad title"]].title.startswith("Hello ⚠ title not text")


def test_a_bad_deal_can_be_edited_and_its_bad_value_replaced(foreign):
    deal_id = foreign["Bad amount"]
    deals.edit_deal(deal_id, {"note": "Checked"}, actor="t", at=NOW)
    assert isinstance(find_deal(deal_id).value_cents, BadValue)  # untouched until edited
    deals.edit_deal(deal_id, {"value": "12.50"}, actor="t", at=NOW)
    assert find_deal(deal_id).value_cents == 1250
    last = deal_history(deal_id)[-1]
    assert (last["field"], last["old_value"], last["new_value"]) == ("value", "abc", "12.50")


def test_check_names_each_deal_and_field(foreign):
    result = check_database()
    assert not result.healthy
    for title, (_, _, said) in FOREIGN.items():
        assert f"Deal #{foreign[title]}: {said}" in result.problems
    assert (
        f"Deal #{foreign['Closed early']}: closed at 2020-01-01 00:00:00 is before created at"
        " 2026-06-15 12:00:00."
    ) in result.problems


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("value_cents", "'abc'"),
        ("value_cents", "1.5"),
        ("title", "x'00'"),
        ("note", "x'41'"),
        ("expected_close", "'2026-02-30'"),
        ("expected_close", "'2026-2-3'"),
        ("created_at", "'2026-02-30 10:00:00'"),
        ("updated_at", "'2026-01-01T10:00:00'"),
        ("closed_at", "'2026-01-01 24:00:00'"),
    ],
)
def test_the_schema_refuses_new_values_of_the_wrong_shape(foreign, db_path, column, value):
    with sqlite3.connect(db_path) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="a deal needs whole-number cents"):
            conn.execute(f"UPDATE deal SET {column} = {value} WHERE id = ?", (foreign["Fine"],))
        conn.execute("UPDATE deal SET note = 'fine' WHERE id = ?", (foreign["Bad amount"],))
    conn.close()
