"""Open an SQLite file: never create one by accident, notice it vanish, read where it is readable.

- Connections reach the file through a URI with ``mode=rw`` (or ``mode=ro``), so SQLite never
  creates a file on its own: only ``open_sqlite(create=True)`` makes a new one.
- The file's device and inode are remembered when it is opened. Every new connection (peewee
  opens one per thread) and every write checks them, so a file deleted or replaced while
  dealboard runs stops the work with a sentence instead of quietly using a fresh empty file.
- A WAL database needs a ``-shm`` file beside it. Where that cannot be made (a read-only
  directory or file system) the file is opened read-only and every write is refused with the
  cause. Without ``-shm`` SQLite can only read the file as ``immutable``, which is right only
  when no ``-wal`` holds newer pages and nobody can be writing: a read-only file system, or a
  directory without write permission for anyone.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

import peewee

from models.domain.errors import DatabaseError, DealboardError, ReadOnlyError
from models.domain.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# What SQLite says when it cannot make or write the files it needs beside the database.
_CANNOT_WRITE_CODES = {
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
    "SQLITE_READONLY_DIRECTORY",
    "SQLITE_READONLY_CANTINIT",
    "SQLITE_READONLY_CANTLOCK",
    "SQLITE_READONLY_RECOVERY",
    "SQLITE_IOERR_LOCK",
}


class _FileGone(DealboardError):
    """The first base of ``DatabaseGone``, so peewee passes it on unchanged.

    peewee re-wraps an error raised while it connects for a query when the error's class or
    its first base has a name it knows, such as "DatabaseError".
    """


class DatabaseGone(_FileGone, DatabaseError):
    """The database file was deleted or replaced by another file while dealboard had it open."""


def _text(data: bytes) -> str:
    """Decode a text value; bytes that are not UTF-8 become U+FFFD instead of an error."""
    return data.decode("utf-8", "replace")


class SqliteDatabase(peewee.SqliteDatabase):
    """peewee's SQLite database bound to one file that must stay the file it opened.

    Text another client stored as invalid UTF-8 is read with replacement characters: with
    sqlite3's own decoding one such value makes every query that reads it fail.
    """

    file: Path | None = None
    identity: tuple[int, int] | None = None
    write_refusal: str | None = None  # why this file cannot be written, when it cannot

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        # peewee's stubs leave out this hook that SqliteDatabase._connect calls.
        super()._add_conn_hooks(conn)  # type: ignore[misc]
        conn.text_factory = _text

    def connect(self, reuse_if_open: bool = False) -> bool:
        """Connect, first making sure the file is still the one that was opened."""
        if not self.is_closed():
            return super().connect(reuse_if_open)
        self.verify_file()
        opened = super().connect(reuse_if_open)
        try:
            self.verify_file()  # replaced between the look and the open
        except DatabaseGone:
            self.close()
            raise
        return opened

    def remember_file(self, path: Path) -> None:
        """Remember which file (device and inode) ``path`` is now."""
        status = path.stat()
        self.file = path
        self.identity = (status.st_dev, status.st_ino)

    def verify_file(self) -> None:
        """Raise ``DatabaseGone`` when the remembered file was deleted or replaced."""
        if self.file is None or self.identity is None:
            return
        try:
            status = os.stat(self.file)
        except FileNotFoundError:
            raise DatabaseGone(
                _(
                    "The database {file} was deleted while dealboard had it open; nothing more"
                    " was read or saved. Restore it from a backup and start dealboard again."
                ).format(file=self.file)
            ) from None
        except OSError as exc:
            raise DatabaseError(
                _("Cannot reach the database {file}: {exc_strerror}.").format(
                    file=self.file, exc_strerror=exc.strerror
                )
            ) from exc
        if (status.st_dev, status.st_ino) != self.identity:
            raise DatabaseGone(
                _(
                    "The database {file} was replaced by another file while dealboard had it"
                    " open; nothing more was read or saved. Start dealboard again to use the"
                    " new file."
                ).format(file=self.file)
            )

    def check_writable(self) -> None:
        """Refuse a write to a file that cannot be written, or that was deleted or replaced."""
        if self.write_refusal:
            raise ReadOnlyError(self.write_refusal)
        self.verify_file()


def verify_database_file(db: peewee.Database) -> None:
    """Check that an SQLite database's file is still the one opened (nothing for PostgreSQL)."""
    if isinstance(db, SqliteDatabase):
        db.verify_file()


def refuse_unwritable(db: peewee.Database) -> None:
    """Refuse a write before it starts when the SQLite file cannot be written."""
    if isinstance(db, SqliteDatabase):
        db.check_writable()


def is_memory_target(target: str) -> bool:
    """Tell whether ``target`` asks SQLite for an in-memory (or URI-named) database."""
    name = target.strip()
    if name.startswith("sqlite:"):
        name = name.split(":", 1)[1].lstrip("/")
    return name in ("", ":memory:") or name.startswith("file:") or "mode=memory" in name


def sqlite_code(exc: BaseException) -> str:
    """The SQLite error name behind a peewee or sqlite3 error ('' when there is none)."""
    seen: BaseException | None = exc
    while seen is not None:
        name = getattr(seen, "sqlite_errorname", None)
        if name:
            return str(name)
        inner = seen.args[0] if seen.args and isinstance(seen.args[0], BaseException) else None
        seen = inner or seen.__context__
    return ""


def _uri(path: Path, mode: str, *extra: str) -> str:
    return "?".join((f"file:{quote(str(path.resolve()))}", "&".join((f"mode={mode}", *extra))))


def _database(uri: str, *, writer: bool) -> SqliteDatabase:
    pragmas: dict[str, Any] = {"foreign_keys": 1, "busy_timeout": BUSY_TIMEOUT_MS}
    if writer:
        pragmas = {"journal_mode": "wal", "synchronous": "full", **pragmas}
    return SqliteDatabase(
        uri,
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        lock_type="IMMEDIATE",
        pragmas=pragmas,
    )


def _probe(db: SqliteDatabase) -> None:
    """Connect and read the schema: the first read opens (or needs) ``-wal`` and ``-shm``."""
    db.connect(reuse_if_open=True)
    try:
        db.execute_sql("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except BaseException:
        db.close()
        raise


def _read_only_fs(directory: Path) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _unwritable_cause(path: Path) -> str | None:
    """Why ``path`` cannot be written here, as the end of a sentence; None when it can."""
    parent = path.parent
    if _read_only_fs(parent):
        return "it is on a read-only file system"
    if not os.access(parent, os.W_OK | os.X_OK):
        return (
            f"you may not write its directory {parent}, where SQLite keeps {path.name}-wal and"
            f" {path.name}-shm"
        )
    if not os.access(path, os.W_OK):
        return "you may not write the file"
    return None


def _nobody_writes(path: Path) -> bool:
    """True when no one but root can change the database: nothing can make a ``-wal`` there."""
    parent = path.parent
    return _read_only_fs(parent) or not parent.stat().st_mode & 0o222


def _has_pending_wal(path: Path) -> bool:
    wal = path.with_name(f"{path.name}-wal")
    try:
        return wal.stat().st_size > 0
    except FileNotFoundError:
        return False


def _open_reader(path: Path) -> SqliteDatabase:
    """Open ``path`` read-only: through its ``-shm`` where possible, else as immutable."""
    db = _database(_uri(path, "ro"), writer=False)
    try:
        _probe(db)
        return db
    except peewee.DatabaseError as exc:
        if sqlite_code(exc) not in _CANNOT_WRITE_CODES:
            raise
        failure = exc
    if _has_pending_wal(path):
        cause = _(
            "its latest changes are in {name}-wal, which SQLite can read only with a"
            " {name}-shm file beside it, and {parent} cannot be written"
        ).format(name=path.name, parent=path.parent)
    elif not _nobody_writes(path):
        cause = _(
            "SQLite needs a {name}-shm file in {parent}, which you may not write,"
            " while others may be changing the database"
        ).format(name=path.name, parent=path.parent)
    else:
        db = _database(_uri(path, "ro", "immutable=1"), writer=False)
        _probe(db)
        return db
    raise DatabaseError(
        _(
            "Cannot read {path}: {cause}; ask for write access to the directory, or read a copy of the file."
        ).format(path=path, cause=cause)
    ) from failure


def open_sqlite(path: Path, *, read_only: bool, create: bool, create_dirs: bool) -> SqliteDatabase:
    """Open (or, with ``create``, make) the database file at ``path``; remember which file it is."""
    exists = path.exists()
    if exists:
        if path.is_dir():
            raise DatabaseError(_("{path} is a directory, not a database file.").format(path=path))
        check_sqlite_header(path)
    else:
        _check_creatable(path, read_only=read_only, create=create, create_dirs=create_dirs)
    try:
        if read_only:
            db = _open_reader(path)
        elif exists:
            db = _open_writer(path)
        else:
            db = _create(path)
    except peewee.DatabaseError as exc:
        from models.storage.database import translate_error

        raise translate_error(exc, str(path)) from exc
    db.remember_file(path)
    return db


def _open_writer(path: Path) -> SqliteDatabase:
    """Open an existing file for writing; read-only (with the cause kept) where it cannot be."""
    db = _database(_uri(path, "rw"), writer=True)
    try:
        _probe(db)
        return db
    except peewee.DatabaseError as exc:
        cause = _unwritable_cause(path) if sqlite_code(exc) in _CANNOT_WRITE_CODES else None
        if cause is None:
            raise
    reader = _open_reader(path)
    reader.write_refusal = _("{path} cannot be changed: {cause}; nothing was saved.").format(
        path=path, cause=cause
    )
    return reader


def _create(path: Path) -> SqliteDatabase:
    """Make a new database file, never world-readable."""
    # Private to its owner, or to the group in a setgid team directory (see models/storage/shared.py).
    # SQLite gives -wal and -shm the database file's mode.
    shared = bool(path.parent.stat().st_mode & stat.S_ISGID)
    previous_umask = os.umask(0o007 if shared else 0o077)
    try:
        db = _database(_uri(path, "rwc"), writer=True)
        _probe(db)
    finally:
        os.umask(previous_umask)
    db.database = _uri(path, "rw")  # the next connections must find this very file
    return db


def _check_creatable(path: Path, *, read_only: bool, create: bool, create_dirs: bool) -> None:
    parent = path.parent
    if not parent.exists() and not create_dirs:
        raise DatabaseError(
            _(
                "The directory {parent} does not exist; create it first or choose another path."
            ).format(parent=parent)
        )
    if read_only:
        raise DatabaseError(
            _("There is no database at {path} to open read-only.").format(path=path)
        )
    if not create:
        raise DatabaseError(
            _(
                "There is no database at {path}; check the path, or create one with `dealboard init --db {path}`."
            ).format(path=path)
        )
    if not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                _("Cannot create the directory {parent}: {exc_strerror}.").format(
                    parent=parent, exc_strerror=exc.strerror
                )
            ) from exc
    if not os.access(parent, os.W_OK | os.X_OK) or _read_only_fs(parent):
        raise DatabaseError(
            _("Cannot create a database in {parent}: the directory is not writable.").format(
                parent=parent
            )
        )


def check_sqlite_header(path: Path) -> None:
    """Refuse a file that cannot be read or does not start like an SQLite database."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise DatabaseError(_("Cannot read {path}: permission denied.").format(path=path)) from exc
    except OSError as exc:
        raise DatabaseError(
            _("Cannot read {path}: {exc_strerror}.").format(path=path, exc_strerror=exc.strerror)
        ) from exc
    if header != SQLITE_HEADER:
        raise DatabaseError(
            _("{path} is not a dealboard database (not an SQLite file).").format(path=path)
        )
