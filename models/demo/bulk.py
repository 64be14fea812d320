"""Write a big demo database fast: the bulk path of ``models.demo.build``.

Replaying every step through the operations costs about 4 ms a deal, more than an hour for
a million. This path writes the same kind of rows directly. The file is first made by
``models.storage.database.open_database`` (the schema, migrations and seed are dealboard's own); then
``models.demo.simulate`` invents the deals in blocks of ``BLOCK``, in worker processes when
the machine has more than one core. A worker puts its block into an in-memory SQLite
database and hands it over whole (``Connection.serialize``); this process attaches each block
in order and copies it with ``INSERT … SELECT``, which keeps the indexes up to date as it
goes (ids rise, so most index entries land at an end: about as cheap as building the indexes
afterwards, and done while the workers make the next blocks). Nobody else can see the file
while it is written, so it has no journal and no fsyncs; CHECKs are proven afterwards by
``PRAGMA integrity_check`` where this SQLite's check covers them (``verify``). Blocks are
seeded by their number, so the rows do not depend on how many workers made them.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import itertools
import multiprocessing
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import peewee

from models.demo.bulk_tallies import count_tallies, store_tallies, sum_tallies, tally_zone
from models.demo.simulate import Cast, Row, make_cast, simulate_block
from models.domain.errors import DatabaseError
from models.domain.periods import zone
from models.domain.status import Status
from models.operations.reached_rows import reached_from_events
from models.operations.stay_rows import stays_from_events
from models.storage.tally import Tallies, TallySql

BLOCK = 10_000  # deals per block: about 12 MB of rows and half a second of a worker's time
DEAL_COLUMNS = (
    "id, title, organization, contact, owner, source, value_cents, phase_id, status,"
    " probability_override, probability_at_close, reason_id, competitor, close_note, note,"
    " expected_close, created_at, updated_at, closed_at, deleted_at, version, next_step,"
    " next_step_date"
)
DEAL_MARKS = ", ".join("?" * len(DEAL_COLUMNS.split(",")))
EVENT_COLUMNS = "deal_id, at, actor, kind, field, old_value, new_value, phase_id, version"
REACHED_COLUMNS = "deal_id, phase_id, at"
STAY_COLUMNS = "deal_id, phase_id, started_at, ended_at"
PHASE_TIME_COLUMNS = "deal_id, phase_id, seconds, running_since, latest"
# Nobody else sees the file until it is renamed: no journal, no fsync, a big page cache.
BULK_PRAGMAS = (
    "journal_mode=OFF",
    "synchronous=OFF",
    "cache_size=-262144",
    "temp_store=MEMORY",
    "locking_mode=EXCLUSIVE",
)

# A block as a worker hands it over: a serialized in-memory database of its rows (copied
# with INSERT … SELECT), or, where sqlite3 cannot serialize, the rows themselves.
Block = bytes | tuple[list[Row], list[Row], list[Row], list[Row]]  # deals, events, reached, stays
SERIALIZE = hasattr(sqlite3.Connection, "serialize")

_cast: Cast | None = None  # a worker's copy of the demo's shared cast
_zone_name: str | None = None  # the time zone a worker counts the report tallies in


@dataclass
class BulkCounts:
    """What ``write_deals`` wrote: live deals by status, deleted deals, history events."""

    open: int = 0
    accepted: int = 0
    rejected: int = 0
    deleted: int = 0
    events: int = 0

    def add(self, other: BulkCounts) -> None:
        """Add another block's counts to these."""
        self.open += other.open
        self.accepted += other.accepted
        self.rejected += other.rejected
        self.deleted += other.deleted
        self.events += other.events


def write_deals(
    path: Path,
    deals: int,
    *,
    seed: int,
    lang: str,
    now: dt.datetime,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> BulkCounts:
    """Add ``deals`` demo deals with their history to the new, empty database at ``path``.

    ``path`` must have been made by ``open_database`` and be closed, and nobody else may
    use it until this returns. History spans the 18 months before ``now`` (naive UTC).
    ``progress(done, total)`` is called after every block; ``workers`` defaults to the
    number of cores this process may use. The file is left in WAL mode, as dealboard keeps
    it, with its report tallies counted (per block by the workers,
    ``models.demo.bulk_tallies``), but not yet verified: run ``verify``.
    """
    conn = sqlite3.connect(path)
    try:
        phases = conn.execute(
            "SELECT id, name, probability FROM phase WHERE NOT archived ORDER BY position, id"
        ).fetchall()
        reasons = conn.execute(
            "SELECT id, name, applies_to FROM reason WHERE NOT archived ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    cast = make_cast(seed, lang=lang, now=now, count=deals, phases=phases, reasons=reasons)
    zone_name = tally_zone(path)
    counts, done = BulkCounts(), 0
    tallies: Tallies | None = {}
    if progress:
        progress(0, deals)
    # The workers start before the file is opened here, so none inherits an open connection.
    with _blocks(cast, deals, workers, zone_name) as blocks:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            for pragma in BULK_PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
            if integrity_check_covers_checks():
                # CHECKs row by row cost a third of the writing; integrity_check proves them.
                conn.execute("PRAGMA ignore_check_constraints=ON")
            conn.execute("ATTACH ':memory:' AS block")
            for data, block_counts, block_tallies in blocks:
                _copy_block(conn, data)
                counts.add(block_counts)
                tallies = sum_tallies(tallies, block_tallies)
                done = min(done + BLOCK, deals)
                if progress:
                    progress(done, deals)
            conn.execute("DETACH block")
            conn.execute("PRAGMA locking_mode=NORMAL")
            conn.execute("PRAGMA journal_mode=WAL")  # as dealboard keeps it; stored in the file
        finally:
            conn.close()
    if tallies is not None and zone_name is not None:
        store_tallies(path, tallies, zone_name)
    else:
        count_tallies(path)
    return counts


def make_block(
    cast: Cast, block: int, first: int, count: int, zone_name: str | None = None
) -> tuple[Block, BulkCounts, Tallies | None]:
    """Invent one block of deals; return it as a serialized SQLite database, with counts.

    With ``zone_name`` the block's report tallies and phase times are counted too, from the
    block's own rows with the statements the operations use (``models.storage.tally``):
    they add up, and counting a block in a worker costs a fraction of counting a million
    deals at the end. Where this Python's sqlite3 cannot serialize, the block is the lists
    of rows instead, and the tallies are counted after all blocks are written.
    """
    deals, events = simulate_block(cast, block, first, count)
    # The demo never reorders or archives phases: every block shares the cast's board order.
    reached = reached_from_events(events, [(phase[0], True) for phase in cast.phases])
    stays = stays_from_events(events)
    data: Block = (deals, events, reached, stays)
    tallies: Tallies | None = None
    if SERIALIZE:
        db = peewee.SqliteDatabase(":memory:")
        conn = db.connection()
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            # Typed ids and indexes: the tally statements join on them.
            rest = DEAL_COLUMNS.split(",", 1)[1]
            conn.execute(f"CREATE TABLE deal (id INTEGER PRIMARY KEY,{rest})")
            # deal_id INTEGER as in the file: an untyped one would not use the indexes.
            events_typed = EVENT_COLUMNS.replace("deal_id", "deal_id INTEGER", 1)
            conn.execute(f"CREATE TABLE deal_event (id INTEGER PRIMARY KEY, {events_typed})")
            conn.execute("CREATE TABLE deal_reached (deal_id INTEGER, phase_id INTEGER, at)")
            conn.execute(
                "CREATE TABLE deal_stay (deal_id INTEGER, phase_id INTEGER, started_at, ended_at)"
            )
            conn.execute(f"CREATE TABLE deal_phase_time ({PHASE_TIME_COLUMNS})")
            conn.execute("BEGIN")
            conn.executemany(f"INSERT INTO deal VALUES ({DEAL_MARKS})", deals)
            conn.executemany(
                f"INSERT INTO deal_event ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 9)})", events
            )
            conn.executemany("INSERT INTO deal_reached VALUES (?, ?, ?)", reached)
            conn.executemany("INSERT INTO deal_stay VALUES (?, ?, ?, ?)", stays)
            conn.execute("COMMIT")
            if zone_name is not None:
                conn.execute("CREATE INDEX block_event ON deal_event (deal_id, kind, field, at)")
                conn.execute(
                    "CREATE UNIQUE INDEX block_reached ON deal_reached (deal_id, phase_id)"
                )
                conn.execute("CREATE INDEX block_stay ON deal_stay (deal_id, phase_id)")
                counting = TallySql(db, zone(zone_name))
                counting.refresh_phase_time()
                tallies = counting.contributions()
            data = conn.serialize()
        finally:
            db.close()
    counts = BulkCounts(events=len(events))
    for row in deals:  # status is column 8, deleted_at column 19
        if row[19] is not None:
            counts.deleted += 1
        elif row[8] == Status.OPEN:
            counts.open += 1
        elif row[8] == Status.ACCEPTED:
            counts.accepted += 1
        else:
            counts.rejected += 1
    return data, counts, tallies


def _copy_block(conn: sqlite3.Connection, data: Block) -> None:
    """Add one block's rows to the file, in one transaction."""
    if isinstance(data, bytes):
        conn.deserialize(data, name="block")
        conn.execute("BEGIN")
        conn.execute(f"INSERT INTO deal ({DEAL_COLUMNS}) SELECT * FROM block.deal")
        conn.execute(
            f"INSERT INTO deal_event ({EVENT_COLUMNS})"
            f" SELECT {EVENT_COLUMNS} FROM block.deal_event ORDER BY rowid"
        )
        conn.execute(
            f"INSERT INTO deal_reached ({REACHED_COLUMNS})"
            " SELECT * FROM block.deal_reached ORDER BY rowid"
        )
        conn.execute(
            f"INSERT INTO deal_stay ({STAY_COLUMNS}) SELECT * FROM block.deal_stay ORDER BY rowid"
        )
        conn.execute(
            f"INSERT INTO deal_phase_time ({PHASE_TIME_COLUMNS})"
            f" SELECT {PHASE_TIME_COLUMNS} FROM block.deal_phase_time"
        )
    else:
        deals, events, reached, stays = data
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO deal ({DEAL_COLUMNS}) VALUES ({', '.join('?' * 23)})", deals)
        conn.executemany(
            f"INSERT INTO deal_event ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 9)})", events
        )
        conn.executemany(f"INSERT INTO deal_reached ({REACHED_COLUMNS}) VALUES (?, ?, ?)", reached)
        conn.executemany(f"INSERT INTO deal_stay ({STAY_COLUMNS}) VALUES (?, ?, ?, ?)", stays)
    conn.execute("COMMIT")


@contextlib.contextmanager
def _blocks(
    cast: Cast, deals: int, workers: int | None, zone_name: str | None = None
) -> Iterator[Iterator[tuple[Block, BulkCounts, Tallies | None]]]:
    """Yield the blocks in order, made here or by a pool of worker processes."""
    plan = [
        (number, first, min(BLOCK, deals + 1 - first))
        for number, first in enumerate(range(1, deals + 1, BLOCK))
    ]
    workers = min(workers or usable_cores(), len(plan))
    if workers <= 1:
        yield (make_block(cast, *args, zone_name) for args in plan)
        return
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_start_worker, initargs=(cast, zone_name)
    )
    try:
        results = _in_order(pool, plan, ahead=2 * workers)
        first = next(results)  # starts the workers (and blocks until the first block is made)
        yield itertools.chain([first], results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_order(
    pool: ProcessPoolExecutor, plan: list[tuple[int, int, int]], ahead: int
) -> Iterator[tuple[Block, BulkCounts, Tallies | None]]:
    """Run the plan on the pool, at most ``ahead`` blocks in flight; yield results in order.

    A worker that dies (e.g. the system ran out of memory and killed it) breaks the pool;
    that shows up either as the result of a block or, when it happens between two blocks,
    as the next submission being refused. Both become the same clear error.
    """
    try:
        yield from _in_order_on(pool, plan, ahead)
    except BrokenProcessPool as exc:
        raise DatabaseError(
            "A process making demo deals stopped unexpectedly; nothing was kept."
        ) from exc


def _in_order_on(
    pool: ProcessPoolExecutor, plan: list[tuple[int, int, int]], ahead: int
) -> Iterator[tuple[Block, BulkCounts, Tallies | None]]:
    """The plan on the pool, results in order; a broken pool's error passes through."""
    waiting = iter(plan)
    pending: collections.deque[Future[tuple[Block, BulkCounts, Tallies | None]]] = (
        collections.deque()
    )
    for args in waiting:
        pending.append(pool.submit(_worker_block, *args))
        if len(pending) == ahead:
            break
    while pending:
        result = pending.popleft().result()
        following = next(waiting, None)
        if following is not None:
            pending.append(pool.submit(_worker_block, *following))
        yield result


def _context() -> multiprocessing.context.BaseContext:
    """How workers start: forked on Linux, spawned elsewhere.

    Forking is quick and imports nothing again; spawning imports the main module again,
    which dealboard's entry points allow.
    """
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker(cast: Cast, zone_name: str | None = None) -> None:
    """Set up a worker: keep the cast and zone; Ctrl-C is the parent's (it stops the pool)."""
    global _cast, _zone_name
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _cast, _zone_name = cast, zone_name


def _worker_block(block: int, first: int, count: int) -> tuple[Block, BulkCounts, Tallies | None]:
    """Make one block in a worker, from the cast and zone it was started with."""
    assert _cast is not None, "the worker was not started by _start_worker"
    return make_block(_cast, block, first, count, _zone_name)


def usable_cores() -> int:
    """The number of cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def verify(path: Path) -> list[str]:
    """Check a written file: ``integrity_check`` and ``foreign_key_check``, side by side.

    Returns the problems found (empty when healthy). ``integrity_check`` also proves every
    CHECK and NOT NULL of every row (see ``integrity_check_covers_checks``).
    """

    def run(sql: str) -> list[tuple]:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA cache_size=-65536")
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    with ThreadPoolExecutor(2) as pool:  # sqlite3 lets go of the GIL while it works
        integrity = pool.submit(run, "PRAGMA integrity_check")
        keys = pool.submit(run, "PRAGMA foreign_key_check")
    problems = [f"integrity: {row[0]}" for row in integrity.result() if row[0] != "ok"]
    problems += [f"foreign key: {row[0]} row {row[1]} → {row[2]}" for row in keys.result()]
    return problems[:20]


def integrity_check_covers_checks() -> bool:
    """Whether this SQLite's ``PRAGMA integrity_check`` reports rows that break a CHECK."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE t (a INTEGER CHECK (a > 0))")
        conn.execute("PRAGMA ignore_check_constraints=ON")
        conn.execute("INSERT INTO t VALUES (-1)")
        conn.execute("PRAGMA ignore_check_constraints=OFF")
        return conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    finally:
        conn.close()


def sync_file(path: Path) -> None:
    """Flush the written file to the disk, so the rename that publishes it is safe."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
