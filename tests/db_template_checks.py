"""What a new database holds, to hold a copy of a template to: its schema and its rows.

``new_database`` (a fixture) creates, migrates and seeds one with ``open_database`` now, on
the test's backend; ``schema`` and ``rows_of`` read what two new databases share, leaving
out what always differs (when each migration ran, the change counter's transaction).
``SQLITE_SCHEMA`` reads an SQLite file's schema alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.storage import database as database_module
from models.storage.database import open_database
from models.storage.schema import database_proxy
from tests.backends import fresh_pg_database, query_rows, table_snapshot

SQLITE_SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
PG_SCHEMA = (
    # Columns, constraints, indexes and triggers of the tables dealboard's migrations made.
    "SELECT 'column' AS kind, table_name || '.' || column_name AS name,"
    " data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') AS sql"
    " FROM information_schema.columns WHERE table_schema = current_schema()"
    " UNION ALL SELECT 'constraint', conrelid::regclass::text || '.' || conname,"
    " pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE connamespace = current_schema()::regnamespace"
    " UNION ALL SELECT 'index', indexname, indexdef FROM pg_indexes"
    " WHERE schemaname = current_schema()"
    " UNION ALL SELECT 'trigger', tgname, pg_get_triggerdef(oid) FROM pg_trigger"
    " WHERE NOT tgisinternal ORDER BY 1, 2"
)


@pytest.fixture
def new_database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database created, migrated and seeded by ``open_database`` now; the test's stays bound."""
    saved = (database_proxy.obj, database_module._info)

    def create(target: str) -> None:
        try:
            open_database(target).close()
        finally:
            database_proxy.initialize(saved[0])
            database_module._info = saved[1]

    if backend == "sqlite":
        target = str(tmp_path / "new.sqlite")
        create(target)
        yield target
        return
    with fresh_pg_database(request.getfixturevalue("pg_server_url")) as url:
        create(url)
        yield url


def schema(target: str) -> list[dict[str, Any]]:
    """Every table, column, index, constraint and trigger of a database, as text."""
    return query_rows(target, PG_SCHEMA if target.startswith("postgresql") else SQLITE_SCHEMA)


def rows_of(target: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, without what differs between any two new databases.

    When each migration was applied, and which PostgreSQL transaction last moved the
    change counter (a server-wide number).
    """
    tables = table_snapshot(target)
    tables["schema_migration"] = [row[:2] for row in tables["schema_migration"]]
    if "change_counter" in tables:
        tables["change_counter"] = [row[:2] for row in tables["change_counter"]]
    return tables
