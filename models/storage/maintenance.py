"""Keep the data healthy: an integrity and foreign-key check, and a verified online backup.

On PostgreSQL the server itself guarantees integrity and foreign keys (it has no
``integrity_check``), so ``check_database`` runs the domain checks and says so; backing up
a PostgreSQL database is pg_dump's job.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

import peewee

from models.domain.errors import DatabaseError
from models.domain.i18n import N_, _, ngettext
from models.domain.status import Status
from models.storage.database import SQLITE_HEADER, current_info, remove_database_files
from models.storage.foreign_rows import check_stored_values
from models.storage.owner_check import owner_warnings
from models.storage.reached_check import add_reached_findings
from models.storage.safe_files import (
    FileSafetyError,
    PartialFile,
    check_destination,
    data_file_mode,
    os_problem,
    partial_file,
)
from models.storage.schema import Deal, DealEvent, Phase, database_proxy
from models.storage.tally_check import tally_problems


@dataclass
class CheckResult:
    """The verdict of ``check_database``: problems found (empty when healthy) and counts."""

    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # Per deal and field, with stable keys (``Finding.as_dict``): the stored values among
    # ``problems``, the first ``MAX_LISTED`` of them; ``findings_left_off`` counts the rest.
    findings: list[dict[str, object]] = field(default_factory=list)
    findings_left_off: int = 0
    # What was checked, for the summary (English; marked for the catalog, translated where shown).
    checked: str = N_("the integrity and foreign-key checks")
    # Doubts that do not make the database unhealthy: owners that look like one person
    # (``models.storage.owner_check``), the first ``MAX_LISTED``; ``warnings_left_off`` the rest.
    warnings: list[dict[str, object]] = field(default_factory=list)
    warnings_left_off: int = 0

    @property
    def healthy(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def _domain_problems(result: CheckResult) -> list[str]:
    problems = []
    if not Phase.select().where(Phase.archived == False).exists():  # noqa: E712
        problems.append(_("There is no active phase; add or unarchive one."))
    orphans = (
        Deal.select()
        .where(Deal.status == Status.OPEN, Deal.deleted_at.is_null())
        .join(Phase)
        .where(Phase.archived == True)  # noqa: E712
        .count()
    )
    if orphans:
        problems.append(
            ngettext(
                "{orphans} open deal sits in an archived phase and is hidden from the board; move it or unarchive the phase.",
                "{orphans} open deals sit in an archived phase and are hidden from the board; move them or unarchive the phase.",
                orphans,
            ).format(orphans=orphans)
        )
    no_history = (
        Deal.select().where(~fn_exists(DealEvent.select().where(DealEvent.deal == Deal.id))).count()
    )
    if no_history:
        problems.append(
            ngettext(
                "{no_history} deal has no history at all.",
                "{no_history} deals have no history at all.",
                no_history,
            ).format(no_history=no_history)
        )
    stored = check_stored_values()
    result.findings = [finding.as_dict() for finding in stored.findings]
    result.findings_left_off = stored.left_off
    problems.extend(stored.problems)
    result.findings_left_off += add_reached_findings(result.findings, problems)
    if not problems:
        # Derived data last, as the domain checks come only after a clean integrity check:
        # tallies counted from damaged deals are not the first thing to fix, and a repair
        # by hand (around the operations) would leave them stale again.
        problems.extend(tally_problems())
    return problems


def fn_exists(query: peewee.Select) -> peewee.Function:
    """Return an SQL EXISTS(...) over ``query``."""
    return peewee.fn.EXISTS(query)


def check_database() -> CheckResult:
    """Run SQLite's integrity and foreign-key checks (where SQLite) and the domain checks.

    On PostgreSQL also check the change counter that live refresh reads (migration 0002).
    """
    db = database_proxy.obj
    result = CheckResult()
    if isinstance(db, peewee.SqliteDatabase):
        try:
            rows = [row[0] for row in db.execute_sql("PRAGMA integrity_check").fetchall()]
        except peewee.DatabaseError as exc:
            result.problems.append(_("The file is damaged: {exc}.").format(exc=exc))
            return result
        if rows != ["ok"]:
            result.problems.extend(f"Integrity: {row}" for row in rows[:20])
            return result
        fk = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        for table, rowid, parent, _index in fk[:20]:
            result.problems.append(
                _("Foreign key: {table} row {rowid} points to a missing {parent}.").format(
                    table=table, rowid=rowid, parent=parent
                )
            )
        if len(fk) > 20:
            result.problems.append(
                _("… and {len_fk_20} more broken foreign keys.").format(len_fk_20=len(fk) - 20)
            )
    else:
        result.checked = N_(
            "the domain checks, with integrity and foreign keys enforced by the PostgreSQL"
            " server itself"
        )
        counter = db.execute_sql("SELECT COUNT(*) FROM change_counter WHERE id = 1").fetchone()
        if not counter or counter[0] != 1:
            result.problems.append(
                _(
                    "The change_counter table has lost its row, so open apps no longer notice"
                    " other people's changes; restore the row (id 1) from a backup or re-insert it."
                )
            )
    result.problems.extend(_domain_problems(result))
    result.warnings, result.warnings_left_off = owner_warnings()
    result.counts = {
        "phases": Phase.select().count(),
        "deals": Deal.select().where(Deal.deleted_at.is_null()).count(),
        "deleted_deals": Deal.select().where(Deal.deleted_at.is_null(False)).count(),
        "events": DealEvent.select().count(),
    }
    return result


def backup_database(
    destination: str | os.PathLike[str],
    *,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Copy the open SQLite database to ``destination`` with the online backup API, verified.

    The copy is written beside the destination under an unpredictable temporary name (see
    ``models.storage.safe_files``), checked with ``integrity_check`` and row counts, and only then
    given the database file's mode (never wider) and put in place, so a failed backup never
    leaves a half-written file where a good one is expected. Others may keep writing.
    """
    db = database_proxy.obj
    info = current_info()
    if not isinstance(db, peewee.SqliteDatabase):
        raise DatabaseError(
            _(
                "Backup copies SQLite files only; back up a PostgreSQL database with pg_dump"
                " (for example pg_dump -Fc -f dealboard.dump DBNAME)."
            )
        )
    try:
        target = check_destination(destination, overwrite=overwrite, what=N_("backup"))
    except FileSafetyError as exc:
        raise DatabaseError(str(exc)) from None
    with contextlib.suppress(OSError):
        if os.path.samefile(target, info.location):
            raise DatabaseError(_("The backup cannot be written over the database itself."))
    try:
        with partial_file(target) as partial:
            counts = _copy_verified(db, partial, progress)
            remove_database_files(target, main=False)  # an old -wal there would be replayed
            partial.place(mode=data_file_mode(), overwrite=overwrite)
    except FileSafetyError as exc:
        raise DatabaseError(str(exc)) from None
    except OSError as exc:
        raise DatabaseError(os_problem(exc, target)) from exc
    except sqlite3.Error as exc:
        raise DatabaseError(_("The backup failed: {exc}.").format(exc=exc)) from exc
    return counts


def _copy_verified(
    db: peewee.SqliteDatabase,
    partial: PartialFile,
    progress: Callable[[int, int], None] | None,
) -> dict[str, int]:
    """Copy the database into the temporary file, check the copy, and return its counts."""
    copy = sqlite3.connect(str(partial.path))
    source = db.connection()
    # Copy from one read snapshot: without it, every commit by another process between two
    # steps restarts the backup, which then never ends while people keep saving. In WAL mode
    # the open read transaction does not block writers.
    pinned = not source.in_transaction
    try:
        # SQLite opens a file by name: make sure the name still was our own file, not a
        # link someone put there, before a single page is written.
        if not partial.still_ours() or _opened_file(copy) != os.path.realpath(partial.path):
            raise DatabaseError(
                _(
                    "The temporary file beside {partial_target} was replaced by someone else; nothing was written."
                ).format(partial_target=partial.target)
            )
        if pinned:
            source.execute("BEGIN")
            source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        source.backup(
            copy,
            pages=256,
            progress=(lambda _status, remaining, total: progress(total - remaining, total))
            if progress
            else None,
        )
        copy.execute("PRAGMA journal_mode=DELETE")
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        counts = {
            table: copy.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("phase", "reason", "deal", "deal_event")
        }
    finally:
        if pinned and source.in_transaction:
            source.execute("COMMIT")
        copy.close()
    if verdict != "ok":
        raise DatabaseError(
            _("The backup failed its integrity check: {verdict}.").format(verdict=verdict)
        )
    if os.pread(partial.fd, len(SQLITE_HEADER), 0) != SQLITE_HEADER:
        raise DatabaseError(_("The backup is not a valid SQLite file."))
    return counts


def _opened_file(connection: sqlite3.Connection) -> str:
    """The file SQLite really opened for ``connection`` (symbolic links resolved)."""
    return str(connection.execute("PRAGMA database_list").fetchone()[2])
