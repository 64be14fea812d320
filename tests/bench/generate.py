"""Write a valid dealboard database of N deals with realistic history, fast.

The benchmarks use the product's own bulk path, the one ``dealboard demo`` takes for big
demos (``models.demo.bulk``): the file is first created by ``models.storage.database.open_database``
(so the schema, the migrations and the seed are dealboard's own), then
``models.demo.simulate`` invents each deal's life in blocks, on every core, and the rows the
operations would have written go in with ``INSERT … SELECT`` per block, with no journal and
no fsync, into a temporary file that is renamed into place only when complete. CHECKs,
foreign keys and the history rules are verified afterwards, before any figure uses the file
(``tests.bench.datasets``). No ``ANALYZE`` is run: the query planner sees the file as a
user's database would be.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from models.demo.bulk import write_deals

# Bump when the data changes, so cached databases are made again. 2: made by the product's
# bulk path (models.demo.bulk), shaped as the demo, minute timestamps.
GENERATOR_VERSION = 2


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
    try:
        create_schema(building)
        counts = write_deals(building, deals, seed=seed, lang="en", now=now, progress=progress)
    except BaseException:
        remove_database(building)
        raise
    remove_database(path)
    building.replace(path)
    return Generated(
        deals=deals,
        open=counts.open,
        accepted=counts.accepted,
        rejected=counts.rejected,
        deleted=counts.deleted,
        events=counts.events,
        seconds=round(time.perf_counter() - started, 2),
    )


def remove_database(path: Path) -> None:
    """Delete a database file and its -wal, -shm and -journal, where they exist."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        with contextlib.suppress(FileNotFoundError):
            (path.parent / name).unlink()


def create_schema(path: Path) -> None:
    """Create the file with dealboard's own code: schema, migrations and seed."""
    from models.storage import database as database_module
    from models.storage.database import open_database
    from models.storage.schema import database_proxy

    saved = (database_proxy.obj, database_module._info)
    try:
        open_database(path).close()
    finally:
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]
