"""Reach a test database from outside the app, the same way on SQLite and PostgreSQL.

Tests check what was stored through a connection of their own (sqlite3 on the file, or
psycopg2 on the URL), never through the app's. Values read from PostgreSQL are turned into
what SQLite gives back (timestamps and dates as text, booleans as 0/1, whole decimals as
int), so one assertion holds on both databases.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from models.storage.database import is_postgres_url

BACKENDS = ("sqlite", "postgresql")
PG_URL_ENV = "DEALBOARD_TEST_PG_URL"

# PostgreSQL's SQLSTATE for each constraint, named as SQLite's error messages name it.
_PG_CONSTRAINTS = {
    "23502": "NOT NULL",
    "23503": "FOREIGN KEY",
    "23505": "UNIQUE",
    "23514": "CHECK",
}


def _pg_connect(url: str) -> Any:
    import psycopg2

    return psycopg2.connect(url)


def _pg_sql(sql: str) -> str:
    """Turn SQLite's ``?`` parameters into psycopg2's ``%s`` (a literal % is doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def sqlite_like(value: Any) -> Any:
    """Give a PostgreSQL value the form SQLite stores it in, as peewee writes it there."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):  # datetime too: str() is what peewee stores in SQLite
        return str(value)
    if isinstance(value, decimal.Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def with_database(url: str, name: str) -> str:
    """The server URL ``url`` pointing at the database ``name`` instead."""
    return urlparse(url)._replace(path=f"/{name}").geturl()


@contextlib.contextmanager
def fresh_pg_database(
    server_url: str, template: str | None = None, *, linguistic: bool = False
) -> Iterator[str]:
    """Create a database on the server, yield its URL, and drop it afterwards.

    Empty, or with ``template`` (the name of a database nobody is connected to) a copy of
    that one: PostgreSQL copies the files, which is faster than migrating again. With
    ``linguistic`` it sorts text as people do (ICU, English: ``_x a Ä B``), where the test
    server's default (C) sorts by code point and hides collation bugs.
    """
    name = f"test_{secrets.token_hex(6)}"
    admin = _pg_connect(server_url)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            copy = f' TEMPLATE "{template}"' if template else ""
            if linguistic:
                copy = " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C.UTF-8'"
            cursor.execute(f'CREATE DATABASE "{name}"{copy}')
        yield with_database(server_url, name)
    finally:
        with admin.cursor() as cursor:
            # FORCE: a connection a test left open (another thread's) must not keep it alive.
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def database_name(url: str) -> str:
    """The name of the database a PostgreSQL URL points at."""
    return urlparse(url).path.lstrip("/")


# The connection PgPool (tests/pg_pool.py) keeps open to each database it hands out, by URL
# (autocommit, idle between statements): a test's reads from outside go through it instead of
# connecting anew, which costs ~25 ms, most of a PostgreSQL test's time. Still a connection
# apart from the app's.
_KEPT: dict[str, Any] = {}


@contextlib.contextmanager
def _pg_reader(url: str) -> Iterator[Any]:
    """An autocommit connection to ``url``: the one PgPool keeps, else a new one for this read."""
    kept = _KEPT.get(url)
    if kept is not None and not kept.closed:
        yield kept
        return
    connection = _pg_connect(url)
    connection.autocommit = True
    try:
        yield connection
    finally:
        connection.close()


def query_rows(target: Path | str, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Run one SELECT through a separate connection; rows as dicts, values as SQLite's."""
    target = str(target)
    if is_postgres_url(target):
        with _pg_reader(target) as connection:
            return _pg_rows(connection, sql, params)
    connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql, tuple(params)).fetchall()]
    finally:
        connection.close()


def _pg_rows(connection: Any, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Run one SELECT on an open psycopg2 connection; rows as dicts, values as SQLite's."""
    with connection.cursor() as cursor:
        cursor.execute(_pg_sql(sql), tuple(params))
        names = [column.name for column in cursor.description]
        return [
            {name: sqlite_like(value) for name, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]


def table_snapshot(target: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Read every row of every table through a separate connection, sorted."""
    target = str(target)
    if is_postgres_url(target):
        # One connection for all tables, each read as committed now.
        with _pg_reader(target) as connection:
            tables = [
                row["table_name"]
                for row in _pg_rows(
                    connection,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                    " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
                )
            ]
            return {
                table: sorted(
                    (
                        tuple(row.values())
                        for row in _pg_rows(connection, f'SELECT * FROM "{table}"')
                    ),
                    key=repr,
                )
                for table in tables
            }
    connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        connection.close()


class RawIntegrityError(Exception):
    """The schema refused a raw statement; the message names the constraint as SQLite does.

    ``CHECK``, ``NOT NULL``, ``FOREIGN KEY`` or ``UNIQUE`` followed by the driver's text.
    """


class RawConnection:
    """An autocommit connection of its own to the test database, foreign keys on."""

    IntegrityError = RawIntegrityError

    def __init__(self, target: Path | str) -> None:
        self.target = str(target)
        self.postgres = is_postgres_url(self.target)
        if self.postgres:
            self.connection = _pg_connect(self.target)
            self.connection.autocommit = True
        else:
            self.connection = sqlite3.connect(self.target, timeout=5, isolation_level=None)
            self.connection.execute("PRAGMA foreign_keys = ON")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement (``?`` parameters); return the cursor."""
        if not self.postgres:
            try:
                return self.connection.execute(sql, tuple(params))
            except sqlite3.IntegrityError as exc:
                raise RawIntegrityError(str(exc)) from exc
        import psycopg2

        cursor = self.connection.cursor()
        try:
            cursor.execute(_pg_sql(sql), tuple(params))
        except psycopg2.IntegrityError as exc:
            kind = _PG_CONSTRAINTS.get(exc.pgcode or "", "INTEGRITY")
            raise RawIntegrityError(f"{kind} constraint failed: {exc}") from exc
        return cursor

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first value of the first row."""
        return self.execute(sql, params).fetchone()[0]

    def columns(self, table: str) -> set[str]:
        """The column names of a table."""
        if self.postgres:
            cursor = self.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = ?",
                (table,),
            )
            return {row[0] for row in cursor.fetchall()}
        return {row[1] for row in self.execute(f"PRAGMA table_info({table})")}

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


# Parents before children, so foreign keys hold while copying.
COPY_ORDER = (
    "phase",
    "reason",
    "setting",
    "person",
    "deal",
    "deal_event",
    "deal_reached",
    "deal_stay",
)


def copy_sqlite_to_postgres(path: Path | str, url: str) -> None:
    """Make the (empty) PostgreSQL database at ``url`` hold exactly the rows of an SQLite file.

    The schema comes from dealboard's own migrations; the rows, ids included, from the file
    (booleans turned from 0/1 into true/false), so reports on both can be compared.
    """
    from psycopg2.extras import execute_values

    from models.storage.database import open_database
    from models.storage.tally import rebuild_for_settings

    open_database(url).close()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = _pg_connect(url)
    try:
        with target, target.cursor() as cursor:
            for table in reversed(COPY_ORDER):
                cursor.execute(f"DELETE FROM {table}")
            for table in COPY_ORDER:
                rows = source.execute(f"SELECT * FROM {table}")
                columns = [column[0] for column in rows.description]
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                    " current_schema() AND table_name = %s AND data_type = 'boolean'",
                    (table,),
                )
                flags = {row[0] for row in cursor.fetchall()}
                values = [
                    tuple(
                        bool(value) if name in flags and value is not None else value
                        for name, value in zip(columns, row, strict=True)
                    )
                    for row in rows.fetchall()
                ]
                execute_values(
                    cursor, f"INSERT INTO {table} ({', '.join(columns)}) VALUES %s", values
                )
                if "id" in columns:  # new rows continue after the copied ids
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" COALESCE((SELECT MAX(id) FROM {table}), 1))"
                    )
    finally:
        source.close()
        target.close()
    # The report tallies, counted from the copied rows (they were written around them).
    database = open_database(url)
    try:
        with database.atomic():
            rebuild_for_settings(database)
    finally:
        database.close()
