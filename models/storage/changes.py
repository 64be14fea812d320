"""A cheap signal that someone else changed the database, for live refresh.

Polling this costs one tiny query, so a screen can ask every second or two and reload only
when the answer moves:

- **SQLite:** ``PRAGMA data_version``. Its value is private to one connection and moves only
  when *another* connection commits a change to the file. So the question must be asked on
  the same connection every time: a new connection starts from a fresh number and cannot
  tell what happened before it. ``ChangeWatcher`` keeps such a connection of its own.
- **PostgreSQL:** the one-row ``change_counter`` table (migration 0002), which triggers bump
  once in every transaction that changes a deal, its history, a phase, a reason or a
  setting, whoever made it. It is the same for every connection and moves for one's own
  commits too.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from typing import Any

import peewee

from models.domain.errors import DatabaseError
from models.domain.i18n import _
from models.storage.schema import database_proxy

COUNTER_SQL = "SELECT value FROM change_counter WHERE id = 1"


def change_token(db: peewee.Database | None = None) -> object:
    """Return a value that changes when another connection commits a change.

    Asked on the calling thread's connection of ``db`` (default: the open database). On
    SQLite compare only tokens taken on the same connection (see the module docstring);
    ``ChangeWatcher`` takes care of that.
    """
    db = db or database_proxy.obj
    if db is None:
        raise DatabaseError(_("No database is open."))
    if isinstance(db, peewee.PostgresqlDatabase):
        return db.execute_sql(COUNTER_SQL).fetchone()[0]
    return db.execute_sql("PRAGMA data_version").fetchone()[0]


class ChangeWatcher:
    """Tells whether the database changed since the last look, on a connection of its own.

    The connection is separate from the app's (which peewee keeps per thread), so the
    watcher can be polled from any thread, always asking the same connection, and a
    commit by the app itself counts as a change too (useful: a refresh after one's own
    save is what the screen wants anyway). The first call of ``changed`` only takes the
    starting point and returns False. If the connection fails, the error is raised once as
    a ``DatabaseError``; the next call reconnects and answers True, since changes may have
    been missed meanwhile.
    """

    def __init__(self, db: peewee.Database | None = None) -> None:
        db = db or database_proxy.obj
        if db is None:
            raise DatabaseError(_("No database is open."))
        self._db = db
        self._postgres = isinstance(db, peewee.PostgresqlDatabase)
        self._connection: Any = None
        self._last: object = None
        self._missed = False
        self._lock = threading.Lock()

    def _connect(self) -> Any:
        db = self._db
        if self._postgres:
            import psycopg2

            connection = psycopg2.connect(database=db.database, **db.connect_params)
            connection.autocommit = True  # every poll sees the latest commits
            return connection
        # The same file (or read-only URI) and flags as the app's connection.
        return sqlite3.connect(
            db.database,
            timeout=5,
            isolation_level=None,
            check_same_thread=False,  # guarded by self._lock
            **db.connect_params,
        )

    def token(self) -> object:
        """Read the current change token on the watcher's own connection."""
        with self._lock:
            return self._read()

    def _read(self) -> object:
        from models.storage.database import is_driver_error, translate_error

        try:
            if self._connection is None:
                self._connection = self._connect()
            cursor = self._connection.cursor()
            try:
                cursor.execute(COUNTER_SQL if self._postgres else "PRAGMA data_version")
                return cursor.fetchone()[0]
            finally:
                cursor.close()
        except Exception as exc:
            if not is_driver_error(exc):
                raise
            self._drop_connection()
            raise translate_error(exc) from exc

    def changed(self) -> bool:
        """True when another commit happened since the previous call (False the first time)."""
        with self._lock:
            try:
                token = self._read()
            except DatabaseError:
                self._missed = True
                raise
            previous, self._last = self._last, token
            if self._missed:
                self._missed = False
                return True
            return previous is not None and token != previous

    def _drop_connection(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # already broken; closing is a courtesy
                self._connection.close()
            self._connection = None
        # A new SQLite connection starts data_version afresh: compare from scratch.
        self._last = None

    def close(self) -> None:
        """Close the watcher's connection."""
        with self._lock:
            self._drop_connection()

    def __enter__(self) -> ChangeWatcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
