"""Write a valid dealboard database of N deals with realistic history, fast.

``models.demo`` replays every step through the real operations, which is right for a demo
and far too slow for a million deals. This generator takes the bulk path but keeps every
rule: the file is first created by ``models.database.open_database`` (so the schema, the
migrations and the seed are dealboard's own), then ``tests.bench.simulate`` invents each
deal's life and returns the rows the operations would have written. They go in with
``executemany`` inside one transaction, with ``synchronous=OFF`` and no journal, into a
temporary file that is renamed into place only when complete. Indexes are built after the
rows are in, and CHECKs, foreign keys and the history rules are verified afterwards, before
any figure uses the file (``tests.bench.datasets``). No ``ANALYZE`` is run: the query
planner sees the file as a user's database would be.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.simulate import Simulator

GENERATOR_VERSION = 1  # bump when the data changes, so cached databases are made again
CHUNK = 20_000  # deals per executemany batch

DEAL_COLUMNS = (
    "id, title, organization, contact, owner, source, value_cents, phase_id, status,"
    " probability_override, probability_at_close, reason_id, competitor, close_note, note,"
    " expected_close, created_at, updated_at, closed_at, deleted_at, version"
)
EVENT_COLUMNS = "deal_id, at, actor, kind, field, old_value, new_value, phase_id, version"
# Nobody else sees the file until it is renamed: no journal, no fsync, a big page cache.
BULK_PRAGMAS = (
    "journal_mode=OFF",
    "synchronous=OFF",
    "cache_size=-262144",
    "temp_store=MEMORY",
    "locking_mode=EXCLUSIVE",
)


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


@dataclass
class Generated:
    """What ``generate`` wrote: live deals by status, deleted deals, events, seconds taken."""

    deals: int
    open: int
    accepted: int
    rejected: int
    deleted: int
    events: int
    seconds: float


def generate(
    path: Path,
    deals: int,
    *,
    seed: int = 1,
    now: dt.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Generated:
    """Write a database of ``deals`` deals at ``path`` (replacing it); return what it holds.

    History spans the 18 months before ``now`` (naive UTC, default the current time).
    """
    started = time.perf_counter()
    now = (now or dt.datetime.now(dt.UTC).replace(tzinfo=None)).replace(second=0, microsecond=0)
    building = path.with_name(f".{path.name}.building")
    remove_database(building)
    create_schema(building)
    conn = sqlite3.connect(building, isolation_level=None)
    try:
        phases = conn.execute(
            "SELECT id, name, probability FROM phase WHERE NOT archived ORDER BY position, id"
        ).fetchall()
        reasons = conn.execute(
            "SELECT id, name, applies_to FROM reason WHERE NOT archived ORDER BY id"
        ).fetchall()
        for pragma in BULK_PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
        if integrity_check_covers_checks():
            # CHECKs row by row are a third of the writing time; integrity_check proves every
            # CHECK and NOT NULL of every row afterwards, and a file that fails is never used.
            conn.execute("PRAGMA ignore_check_constraints=ON")
        # Indexes are built once at the end (a sort, not a million inserts); the same SQL
        # recreates them, so the schema ends exactly as dealboard made it.
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('deal', 'deal_event')"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        simulator = Simulator(random.Random(seed), now, deals, phases, reasons)
        deal_sql = f"INSERT INTO deal ({DEAL_COLUMNS}) VALUES ({', '.join('?' * 21)})"
        event_sql = f"INSERT INTO deal_event ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 9)})"
        conn.execute("BEGIN")
        for first in range(1, deals + 1, CHUNK):
            events: list[tuple[Any, ...]] = []
            last = min(first + CHUNK, deals + 1)
            rows = [simulator.deal(deal_id, events) for deal_id in range(first, last)]
            conn.executemany(deal_sql, rows)
            conn.executemany(event_sql, events)
            if progress:
                progress(last - 1, deals)
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
        conn.execute("PRAGMA locking_mode=NORMAL")
        conn.execute("PRAGMA journal_mode=WAL")  # as dealboard keeps it; stored in the file
        counts = dict(
            conn.execute(
                "SELECT status, COUNT(*) FROM deal WHERE deleted_at IS NULL GROUP BY status"
            ).fetchall()
        )
        deleted = conn.execute("SELECT COUNT(*) FROM deal WHERE deleted_at IS NOT NULL").fetchone()
        events_count = conn.execute("SELECT COUNT(*) FROM deal_event").fetchone()[0]
    except BaseException:
        conn.close()
        remove_database(building)
        raise
    conn.close()
    remove_database(path)
    building.replace(path)
    return Generated(
        deals=deals,
        open=counts.get("open", 0),
        accepted=counts.get("accepted", 0),
        rejected=counts.get("rejected", 0),
        deleted=deleted[0],
        events=events_count,
        seconds=round(time.perf_counter() - started, 2),
    )


def remove_database(path: Path) -> None:
    """Delete a database file and its -wal, -shm and -journal, where they exist."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()


def create_schema(path: Path) -> None:
    """Create the file with dealboard's own code: schema, migrations and seed."""
    from models import database as database_module
    from models.database import open_database
    from models.schema import database_proxy

    saved = (database_proxy.obj, database_module._info)
    try:
        open_database(path).close()
    finally:
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]
