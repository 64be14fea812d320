"""Copy every row of the open database into a new or empty one, SQLite or PostgreSQL, ids kept.

``copy_database`` is how a team moves from one SQLite file to PostgreSQL (or back, or to
another file) without losing anything CSV cannot carry: phases with their order and
archived flag, reasons, settings, deals and their whole history with actors and times. Ids
are kept, so every history line still points at its deal, phase and reason.

- **The source** is read in one snapshot (a read transaction; on PostgreSQL ``REPEATABLE
  READ``), so a colleague saving meanwhile never gives a copy that is half before and half
  after. Rows are read in batches by primary key, never all at once.
- **The target** is written in one transaction that also migrates it, so a failure anywhere
  (a row the target refuses, a lost connection, Ctrl+C, a verification that disagrees)
  leaves it exactly as it was. A new SQLite file is built in a private directory beside
  its name (``mkdtemp``: mode 0700, unpredictable) and linked into place only when
  complete, never replacing a file that appeared meanwhile and with a mode no wider than
  the source database's; on failure nothing appears at the name.
- **Empty means empty.** A target may hold no tables at all, or only what a brand-new
  dealboard database is seeded with (the default phases, reasons and settings in one
  language); those defaults are replaced by the source's. Anything else is refused, as is
  copying a database onto itself.
- **PostgreSQL sequences** are set past the copied ids afterwards, so the next new deal does
  not collide with a copied one. The target's own ``change_counter`` and migration history
  are its own and are never copied.
- ``check(source, target)`` runs inside the target's transaction before it commits (the
  command line compares the reports of both there), so a copy that does not verify is
  rolled back like any other failure.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee
from playhouse.migrations import Runner

from models.domain.errors import DatabaseError, DealboardError, ReadOnlyError, SchemaTooNew
from models.domain.i18n import N_, _
from models.storage.copy_rows import Progress, copy_rows, finish_tables
from models.storage.database import (
    MIGRATION_TABLE,
    MIGRATIONS_DIR,
    is_driver_error,
    is_postgres_url,
    remove_database_files,
    sqlite_path,
    translate_error,
)
from models.storage.postgres import is_postgres, lock_writers, open_postgres, redact
from models.storage.safe_files import (
    NAME_KEPT,
    FileSafetyError,
    _sigterm_unwinds,
    check_destination,
    data_file_mode,
    os_problem,
    shown,
)
from models.storage.schema import ALL_MODELS, BaseModel, Phase, Reason, Setting, database_proxy
from models.storage.seed import DEFAULT_PHASES, DEFAULT_REASONS, DEFAULT_SETTINGS, LANGUAGES
from models.storage.sqlite_file import SqliteDatabase, is_memory_target, open_sqlite
from models.storage.tally import rebuild_for_settings

# Tables a new database is seeded with; they may hold exactly the seeds and are replaced.
SEEDED: tuple[type[BaseModel], ...] = (Phase, Reason, Setting)
# How a message names the rows of a table.
TABLE_WORDS = {"phase": "phases", "reason": "reasons", "setting": "settings", "deal": "deals"}
TABLE_WORDS["deal_event"] = "history rows"
TABLE_WORDS["deal_reached"] = "reached phases"
TABLE_WORDS["deal_stay"] = "phase stays"
TABLE_WORDS["person"] = "people"
EMPTY_HINT = N_("copy into a new file or an empty PostgreSQL database (createdb)")

Check = Callable[[peewee.Database, peewee.Database], None]


@dataclass(frozen=True)
class CopySummary:
    """What was copied: rows per table (``phase``, ``deal``, …) and where to, without password."""

    kind: str  # "sqlite" or "postgresql"
    location: str
    counts: dict[str, int]


def copy_models() -> list[type[BaseModel]]:
    """Every table of the schema, parents before children, so foreign keys hold while copying."""
    # sort_models is public peewee API that its bundled stubs leave out.
    return list(peewee.sort_models(list(ALL_MODELS)))  # type: ignore[attr-defined]


@contextlib.contextmanager
def bound_to(db: peewee.Database) -> Iterator[None]:
    """Point the models at ``db`` inside the block (a report on the target), then back."""
    saved = database_proxy.obj
    database_proxy.initialize(db)
    try:
        yield
    finally:
        database_proxy.initialize(saved)


def copy_database(
    to: str, *, progress: Progress | None = None, check: Check | None = None
) -> CopySummary:
    """Copy every row of the open database into the new or empty database ``to``.

    ``to`` is a file path, ``sqlite:///path`` or a ``postgresql://`` URL. ``progress(done,
    total)`` is called as rows are written; ``check(source, target)`` before the target
    commits. On any failure the target is left as it was and a typed error says why.
    """
    source = database_proxy.obj
    if source is None:
        raise DatabaseError(_("No database is open."))
    to = to.strip()
    if not to:
        raise DatabaseError(_("Give the database to copy to: a file path or a postgresql:// URL."))
    if is_postgres_url(to):
        return _copy_to_postgres(source, to, progress, check)
    if is_memory_target(to):
        raise DatabaseError(
            _(
                "{to!r} is an in-memory database, which keeps nothing once dealboard ends; give a file path or a postgresql:// URL."
            ).format(to=to)
        )
    return _copy_to_sqlite(source, sqlite_path(to), progress, check)


def _copy_to_postgres(
    source: peewee.Database, url: str, progress: Progress | None, check: Check | None
) -> CopySummary:
    location = redact(url)
    target = open_postgres(url, read_only=False)
    try:
        if is_postgres(source) and _same_postgres(source, target):
            raise DatabaseError(
                _("{location} is the database being copied; copy to another one.").format(
                    location=location
                )
            )
        counts = _fill(source, target, location, progress, check)
    finally:
        target.close()
    return CopySummary("postgresql", location, counts)


def _same_postgres(source: peewee.Database, target: peewee.Database) -> bool:
    """Tell whether the target's server sees the source's own session in the target database."""
    pid, started = source.execute_sql(
        "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()"
    ).fetchone()
    # Another role's sessions show no backend_start; the pid and database still match.
    found = target.execute_sql(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %s AND datname = current_database()"
        " AND (backend_start = %s OR backend_start IS NULL)",
        (pid, started),
    ).fetchone()
    return bool(found[0])


def _copy_to_sqlite(
    source: peewee.Database, path: Path, progress: Progress | None, check: Check | None
) -> CopySummary:
    location = str(path)
    try:
        exists = os.path.lexists(path)
        # An existing target must be a regular file (never a link); a new one needs its directory.
        path = check_destination(path, overwrite=exists, what=N_("database"))
    except FileSafetyError as exc:
        raise DatabaseError(str(exc)) from None
    if exists:
        if isinstance(source, SqliteDatabase) and _same_file(source, path):
            raise DatabaseError(
                _("{shown_path} is the database being copied; copy to another file.").format(
                    shown_path=shown(path)
                )
            )
        target = open_sqlite(path, read_only=False, create=False, create_dirs=False)
        try:
            if target.write_refusal:
                raise ReadOnlyError(target.write_refusal)
            counts = _fill(source, target, location, progress, check)
        finally:
            target.close()
        return CopySummary("sqlite", location, counts)
    mode = data_file_mode()  # from the source, which is still the open database
    with _sigterm_unwinds():  # SIGTERM too removes the private directory
        return _copy_to_new_file(source, path, mode, progress, check)


def _copy_to_new_file(
    source: peewee.Database, path: Path, mode: int, progress: Progress | None, check: Check | None
) -> CopySummary:
    """Build the copy in a private directory beside ``path``; link it there when complete."""
    location = str(path)
    try:
        private = Path(
            tempfile.mkdtemp(
                prefix=f".{path.name[:NAME_KEPT]}.", suffix=".copying", dir=path.parent
            )
        )
    except OSError as exc:
        raise DatabaseError(os_problem(exc, path)) from None
    try:
        built = private / "copy.sqlite"
        target = open_sqlite(built, read_only=False, create=True, create_dirs=False)
        try:
            counts = _fill(source, target, location, progress, check)
            # Everything into the file itself: its -wal stays behind in the private directory.
            target.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
        os.chmod(built, mode)
        _place(built, path)
    finally:
        shutil.rmtree(private, ignore_errors=True)
    return CopySummary("sqlite", location, counts)


def _same_file(source: SqliteDatabase, path: Path) -> bool:
    with contextlib.suppress(OSError):
        status = os.stat(path)
        return (status.st_dev, status.st_ino) == source.identity
    return False


def _place(built: Path, path: Path) -> None:
    """Link the finished file to its name; a file that appeared there meanwhile is kept."""
    remove_database_files(path, main=False)  # an old -wal there would be replayed onto it
    try:
        os.link(built, path, follow_symlinks=False)
    except FileExistsError:
        raise DatabaseError(
            _(
                "{shown_path} appeared while the copy was made; it was left alone and nothing was copied. Choose another name."
            ).format(shown_path=shown(path))
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise DatabaseError(os_problem(exc, path)) from None
        if os.path.lexists(path):  # a file system without hard links: check, then rename
            raise DatabaseError(
                _("{shown_path} appeared while the copy was made.").format(shown_path=shown(path))
            ) from None
        os.replace(built, path)


def _fill(
    source: peewee.Database,
    target: peewee.Database,
    location: str,
    progress: Progress | None,
    check: Check | None,
) -> dict[str, int]:
    """Migrate ``target``, replace its seeds and copy every row, all in one transaction."""
    try:
        with _snapshot(source):
            models = copy_models()
            counts = {model._meta.table_name: model.select().count(source) for model in models}
            with target.atomic():
                lock_writers(target)
                _migrate(target, location)
                _make_room(target, location)
                copy_rows(source, target, models, sum(counts.values()), progress)
                finish_tables(target, models)
                rebuild_for_settings(target)  # derived data: counted anew, not copied
                if check is not None:
                    check(source, target)
    except DealboardError:
        raise
    except Exception as exc:
        if not is_driver_error(exc):
            raise
        raise DatabaseError(
            _("{translate_error_exc_loca} Nothing was copied to {location}.").format(
                translate_error_exc_loca=translate_error(exc, location), location=location
            )
        ) from exc
    return counts


@contextlib.contextmanager
def _snapshot(source: peewee.Database) -> Iterator[None]:
    """Read the source in one consistent snapshot, without taking any write lock."""
    if source.transaction_depth() > 0:
        yield  # the caller's transaction is the snapshot
        return
    if is_postgres(source):
        with source.atomic():
            source.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    with source.atomic(lock_type="DEFERRED"):
        yield


def _migrate(target: peewee.Database, location: str) -> None:
    """Bring the target's schema up to date inside the copy's transaction."""
    runner = Runner(target, directory=str(MIGRATIONS_DIR), table_name=MIGRATION_TABLE)
    tables = set(target.get_tables())
    if tables and MIGRATION_TABLE not in tables:
        raise DatabaseError(
            _("{location} holds tables that dealboard did not make; {empty_hint}.").format(
                location=location, empty_hint=_(EMPTY_HINT)
            )
        )
    known = {migration.name for migration in runner.migrations()}
    unknown = set(runner.applied()) - known
    if unknown:
        raise SchemaTooNew(
            _(
                "{location} was made by a newer dealboard (schema {max_unknown}); upgrade dealboard, or copy into a new database."
            ).format(location=location, max_unknown=max(unknown))
        )
    if known - set(runner.applied()):
        runner.up()


def _values(db: peewee.Database, *fields: peewee.Field) -> list[tuple[Any, ...]]:
    model = fields[0].model
    return list(model.select(*fields).tuples().execute(db))


def _seeded_defaults(target: peewee.Database) -> bool:
    """Tell whether the seeded tables hold nothing, or exactly a new database's seeds."""
    phases = sorted(
        _values(target, Phase.name, Phase.probability, Phase.position, Phase.archived),
        key=lambda row: row[2],
    )
    reasons = sorted(_values(target, Reason.name, Reason.applies_to, Reason.archived))
    settings = dict(_values(target, Setting.key, Setting.value))
    if not (phases or reasons or settings):
        return True
    for lang in LANGUAGES:
        seeded_phases = [
            (name, probability, position, False)
            for position, (name, probability) in enumerate(DEFAULT_PHASES[lang], start=1)
        ]
        seeded_reasons = sorted((name, applies, False) for name, applies in DEFAULT_REASONS[lang])
        seeded_settings = {**DEFAULT_SETTINGS, "language": lang}
        if (phases, reasons, settings) == (seeded_phases, seeded_reasons, seeded_settings):
            return True
    return False


def _make_room(target: peewee.Database, location: str) -> None:
    """Refuse a target holding data; remove a new database's seeded defaults."""
    held = {
        model._meta.table_name: model.select().count(target)
        for model in ALL_MODELS
        if model not in SEEDED
    }
    found = ", ".join(
        f"{count} {TABLE_WORDS.get(table, f'{table} rows')}"
        for table, count in held.items()
        if count
    )
    if found:
        raise DatabaseError(
            _("{location} already holds dealboard data ({found}); {empty_hint}.").format(
                location=location, found=found, empty_hint=_(EMPTY_HINT)
            )
        )
    if not _seeded_defaults(target):
        raise DatabaseError(
            _(
                "{location} already holds phases, reasons or settings other than a new database's defaults; {empty_hint}."
            ).format(location=location, empty_hint=_(EMPTY_HINT))
        )
    for model in reversed(copy_models()):
        if model in SEEDED:
            model.delete().execute(target)
