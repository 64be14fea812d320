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

Asking SQLite costs little, but once a second in every open app it is most of what an idle
app does. So on a WAL database the watcher first reads the WAL-index header, the first 96
bytes of the ``-shm`` file (two copies of a 48-byte header, SQLite's documented file format),
with one ``pread`` on a descriptor kept beside the connection: SQLite rewrites it (its ``iChange`` count rises) in every commit, and
compares it itself to tell whether a connection's snapshot is stale, so while it reads the
same as just before the last ``PRAGMA data_version``, that PRAGMA would answer the same.
Only when it moved, its two copies differ (a commit writing it right now) or it cannot be
read is SQLite asked. The header is read *before* the PRAGMA, so a commit in between is seen
by the PRAGMA and moves the header again for the next look. Journal modes other than WAL
(and systems without ``pread``) always ask SQLite: a ``-shm`` left from an earlier WAL life
would never move. While the watcher's connection is open in WAL mode it holds a shared lock
on the file, so nobody can switch the file out of WAL mode (or delete ``-shm``) meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from typing import Any

import peewee

from models.domain.errors import DatabaseError
from models.domain.i18n import _
from models.storage.schema import database_proxy

COUNTER_SQL = "SELECT value FROM change_counter WHERE id = 1"
WAL_HEADER = 48  # bytes of one copy of the WAL-index header at the start of -shm


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
        # The -shm file, whose header tells a commit (WAL only), opened beside the connection.
        self._shm: int | None = None
        self._header: bytes | None = None  # that header, read just before the last PRAGMA

    def _connect(self) -> Any:
        db = self._db
        if self._postgres:
            import psycopg2

            connection = psycopg2.connect(database=db.database, **db.connect_params)
            connection.autocommit = True  # every poll sees the latest commits
            return connection
        # The same file (or read-only URI) and flags as the app's connection.
        connection = sqlite3.connect(
            db.database,
            timeout=5,
            isolation_level=None,
            check_same_thread=False,  # guarded by self._lock
            **db.connect_params,
        )
        self._shm = _open_shm(connection)
        return connection

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
            header = self._wal_header()
            known = self._last is not None and not self._missed
            if known and header is not None and header == self._header:
                return False  # nothing committed since the last PRAGMA (module docstring)
            try:
                token = self._read()
            except DatabaseError:
                self._missed = True
                raise
            self._header = header
            previous, self._last = self._last, token
            if self._missed:
                self._missed = False
                return True
            return previous is not None and token != previous

    def _wal_header(self) -> bytes | None:
        """The -shm file's WAL-index header; None when unknown or being written."""
        return None if self._shm is None else read_wal_header(self._shm)

    def _drop_connection(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # already broken; closing is a courtesy
                self._connection.close()
            self._connection = None
        # A new SQLite connection starts data_version afresh: compare from scratch.
        self._last = None
        if self._shm is not None:
            with contextlib.suppress(OSError):
                os.close(self._shm)
        self._shm = self._header = None

    def close(self) -> None:
        """Close the watcher's connection."""
        with self._lock:
            self._drop_connection()

    def __enter__(self) -> ChangeWatcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_wal_header(shm: int) -> bytes | None:
    """The WAL-index header in an open ``-shm`` file; None when unreadable or being written.

    SQLite writes the second copy first and the first last, so two equal copies are a header
    no commit is writing right now.
    """
    try:
        data = os.pread(shm, 2 * WAL_HEADER, 0)
    except OSError:
        return None
    first, second = data[:WAL_HEADER], data[WAL_HEADER:]
    return first if len(second) == WAL_HEADER and first == second else None


def _open_shm(connection: sqlite3.Connection) -> int | None:
    """Open the ``-shm`` file of a connection's database in WAL mode; None in any other mode.

    Opened after the connection has read the file, so it is the file that connection maps: a
    ``-shm`` replaced later (which only deleting it by hand could do while the connection is
    open) goes unnoticed by both alike.
    """
    if not hasattr(os, "pread"):
        return None
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    if str(mode).lower() != "wal":
        return None
    for _seq, name, path in connection.execute("PRAGMA database_list"):
        if name == "main" and path:
            with contextlib.suppress(OSError):
                return os.open(f"{path}-shm", os.O_RDONLY)
    return None
