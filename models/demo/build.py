"""Build a demo database: realistic deals with 18 months of history, made by the real operations.

``build_demo`` first plans every deal with ``models.demo.plan`` (who owns it, where it came
from, which phases it passes through, whether it is won, lost, reopened, corrected or deleted,
and when each step happens), then replays all steps of all deals in time order through ``models.operations.deals``. So the demo data
obeys exactly the rules, history and versions that users' data does, and event ids run in time
order as they would in a real database. The same ``seed`` and ``now`` give the same rows.

Replaying costs about 4 ms a deal. Above ``BULK_ABOVE`` deals the demo takes the bulk path
instead (``models.demo.bulk``): the same kind of deals, names and history, written as the
rows the operations would have written, in blocks made side by side on the machine's cores
(a million deals in about a minute). There each deal's events follow one another, rather
than all events running in time order, and the file is checked (``integrity_check``, which
also proves every CHECK, and ``foreign_key_check``) before it is put in place.

The file is built under a temporary name beside the target and renamed into place only when
complete, so an interrupted run never leaves a half-written database behind.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import peewee
from peewee import fn

from models.demo.data import TEAM
from models.demo.plan import Planner
from models.domain.errors import DatabaseError, ValidationError
from models.domain.i18n import _
from models.domain.status import CLOSED_STATUSES, Status
from models.operations.deals import (
    accept_deal,
    create_deal,
    delete_deal,
    edit_deal,
    move_deal,
    reject_deal,
    reopen_deal,
    restore_deal,
    switch_outcome,
)
from models.operations.history import utcnow
from models.operations.lookup import active_phases
from models.operations.people import add_person
from models.operations.reasons import reasons_for
from models.storage import database as database_module
from models.storage.database import (
    is_postgres_url,
    open_database,
    remove_database_files,
    sqlite_path,
    translate_error,
)
from models.storage.rows import tuples
from models.storage.safe_files import FileSafetyError, PartialFile, check_destination, partial_file
from models.storage.schema import Deal, DealEvent, Reason, database_proxy
from models.storage.seed import LANGUAGES

MAX_DEALS = 2_000_000
# Up to this many deals the demo replays every step through the real operations: 20,000 take
# about 80 s that way (4 ms a deal), the sizes people browse stay history made by the
# code users run, and the default (2,000) and the screenshots' demo are far below it. Above
# it the bulk path writes the rows directly: a million deals in about a minute, not an hour.
BULK_ABOVE = 20_000
PROGRESS_EVERY = 100

_OPERATIONS: dict[str, Callable[..., Deal]] = {
    "move": move_deal,
    "edit": edit_deal,
    Status.ACCEPTED: accept_deal,
    Status.REJECTED: reject_deal,
    "switch": switch_outcome,
    "reopen": reopen_deal,
    "delete": delete_deal,
    "restore": restore_deal,
}


@dataclass
class DemoSummary:
    """What ``build_demo`` wrote: deals by status (deleted deals counted apart), events, time."""

    deals: int
    open: int
    accepted: int
    rejected: int
    deleted: int
    events: int
    seconds: float


def build_demo(
    target: str | os.PathLike[str],
    *,
    deals: int = 500,
    seed: int = 1,
    lang: str = "en",
    now: dt.datetime | None = None,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Write a new SQLite database at ``target`` full of demo deals; return what it holds.

    History spans the 18 months before ``now`` (naive UTC, default the current time).
    ``progress(done, total)`` is called about every hundred deals (every ``BLOCK`` of
    ``models.demo.bulk`` above ``BULK_ABOVE`` deals). An existing ``target`` is refused
    unless ``overwrite``. The previously open database, if any, stays bound.
    """
    started = time.perf_counter()
    if isinstance(deals, bool) or not isinstance(deals, int) or not 0 <= deals <= MAX_DEALS:
        raise ValidationError("deals", f"The number of deals must be from 0 to {MAX_DEALS:,}.")
    if lang not in LANGUAGES:
        raise ValidationError("language", f"Language must be one of {', '.join(LANGUAGES)}.")
    path = _target_path(target, overwrite=overwrite)
    if now is None:
        now = utcnow()
    elif now.tzinfo is not None:
        now = now.astimezone(dt.UTC).replace(tzinfo=None)
    now = now.replace(microsecond=0)
    saved = (database_proxy.obj, database_module._info)
    try:
        with partial_file(path, suffix=".building") as partial:
            try:
                summary = _build_in(partial, deals, seed, lang, now, progress)
                # Whatever -wal is beside the target (of the file being replaced, or an orphan
                # of one deleted without it) would be replayed onto the new file: drop it.
                remove_database_files(path, main=False)
                partial.place(mode=_database_mode(path), overwrite=overwrite)
            finally:
                remove_database_files(partial.path, main=False)
    except FileSafetyError as exc:
        raise DatabaseError(str(exc)) from None
    except OSError as exc:
        raise DatabaseError(
            _("Cannot write the demo database {path}: {reason}.").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    except (peewee.DatabaseError, sqlite3.Error) as exc:  # e.g. a full disk at commit
        raise translate_error(exc, str(path)) from exc
    finally:
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def _build_in(
    partial: PartialFile,
    deals: int,
    seed: int,
    lang: str,
    now: dt.datetime,
    progress: Callable[[int, int], None] | None,
) -> DemoSummary:
    """Build the demo in the temporary file: it starts as an empty SQLite database."""
    view = memoryview(_empty_database())
    while view:
        view = view[os.write(partial.fd, view) :]
    if deals > BULK_ABOVE:
        summary = _build_bulk(partial.path, deals, seed, lang, now, progress)
    else:
        summary = _build_replayed(partial.path, deals, seed, lang, now, progress)
    remove_database_files(partial.path, main=False)
    return summary


def _empty_database() -> bytes:
    """The bytes of an SQLite database without tables, to start the temporary file with."""
    memory = sqlite3.connect(":memory:")
    try:
        memory.execute("CREATE TABLE empty (x)")
        memory.execute("DROP TABLE empty")
        memory.commit()
        memory.execute("VACUUM")
        return memory.serialize()
    finally:
        memory.close()


def _database_mode(path: Path) -> int:
    """A new database is private to its owner, or to the group in a setgid team directory."""
    return 0o660 if path.parent.stat().st_mode & stat.S_ISGID else 0o600


def _build_replayed(
    building: Path,
    deals: int,
    seed: int,
    lang: str,
    now: dt.datetime,
    progress: Callable[[int, int], None] | None,
) -> DemoSummary:
    """Make the file and replay every planned step through the operations."""
    db = open_database(building, lang=lang)
    try:
        # Nobody else can see the file until it is renamed, so skip fsyncs while building.
        db.execute_sql("PRAGMA synchronous=OFF")
        with db.atomic():
            add_team()
            _generate(deals, random.Random(seed), lang, now, progress)
        db.execute_sql("PRAGMA synchronous=FULL")  # the checkpoint then syncs the file
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return _summarize()
    finally:
        db.close()


def _build_bulk(
    building: Path,
    deals: int,
    seed: int,
    lang: str,
    now: dt.datetime,
    progress: Callable[[int, int], None] | None,
) -> DemoSummary:
    """Make the file, write the deals in bulk, verify the file and flush it to the disk."""
    from models.demo.bulk import sync_file, verify, write_deals  # its process pool only here

    db = open_database(building, lang=lang)  # dealboard's own schema, migrations and seed
    try:
        add_team()
    finally:
        db.close()
    counts = write_deals(building, deals, seed=seed, lang=lang, now=now, progress=progress)
    problems = verify(building)
    if problems:
        raise DatabaseError(
            "The demo database failed its checks and was not kept: " + "; ".join(problems[:3])
        )
    sync_file(building)
    return DemoSummary(
        deals=deals,
        open=counts.open,
        accepted=counts.accepted,
        rejected=counts.rejected,
        deleted=counts.deleted,
        events=counts.events,
        seconds=0.0,
    )


def _target_path(target: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """Check where the demo goes: a new (or, if allowed, replaced) file in an existing dir."""
    text = os.fspath(target)
    if not text:
        raise DatabaseError("Give a file name for the demo database.")
    if is_postgres_url(text):
        raise DatabaseError("The demo is written to an SQLite file, not a PostgreSQL server.")
    try:
        return check_destination(sqlite_path(text), overwrite=overwrite, what="demo database")
    except FileSafetyError as exc:
        raise DatabaseError(str(exc)) from None


def _summarize() -> DemoSummary:
    live = {
        status: count
        for status, count in tuples(
            Deal.select(Deal.status, fn.COUNT(Deal.id))
            .where(Deal.deleted_at.is_null())
            .group_by(Deal.status)
        )
    }
    return DemoSummary(
        deals=Deal.select().count(),
        open=live.get(Status.OPEN, 0),
        accepted=live.get(Status.ACCEPTED, 0),
        rejected=live.get(Status.REJECTED, 0),
        deleted=Deal.select().where(Deal.deleted_at.is_null(False)).count(),
        events=DealEvent.select().count(),
        seconds=0.0,
    )


def add_team() -> None:
    """The sales team as people: each login's display name is the owner its deals show."""
    for owner, login, _weight in TEAM:
        add_person(login, owner)


def _generate(
    count: int,
    rng: random.Random,
    lang: str,
    now: dt.datetime,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Plan ``count`` deals, then replay all their steps in time order."""
    reasons: dict[str, list[Reason]] = {
        outcome: reasons_for(outcome) for outcome in CLOSED_STATUSES
    }
    planner = Planner(rng, lang=lang, now=now, count=count, phases=active_phases(), reasons=reasons)
    plans = [planner.plan_deal() for _ in range(count)]
    # One timeline for all deals: deal ids follow creation time and event ids follow time.
    timeline = sorted(
        (step.at, index, number)
        for index, plan in enumerate(plans)
        for number, step in enumerate(plan)
    )
    ids = [0] * count
    remaining = [len(plan) for plan in plans]
    done = 0
    if progress:
        progress(0, count)
    for _moment, index, number in timeline:
        step = plans[index][number]
        if step.kind == "create":
            ids[index] = create_deal(actor=step.actor, at=step.at, **step.args).id
        else:
            _OPERATIONS[step.kind](ids[index], actor=step.actor, at=step.at, **step.args)
        remaining[index] -= 1
        if remaining[index] == 0:
            done += 1
            if progress and (done % PROGRESS_EVERY == 0 or done == count):
                progress(done, count)
