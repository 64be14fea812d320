"""A -wal file left beside a path by another database is never replayed onto a new file there.

SQLite cannot tell whose write-ahead log a -wal file is. When a database is deleted without
its -wal (or replaced while another process kept it open) and a new file is renamed into
its place, the old log would be applied to the new file: the demo then showed the old
database's deals, not its own. Both files that dealboard renames into place, the demo and
the backup, clear that path's -wal and -shm first.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from models.demo.build import build_demo
from models.operations import deals
from models.storage.database import open_database
from models.storage.maintenance import backup_database
from models.storage.schema import database_proxy

# The demo's clock: a demo may repeat a title, so the tests count rows, and a fixed ``now``
# keeps the rows the same whatever day the suite runs.
NOW = dt.datetime(2026, 6, 15, 10, 0)


def titles(path: Path) -> list[str]:
    """The deal titles in a file, one per row, read as support staff would (plain sqlite3)."""
    with sqlite3.connect(path) as conn:
        return sorted(row[0] for row in conn.execute("SELECT title FROM deal"))


def leave_a_wal(tmp_path: Path) -> tuple[Path, Path]:
    """A database whose last saves are still in its -wal; return copies of -wal and -shm."""
    source = tmp_path / "old.sqlite"
    db = open_database(source)
    db.execute_sql("PRAGMA wal_autocheckpoint=0")  # keep every save in the -wal
    for n in range(20):
        deals.create_deal(f"Old deal {n}", actor="anna", note="x" * 2000)
    wal, shm = tmp_path / "saved-wal", tmp_path / "saved-shm"
    shutil.copy(f"{source}-wal", wal)
    shutil.copy(f"{source}-shm", shm)
    db.close()
    return wal, shm


def plant(wal: Path, shm: Path, target: Path) -> None:
    """Put another database's -wal and -shm beside ``target``."""
    shutil.copy(wal, f"{target}-wal")
    shutil.copy(shm, f"{target}-shm")


def test_a_demo_written_where_an_orphan_wal_lies_shows_its_own_deals(tmp_path):
    wal, shm = leave_a_wal(tmp_path)
    target = tmp_path / "demo.sqlite"
    plant(wal, shm, target)
    summary = build_demo(target, deals=30, seed=3, now=NOW)
    found = titles(target)
    assert len(found) == summary.deals == 30
    assert not any(title.startswith("Old deal") for title in found)
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_demo_written_over_a_database_with_a_wal_shows_its_own_deals(tmp_path):
    wal, shm = leave_a_wal(tmp_path)
    target = tmp_path / "demo.sqlite"
    build_demo(target, deals=10, seed=1, now=NOW)
    plant(wal, shm, target)  # as if someone still had the old file open
    build_demo(target, deals=25, seed=2, now=NOW, overwrite=True)
    assert len(titles(target)) == 25


def test_a_backup_written_where_an_old_wal_lies_holds_the_source(tmp_path):
    wal, shm = leave_a_wal(tmp_path)
    source = tmp_path / "current.sqlite"
    open_database(source)
    for n in range(3):
        deals.create_deal(f"Current deal {n}", actor="anna")
    target = tmp_path / "backup.sqlite"
    plant(wal, shm, target)
    backup_database(target)
    database_proxy.obj.close()
    assert titles(target) == ["Current deal 0", "Current deal 1", "Current deal 2"]
    opened = open_database(target)  # the app opens it in WAL mode: still the backup's deals
    assert sorted(deal.title for deal in deals.Deal.select()) == titles(target)
    opened.close()
