"""Migration 0009 adds ``person`` to a database made before it, the deals left as they were."""

from __future__ import annotations

import datetime as dt

from models.operations import people
from models.operations.deals import create_deal
from models.storage.database import open_database
from tests.backends import query_rows
from tests.db_template_checks import new_database as new_database  # a fixture
from tests.db_template_checks import schema
from tests.models.storage.later_migrations import undo_next_step, undo_person, undo_report_tally

AT = dt.datetime(2026, 3, 2, 9, 0)
DEALS = "SELECT id, title, owner, version FROM deal ORDER BY id"


def test_0009_adds_an_empty_person_table_to_an_existing_database(db_target, new_database):
    database = open_database(db_target)
    create_deal("Kept", actor="anna", owner="anna", at=AT)
    with database.atomic():
        undo_report_tally(database)  # what the later 0011 made
        undo_next_step(database)  # what the later 0010 made
        undo_person(database)
    database.close()
    before = query_rows(db_target, DEALS)
    assert "person" not in {row["name"] for row in _tables(db_target)}
    open_database(db_target)
    assert query_rows(db_target, "SELECT * FROM person") == []
    assert query_rows(db_target, DEALS) == before
    assert schema(db_target) == schema(new_database)  # the very shape a new database has
    people.add_person("anna", "Anna de Vries")
    assert query_rows(db_target, "SELECT login, name, archived FROM person") == [
        {"login": "anna", "name": "Anna de Vries", "archived": 0}
    ]


def _tables(target: str) -> list[dict[str, str]]:
    if target.startswith("postgresql"):
        return query_rows(
            target,
            "SELECT table_name AS name FROM information_schema.tables"
            " WHERE table_schema = current_schema()",
        )
    return query_rows(target, "SELECT name FROM sqlite_master WHERE type = 'table'")
