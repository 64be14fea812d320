"""Deal rows another client stored in shapes the schema let through but dealboard cannot use.

They are written here as a database made before migration 0005 (or a client that dropped
its triggers) would hold them: every reader keeps working and shows the value marked,
`check` names each deal and field, and the migration keeps the rows while refusing new ones.
"""

from __future__ import annotations

import io
import sqlite3

import pytest

from models.csv.export import write_deals_csv
from models.operations import deals
from models.operations.lookup import find_deal
from models.queries.board import load_board
from models.queries.deal_views import deal_history, deal_to_dict, list_deals
from models.storage.maintenance import check_database
from models.storage.stored_values import BadValue
from tests.models.storage.foreign_rows import FOREIGN, NOW
from tests.models.storage.foreign_rows import foreign as foreign  # a fixture


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
