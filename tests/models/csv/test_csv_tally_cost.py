"""A CSV import creating many phases keeps the report tallies at a cost linear in what it stores.

Each imported deal reaches its phase and every active phase before it, so a file of N rows
each in a new phase leaves about N² phase pairs in ``report_tally`` (the tally's own size).
Settled deal by deal, every deal wrote its whole contribution (k² pairs for k phases
reached): about N³/3 rows written, and the self-join that counted them grew the same way.
Settled once for the whole import, each stored row is written once. The test counts, with
SQLite's own hooks (the trace callback for each statement run, the progress handler for the
virtual machine's instructions), the rows written to ``report_tally`` and the SQL work of the
import, per row it stores, at N = 20 and N = 80: that ratio must not grow with N (old code:
×3.2 for the writes). Counts, not times, so a loaded machine cannot make it pass or fail.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import peewee

from models.csv.importer import import_deals
from models.storage import database as database_module
from models.storage.database import open_database
from models.storage.schema import database_proxy
from models.storage.tally import read
from models.storage.tally_statements import KINDS
from tests.conftest import ACTOR
from tests.models.csv.csv_helpers import csv_text, write_file
from tests.models.storage.tally_oracle import assert_current

STEP = 1000  # virtual machine instructions per progress call
SMALL, LARGE = 20, 80


@dataclass
class Work:
    """What one import cost the database, and what it left in ``report_tally``."""

    tally_writes: int = 0  # rows written to report_tally (each executemany row counts)
    vm_steps: int = 0  # thousands of SQLite virtual machine instructions
    stored: int = 0  # report_tally rows afterwards


@contextmanager
def counted(connection: sqlite3.Connection, work: Work) -> Iterator[None]:
    """Count ``report_tally`` writes and VM instructions on ``connection`` meanwhile."""

    def traced(statement: str) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO REPORT_TALLY"):
            work.tally_writes += 1

    def progressed() -> int:
        work.vm_steps += 1
        return 0  # go on

    connection.set_trace_callback(traced)
    connection.set_progress_handler(progressed, STEP)
    try:
        yield
    finally:
        connection.set_trace_callback(None)
        connection.set_progress_handler(None, STEP)


def rows(count: int) -> list[dict[str, str]]:
    """``count`` deals, each in a phase of its own that the import creates; a third closed."""
    result = []
    for number in range(count):
        row = {
            "title": f"Deal {number}",
            "phase": f"Stage {number:03d}",
            "value": str(1000 + number),
            "created_at": "2026-01-05T09:00:00Z",
        }
        if number % 3 == 1:
            row.update(status="accepted", closed_at="2026-03-02T10:00:00Z")
        result.append(row)
    return result


def import_work(db: peewee.Database, folder: Path, count: int) -> Work:
    """Import ``count`` rows creating ``count`` phases into a database without deals."""
    path = write_file(folder, csv_text(*rows(count)), f"deals_{count}.csv")
    work = Work()
    with counted(db.connection(), work):
        result = import_deals(path, actor=ACTOR, create_missing=True)
    assert result.deals == count and len(result.created_phases) == count
    work.stored = len(read(db, KINDS))
    return work


@contextmanager
def fresh_database(template: Path, path: Path) -> Iterator[peewee.Database]:
    """A copy of the session's template (migrated and seeded, no deals), open and bound."""
    saved = (database_proxy.obj, database_module._info)
    shutil.copy(template, path)
    database = open_database(str(path))
    try:
        yield database
    finally:
        database.close()
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]


def test_tally_work_per_stored_row_does_not_grow_with_the_phases(
    sqlite_template: Path, tmp_path: Path
) -> None:
    works = {}
    for count in (SMALL, LARGE):
        with fresh_database(sqlite_template, tmp_path / f"deals_{count}.sqlite") as db:
            works[count] = import_work(db, tmp_path, count)
            assert_current(db)  # the kept tallies are exactly a rebuild's
    small, large = works[SMALL], works[LARGE]
    # The file's pairs alone make many more stored rows at N = 80 (about N², so ×12 here).
    assert large.stored > 8 * small.stored
    # Per stored row, the writes and the SQL work stay flat (deal by deal: both ×3.3).
    writes_growth = (large.tally_writes / large.stored) / (small.tally_writes / small.stored)
    assert writes_growth < 1.25, (small, large)
    steps_growth = (large.vm_steps / large.stored) / (small.vm_steps / small.stored)
    assert steps_growth < 1.5, (small, large)
    # Each stored row is written once per import (deal by deal: 8 and 28 times).
    assert small.tally_writes <= small.stored and large.tally_writes <= large.stored
