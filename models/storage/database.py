"""Open a dealboard database from a path or URL, migrate and seed it, and guard writes.

``open_database`` is the one place that knows how a database is reached: SQLite files (with
WAL, ``synchronous=FULL``, a busy timeout, ``BEGIN IMMEDIATE`` writes and foreign keys on)
and PostgreSQL URLs through ``playhouse.db_url``. ``write_operation`` wraps every operation
that changes data in one transaction, retries a busy database a bounded number of times and
turns driver errors into the typed errors of ``models.domain.errors``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar
from urllib.parse import unquote, urlparse

import peewee

from models.domain.errors import (
    DatabaseBusy,
    DatabaseError,
    DealboardError,
    ReadOnlyError,
    SchemaTooNew,
    ValidationError,
)
from models.domain.i18n import _
from models.storage.postgres import (
    is_pg_driver_error,
    is_postgres,
    lock_writers,
    open_postgres,
    redact,
    translate_pg_error,
)
from models.storage.schema import database_proxy
from models.storage.sqlite_file import (
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    SqliteDatabase,
    is_memory_target,
    open_sqlite,
    refuse_unwritable,
    verify_database_file,
)

__all__ = ["BUSY_TIMEOUT_MS", "SQLITE_HEADER", "SqliteDatabase"]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_TABLE = "schema_migration"
BUSY_RETRIES = 3

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class DatabaseInfo:
    """What was opened: the kind of database, where it is, and how."""

    kind: str  # "sqlite" or "postgresql"
    location: str  # file path or URL without password
    read_only: bool
    created: bool


_info: DatabaseInfo | None = None


def current_info() -> DatabaseInfo:
    """Return the description of the database ``open_database`` opened last."""
    if _info is None:
        raise DatabaseError(_("No database is open."))
    return _info


def default_database_path() -> Path:
    """Return where the default database lives: the user data dir of platformdirs."""
    from platformdirs import user_data_path

    return user_data_path("dealboard", appauthor=False) / "dealboard.sqlite"


def resolve_target(target: str | os.PathLike[str] | None) -> str:
    """Pick the database: the given path or URL, ``DEALBOARD_DB``, the config file, the default."""
    if target:
        return os.fspath(target)
    env = os.environ.get("DEALBOARD_DB", "").strip()
    if env:
        return env
    from models.storage.config import configured_database

    return configured_database() or str(default_database_path())


def is_postgres_url(target: str) -> bool:
    """Tell whether ``target`` names a PostgreSQL server rather than an SQLite file."""
    return target.startswith(
        ("postgresql://", "postgres://", "postgresql+pool://", "postgres+pool://")
    )


def sqlite_path(target: str) -> Path:
    """Turn a plain path or an ``sqlite:///…`` URL into a file path."""
    if target.startswith("sqlite:"):
        parsed = urlparse(target)
        path = unquote(parsed.path)
        if parsed.netloc:  # sqlite://relative/path is not a valid form; be explicit
            raise DatabaseError(
                _("Use sqlite:///path for a file database, not {target!r}.").format(target=target)
            )
        if not path or path == "/":
            raise DatabaseError(
                _("The URL {target!r} names no database file.").format(target=target)
            )
        return Path(path)
    return Path(target).expanduser()


def open_database(
    target: str | os.PathLike[str] | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    lang: str = "en",
    create_dirs: bool = False,
) -> peewee.Database:
    """Open (and if needed create, migrate and seed) a database; bind the models to it.

    ``create_dirs`` lets the default location's directory be made; any other missing
    directory is an error, so a typo never silently creates a fresh database somewhere.
    """
    global _info
    resolved = resolve_target(target)
    if is_postgres_url(resolved):
        db = open_postgres(resolved, read_only=read_only)
        kind, location = "postgresql", redact(resolved)
    else:
        if is_memory_target(resolved):
            if "memory" not in resolved and resolved.startswith("file:"):
                raise DatabaseError(
                    _(
                        "SQLite URI file names such as {resolved!r} are not accepted; give a plain file path or sqlite:///path."
                    ).format(resolved=resolved)
                )
            raise DatabaseError(
                _(
                    "{resolved!r} is an in-memory database, which keeps nothing once dealboard ends; give a file path (or a postgresql:// URL)."
                ).format(resolved=resolved)
            )
        path = sqlite_path(resolved)
        if resolved == str(default_database_path()):
            create_dirs = True  # only the personal default location is made on demand
        db = open_sqlite(path, read_only=read_only, create=create, create_dirs=create_dirs)
        kind, location = "sqlite", str(path)
    database_proxy.initialize(db)
    try:
        created = _migrate_and_seed(db, read_only=read_only, lang=lang)
    except DealboardError:
        db.close()
        raise
    except Exception as exc:
        db.close()
        if not is_driver_error(exc):
            raise
        raise translate_error(exc, location) from exc
    _info = DatabaseInfo(kind=kind, location=location, read_only=read_only, created=created)
    return db


def remove_database_files(path: Path, *, main: bool = True) -> None:
    """Delete an SQLite file (when ``main``) and its ``-wal`` and ``-shm``, where they exist.

    Call it with ``main=False`` before renaming a new database file into place at ``path``.
    SQLite cannot tell whose write-ahead log a ``-wal`` file is: one left beside ``path`` by
    the file that used to be there (or by one deleted without its ``-wal``) would be
    replayed onto the new file, which then shows the old file's pages.
    """
    for name in ([path.name] if main else []) + [f"{path.name}-wal", f"{path.name}-shm"]:
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()


def _shipped_migrations() -> set[str]:
    """The migrations dealboard ships: the names of the files ``Runner`` runs (``0001_….py``)."""
    return {path.stem for path in MIGRATIONS_DIR.glob("[0-9]*.py")}


def _applied_migrations(db: peewee.Database, tables: set[str]) -> set[str]:
    """The migrations recorded in the database (``Runner.applied``, without the Runner)."""
    if MIGRATION_TABLE not in tables:
        return set()
    return {row[0] for row in db.execute_sql(f'SELECT name FROM "{MIGRATION_TABLE}"')}


def _migrate_and_seed(db: peewee.Database, *, read_only: bool, lang: str) -> bool:
    """Bring the schema up to date; seed a new database. Return True when it was created.

    An up-to-date database, every start but the first after an upgrade, is checked without
    playhouse's migration runner, whose import (with playhouse's PostgreSQL and CockroachDB
    modules) cost every start several milliseconds (docs/performance.md).
    """
    from models.storage.seed import seed_defaults
    from models.storage.tally import ensure_current

    known = _shipped_migrations()
    tables = set(db.get_tables())
    if tables and MIGRATION_TABLE not in tables:
        kind = "PostgreSQL" if is_postgres(db) else "SQLite"
        raise DatabaseError(
            _("This {kind} database was not made by dealboard; refusing to use it.").format(
                kind=kind
            )
        )
    applied = _applied_migrations(db, tables)
    unknown = applied - known
    if unknown:
        raise SchemaTooNew(
            _(
                "This database was written by a newer dealboard (schema {max_unknown}); upgrade dealboard to open it."
            ).format(max_unknown=max(unknown))
        )
    pending = known - applied
    if not pending:
        return False
    refusal = getattr(db, "write_refusal", None)
    if refusal:
        raise ReadOnlyError(
            _("This database needs an upgrade before it can be used, but {refusal}").format(
                refusal=refusal
            )
        )
    if read_only:
        raise ReadOnlyError(
            _(
                "This database needs an upgrade before it can be read; open it once without"
                " --read-only."
            )
        )
    from playhouse.migrations import Runner

    runner = Runner(db, directory=str(MIGRATIONS_DIR), table_name=MIGRATION_TABLE)
    created = not tables
    with db.atomic():
        lock_writers(db)  # PostgreSQL: the same lock as every write; SQLite: BEGIN IMMEDIATE
        # Re-check inside the write lock: another process may have migrated meanwhile.
        if not set(runner.applied()) >= known:
            runner.up()
            if created:
                seed_defaults(lang=lang)
            # Derived data, defined in one place: (re)built after any migration, for the
            # zone the settings (seeded just now, for a new database) give.
            ensure_current(db)
    return created


def translate_error(exc: BaseException, where: str = "the database") -> DealboardError:
    """Turn a driver error into a typed error with a sentence for the user."""
    text = str(exc).lower()
    if "no transaction is active" in text and exc.__context__ is not None:
        # SQLite already rolled back (e.g. the disk filled up during COMMIT); the rollback
        # that followed failed too. The first error is the one that tells the user why.
        return translate_error(exc.__context__, where)
    pg_error = translate_pg_error(exc)
    if pg_error is not None:
        return pg_error
    # ``where`` starts some sentences: capitalise the default, never a file name.
    subject = _("The database") if where == "the database" else where
    where = _("the database") if where == "the database" else where
    if isinstance(exc, peewee.IntegrityError):
        return ValidationError(None, _("The database refused the change: {exc}.").format(exc=exc))
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            _("The database is busy: other users kept it locked. Nothing was saved; try again.")
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return ReadOnlyError(
            _("{subject} is read-only; nothing was saved.").format(subject=subject)
        )
    if "disk i/o error" in text:
        return DatabaseError(
            _(
                "{subject} could not be written (disk I/O error: the disk may be full or failing); nothing was saved."
            ).format(subject=subject)
        )
    if "disk is full" in text or "no space" in text:
        return DatabaseError(
            _("The disk is full; nothing was saved. Free some space and try again.")
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseError(
            _("{subject} is damaged (corrupt); run `dealboard check` and restore a backup.").format(
                subject=subject
            )
        )
    if "unable to open" in text:
        return DatabaseError(
            _(
                "Cannot open {where}; check that the file and directory exist and are readable."
            ).format(where=where)
        )
    return DatabaseError(_("Database error: {exc}.").format(exc=exc))


def is_driver_error(exc: BaseException) -> bool:
    """Tell whether ``exc`` comes from the database (peewee, sqlite3 or psycopg2)."""
    return isinstance(exc, (peewee.PeeweeException, sqlite3.Error)) or is_pg_driver_error(exc)


# Context managers entered inside every write operation's transaction, around the operation
# itself (nested ones too): ``models.operations.tally_journal`` keeps the report tallies so.
WRITE_HOOKS: list[Callable[[], contextlib.AbstractContextManager[None]]] = []


def _hooked(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Call ``fn`` inside every hook of ``WRITE_HOOKS``."""
    with contextlib.ExitStack() as stack:
        for hook in WRITE_HOOKS:
            stack.enter_context(hook())
        return fn(*args, **kwargs)


def write_operation(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` in one write transaction, retrying a busy database, with typed errors.

    Nested calls (an operation inside another, or inside a caller's ``db.atomic()``) join
    the outer transaction; only the outermost call retries. On PostgreSQL the outermost
    call first takes the writers' lock (``models.storage.postgres.lock_writers``), so writers take
    turns as they do on SQLite; a deadlock or serialization failure with another client is
    retried like a busy SQLite database.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        db = database_proxy.obj
        if db is None:
            raise DatabaseError(_("No database is open."))
        if db.transaction_depth() > 0:
            with db.atomic():
                return _hooked(fn, *args, **kwargs)
        refuse_unwritable(db)
        for attempt in range(BUSY_RETRIES):
            try:
                with db.atomic():
                    lock_writers(db)
                    # Under the write lock: a file deleted or replaced meanwhile takes nothing.
                    verify_database_file(db)
                    return _hooked(fn, *args, **kwargs)
            except DealboardError:
                raise
            except Exception as exc:
                if not is_driver_error(exc):
                    raise
                error = translate_error(exc)
                if isinstance(error, DatabaseBusy) and attempt + 1 < BUSY_RETRIES:
                    time.sleep(0.05 * (attempt + 1))
                    continue
                raise error from exc
        raise DatabaseBusy(_("The database is busy; nothing was saved. Try again."))

    return wrapper
