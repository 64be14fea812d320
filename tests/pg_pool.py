"""Copies of a template database on a PostgreSQL server, one per test, reset and reused.

The ``pg_pool`` fixture (``tests/db_fixtures.py``) keeps one for the session; ``db`` takes a
database from it and gives it back after the test. The connection the pool keeps to each
database it hands out is the one ``tests/backends.py`` reads through (``backends._KEPT``).
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

# The module, not its names: the pool's connections are made and kept where the reads from
# outside look for them, and a test that replaces ``backends._pg_connect`` sees them too.
from tests import backends
from tests.backends import database_name, with_database

# What a test could change in a database besides its rows: tables and their columns, rights
# and options, constraints, indexes, triggers, functions, sequences and other schemas.
_PG_SHAPE = (
    "SELECT 'relation', relname || ' ' || relkind::text || ' ' || COALESCE(relacl::text, '')"
    " || ' ' || COALESCE(reloptions::text, '') || ' ' || relowner::regrole::text FROM pg_class"
    " WHERE relnamespace = current_schema()::regnamespace"
    " UNION ALL SELECT 'column', attrelid::regclass::text || '.' || attname || ' '"
    " || format_type(atttypid, atttypmod) || ' ' || attnotnull::text || ' '"
    " || COALESCE(pg_get_expr(adbin, adrelid), '') FROM pg_attribute"
    " LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum"
    " WHERE attnum > 0 AND NOT attisdropped AND attrelid IN (SELECT oid FROM pg_class"
    " WHERE relnamespace = current_schema()::regnamespace)"
    " UNION ALL SELECT 'constraint', conname || ' ' || pg_get_constraintdef(oid)"
    " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace"
    " UNION ALL SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    " UNION ALL SELECT 'trigger', pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger"
    " WHERE NOT tgisinternal"
    " UNION ALL SELECT 'function', oid::regprocedure::text || ' ' || md5(prosrc) FROM pg_proc"
    " WHERE pronamespace = current_schema()::regnamespace"
    " UNION ALL SELECT 'schema', nspname FROM pg_namespace"
    " UNION ALL SELECT 'setting', array_to_string(setconfig, ',') FROM pg_db_role_setting"
    " WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " UNION ALL SELECT 'type', typname FROM pg_type WHERE typnamespace ="
    " current_schema()::regnamespace AND typrelid = 0 AND typelem = 0"
    " ORDER BY 1, 2"
)


class PgPool:
    """Copies of a template database on a server, handed out one per test and then reused.

    ``CREATE DATABASE`` costs a third of a second of server time whatever the template, so
    a database a test is done with is put back in the template's state instead of dropped:
    its tables emptied and refilled with the template's rows, its sequences set back. It is
    reused only when nothing but rows can have changed (same tables, columns, constraints,
    indexes, triggers, functions, rights, sequences) and its rows then equal the template's;
    otherwise it is dropped and the next test gets a new copy. One idle autocommit connection
    to each database stays open for the resets and the test's own reads (``backends._KEPT``).
    """

    def __init__(self, server_url: str, template: str) -> None:
        self.server_url = server_url
        self.template = template
        self.free: list[str] = []
        self.made: list[str] = []
        self.kept: dict[str, Any] = {}  # database name → its open connection
        connection = backends._pg_connect(with_database(server_url, template))
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                # Refilling with triggers off (session_replication_role) needs a superuser.
                self.reusable = bool(cursor.fetchone()[0])
                self.shape = self._shape(cursor)
                self.tables = [
                    row.split(" ")[0]
                    for kind, row in self.shape
                    if kind == "relation" and row.split(" ")[1] == "r"
                ]
                self.rows = {}
                for table in self.tables:
                    cursor.execute(f'SELECT * FROM "{table}"')
                    names = [column.name for column in cursor.description]
                    self.rows[table] = (names, cursor.fetchall())
                cursor.execute(
                    "SELECT sequencename, COALESCE(last_value, start_value), last_value IS NOT NULL"
                    " FROM pg_sequences WHERE schemaname = current_schema()"
                )
                self.sequences = cursor.fetchall()
                self.content = self._content(cursor)
        finally:
            connection.close()
        # To the server's own database, never a copy.
        self.admin = backends._pg_connect(server_url)
        self.admin.autocommit = True

    @staticmethod
    def _shape(cursor: Any) -> list[tuple[str, str]]:
        cursor.execute(_PG_SHAPE)
        return cursor.fetchall()

    def _content(self, cursor: Any) -> list[Any]:
        found = []
        for table in self.tables:
            cursor.execute(
                f"SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM \"{table}\" t"
            )
            found.append(cursor.fetchone())
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()"
        )
        found.append(sorted(cursor.fetchall()))
        return found

    def take(self) -> str:
        """The URL of a database in the template's state."""
        if not self.free:
            name = f"test_{secrets.token_hex(6)}"
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
            self.made.append(name)
            self.free.append(name)
        name = self.free.pop()
        url = with_database(self.server_url, name)
        backends._KEPT[url] = self._kept(name)
        return url

    def give_back(self, url: str) -> None:
        """Reset the database of ``url`` for the next test, or drop it if that is not safe."""
        name = database_name(url)
        backends._KEPT.pop(url, None)
        try:
            reset = self.reusable and self._reset(name)
        except Exception:  # whatever the test left (a dropped database, locks): not reused
            reset = False
        if reset:
            self.free.append(name)
            return
        self._drop(name)

    def close(self) -> None:
        """Drop every database the pool made."""
        for name in list(self.made):
            self._drop(name)
        self.free.clear()
        self.admin.close()

    def _drop(self, name: str) -> None:
        kept = self.kept.pop(name, None)
        if kept is not None:
            kept.close()
        # FORCE: a connection a test left open (another thread's) must not keep it alive.
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.made:
            self.made.remove(name)

    def _admin(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.admin.cursor() as cursor:
            cursor.execute(sql, tuple(params))

    def _kept(self, name: str) -> Any:
        """The open connection to database ``name``; a new one if there is none or it died."""
        import psycopg2

        connection = self.kept.pop(name, None)
        if connection is not None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            except psycopg2.Error:  # ended by the test (terminated, database dropped)
                connection.close()
                connection = None
        if connection is None:
            connection = backends._pg_connect(with_database(self.server_url, name))
            connection.autocommit = True
        self.kept[name] = connection
        return connection

    def _reset(self, name: str) -> bool:
        from psycopg2.extras import execute_values

        connection = self._kept(name)
        # Connections the test left open (threads, the app's workers) end first.
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s",
            (name, connection.get_backend_pid()),
        )
        connection.autocommit = False  # the refill in one transaction
        try:
            with connection, connection.cursor() as cursor:
                if self._shape(cursor) != self.shape:
                    return False
                cursor.execute("SET LOCAL session_replication_role = replica")  # no triggers
                for table in self.tables:  # DELETE: far cheaper than TRUNCATE on small tables
                    cursor.execute(f'DELETE FROM "{table}"')
                for table, (names, rows) in self.rows.items():
                    if rows:
                        columns = ", ".join(f'"{n}"' for n in names)
                        execute_values(cursor, f'INSERT INTO "{table}" ({columns}) VALUES %s', rows)
                for sequence, value, called in self.sequences:
                    cursor.execute("SELECT setval(%s, %s, %s)", (sequence, value, called))
        finally:
            if not connection.closed:
                connection.rollback()  # the shape check's transaction, when it returned early
                connection.autocommit = True
        with connection.cursor() as cursor:
            return self._content(cursor) == self.content
