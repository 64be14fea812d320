"""Prepared statements (models.operations.prepared): the same rows as peewee's own queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import peewee
import pytest

from models.demo.build import build_demo
from models.operations import prepared
from models.operations.deals import move_deal
from models.operations.lookup import all_phases, deal_phase, find_deal
from models.storage.schema import Deal, Phase
from models.storage.stored_values import BadValue

NOW = dt.datetime(2026, 6, 30, 12)
# The rows of the 120-deal demo below (seed 11, NOW), as the operations wrote them before
# their statements were prepared: a change that writes other rows fails here. When the demo
# plan or an operation is changed on purpose, check the new rows and record their digest.
DEMO_DIGEST = "feaaf26fa376a562ddbc41b4a200f6cde4968f20152ee95dd0c51c7591ac25c8"


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (bar the migration log, which says when it ran), by id."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name <> 'schema_migration' ORDER BY name"
            )
        ]
        rows = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            order = "id" if "id" in columns else ", ".join(columns)
            rows[table] = connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
        return rows
    finally:
        connection.close()


def digest(rows: dict[str, list[tuple]]) -> str:
    """A SHA-256 of the tables' rows, types included (1, '1' and 1.0 differ)."""
    hashed = hashlib.sha256()
    for table, found in rows.items():
        hashed.update(table.encode())
        for row in found:
            hashed.update(repr(row).encode())
    return hashed.hexdigest()


def test_the_replayed_demo_writes_the_rows_it_always_wrote(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    build_demo(path, deals=120, seed=11, now=NOW)
    rows = table_rows(path)
    assert len(rows["deal"]) == 120 and rows["deal_event"] and rows["report_tally"]
    assert digest(rows) == DEMO_DIGEST


class _NothingKept(dict):
    """A statement cache that keeps nothing: peewee builds every statement itself."""

    def get(self, key: object, default: object = None) -> None:  # type: ignore[override]
        return None


def test_prepared_statements_write_what_peewee_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_demo(tmp_path / "prepared.sqlite", deals=60, seed=3, now=NOW)
    monkeypatch.setattr(prepared, "_SQL", _NothingKept())
    build_demo(tmp_path / "peewee.sqlite", deals=60, seed=3, now=NOW)
    assert table_rows(tmp_path / "prepared.sqlite") == table_rows(tmp_path / "peewee.sqlite")


def test_every_statement_the_demo_runs_is_prepared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept: dict = {}
    monkeypatch.setattr(prepared, "_SQL", kept)
    build_demo(tmp_path / "demo.sqlite", deals=60, seed=3, now=NOW)
    assert prepared.uncached() == []
    shapes = {shape[0] for _kind, shape in kept}
    assert shapes == {"insert", "insert rows", "update", "select"}


def test_a_statement_whose_parameters_differ_from_peewees_is_left_to_peewee(
    db: peewee.Database, make_deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = make_deal("Roof", at=NOW)
    # As if peewee converted a value otherwise than the field's db_value: its SQL is not kept,
    # and peewee's own statement (with its own parameters) runs.
    monkeypatch.setattr(prepared, "_SQL", {})
    monkeypatch.setattr(Deal.note, "to_value", lambda value: peewee.Value(f"peewee {value}"))
    for note in ("n", "m"):
        assert prepared.update(Deal, {Deal.note: note}, {Deal.id: deal.id}) == 1
    assert prepared.uncached() == [("update", Deal, ("note",), (("id", False),))]
    monkeypatch.undo()
    assert find_deal(deal.id).note == "peewee m"


def test_rows_read_are_the_instances_peewee_makes(db: peewee.Database, make_deal) -> None:
    deal = make_deal("Roof", value="10", expected_close="2026-12-31", at=NOW)
    # Values another client stored that the columns cannot hold are marked the same way
    # (the SQLite schema refuses them since migration 0005; older files may hold them).
    if isinstance(db, peewee.SqliteDatabase):
        db.execute_sql("DROP TRIGGER deal_value_shapes_update")
        db.execute_sql(
            "UPDATE deal SET value_cents = 'abc', title = ?, expected_close = '2026-02-30'"
            " WHERE id = ?",
            [b"\xff", deal.id],
        )
    ours = find_deal(deal.id)
    theirs = Deal.get_by_id(deal.id)
    assert ours.__data__ == theirs.__data__
    assert type(ours.__data__["expected_close"]) is type(theirs.__data__["expected_close"])
    assert (ours._dirty, ours.__rel__) == (theirs._dirty, theirs.__rel__) == (set(), {})
    if isinstance(db, peewee.SqliteDatabase):
        assert isinstance(ours.value_cents, BadValue)
    expected = list(Phase.select().order_by(Phase.position, Phase.id))
    assert [phase.__data__ for phase in all_phases()] == [phase.__data__ for phase in expected]


def test_a_created_deal_is_as_the_database_holds_it(db: peewee.Database, make_deal) -> None:
    deal = make_deal("Roof", value="12,50", expected_close="2026-12-31", phase="proposal", at=NOW)
    stored = find_deal(deal.id)
    # As ``Deal.create`` left it: the fields set (defaults too) as given, the new id, nothing
    # unsaved; the nullable fields without a default are not set at all.
    assert deal.id == stored.id
    assert deal.__data__ == {name: stored.__data__[name] for name in deal.__data__}
    unset = set(stored.__data__) - set(deal.__data__)
    assert unset == {"probability_at_close", "reason", "closed_at", "deleted_at"}
    assert deal._dirty == set()


def test_a_deals_phase_is_read_once_and_kept_on_the_deal(db: peewee.Database, make_deal) -> None:
    deal = find_deal(make_deal("Roof", phase="proposal", at=NOW).id)
    phase = deal_phase(deal)
    assert phase.name == "Proposal"
    assert deal.phase is phase  # peewee's own accessor finds it loaded
    assert deal_phase(deal) is phase


def test_a_move_reaches_the_skipped_phases_by_todays_board_order(
    db: peewee.Database, make_deal
) -> None:
    deal = make_deal("Roof", phase="introduction", at=NOW)
    moved = move_deal(deal.id, "negotiation", actor="tester", at=NOW + dt.timedelta(hours=1))
    assert deal_phase(moved).name == "Negotiation"
    reached = db.execute_sql(
        "SELECT p.name FROM deal_reached r JOIN phase p ON p.id = r.phase_id"
        " WHERE r.deal_id = %s ORDER BY r.id".replace("%s", db.param),
        [deal.id],
    ).fetchall()
    order = [phase.name for phase in all_phases()]
    names = [name for (name,) in reached]
    assert names == order[: order.index("Negotiation") + 1]
