"""Deal rows in shapes the schema let through before migration 0005, and how to make them.

``FOREIGN`` lists one bad value per kind (the column, the stored SQL value, what ``check``
and the readers say); ``drop_shape_triggers`` turns a file back into a database before 0005;
the ``foreign`` fixture builds a database holding those rows, then migrates it again. Used
by test_foreign_rows.py here, the check tests beside it and tests/faults/test_foreign_rows_*.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from models.operations import deals
from models.storage.database import open_database
from models.storage.schema import database_proxy

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
