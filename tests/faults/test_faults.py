"""Faults on real files: a full disk, read-only files and directories, corruption.

Each gives one clear sentence, a non-zero exit, and leaves the data as it was.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.operations import deals
from models.storage.database import open_database
from tests.faults.conftest import needs_other_users
from tests.tui.cli.conftest import run_process


def dealboard(
    *args: str, db: Path, limit_bytes: int | None = None, user: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run dealboard as a process, optionally with a file-size limit or as another user."""

    def limit() -> None:
        # Past the limit a write fails with EFBIG, as on a full disk, instead of killing us.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [sys.executable, "-m", "tui", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=limit if limit_bytes else None,
        user=user,
        cwd="/" if user else None,
        env={**os.environ, "HOME": "/tmp"},
    )


def titles(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT title FROM deal ORDER BY id")]


def damage_data_pages(db: Path) -> None:
    """Overwrite the start of every page from the fourth on that the schema does not use.

    The schema stays readable (its triggers overflow into pages at the end of the file), so
    the file opens and the damage shows when deals are read.
    """
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        schema = {
            row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")
        }
    conn.close()
    data = bytearray(db.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):
        if offset // 4096 + 1 not in schema:
            data[offset : offset + 64] = b"\x00\xff" * 32
    db.write_bytes(bytes(data))


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# Room left for real processes on the small disk: a save needs ~90 KB of -wal at once and
# leaves ~30 KB in the file, so a few saves still fit before one does not.
FILL_IN_PROCESS_UNTIL = 200_000


def free_bytes(folder: Path) -> int:
    """What an unprivileged writer may still write on the filesystem of ``folder``."""
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path | None]:
    """A 1 MiB filesystem (tmpfs) when this process may mount one, else None."""
    mount = tmp_path / "small"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        # Lazy: a connection the test process still holds must not leave it mounted.
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def test_a_full_disk_is_one_sentence_and_keeps_every_saved_deal(tmp_path, small_disk):
    # A real full filesystem where we may mount one; otherwise a file-size limit, which
    # SQLite sees as an I/O error rather than "full".
    folder = small_disk or tmp_path
    db = folder / "deals.sqlite"
    open_database(db).close()
    limit = None if small_disk else db.stat().st_size + 200_000
    saved, failure = [], None
    # Most of the small disk is filled in this process, a deal at a time as a command saves
    # one (open, save, close: the file grows, the -wal goes); the last few deals and the one
    # that no longer fits go through real processes (a process start costs 50 times more).
    while small_disk and free_bytes(folder) > FILL_IN_PROCESS_UNTIL:
        saved.append(f"Deal {len(saved)}")
        database = open_database(db)
        deals.create_deal(saved[-1], actor="tester", note="x" * 15000)
        database.close()
    for index in range(len(saved), 200):
        result = dealboard(
            "deal", "add", f"Deal {index}", "--note", "x" * 15000, db=db, limit_bytes=limit
        )
        if result.returncode != 0:
            failure = result
            break
        saved.append(f"Deal {index}")
    assert failure is not None, "the disk never filled up"
    assert failure.returncode == 1
    assert failure.stderr.startswith("dealboard: ")
    assert "nothing was saved" in failure.stderr
    if small_disk:
        assert "disk is full" in failure.stderr
    assert "Traceback" not in failure.stderr
    assert integrity(db) == "ok"
    assert titles(db) == saved
    assert run_process("check", "--db", str(db)).returncode == 0


def test_a_corrupt_file_is_refused_by_the_app_and_found_by_check(tmp_path):
    db = tmp_path / "deals.sqlite"
    for index in range(150):
        open_database(db)
        from models.operations import deals

        deals.create_deal(f"Deal {index}", actor="t", note="y" * 3000)
    damage_data_pages(db)
    before = db.read_bytes()
    for args in (("deal", "list"), ("check",), ("report",)):
        result = dealboard(*args, db=db)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr
        assert "damaged" in result.stderr or "Integrity" in result.stderr, result.stderr
    assert db.read_bytes() == before


def test_the_app_never_creates_a_database_where_it_could_not_open_one(tmp_path):
    missing = tmp_path / "gone" / "deals.sqlite"
    result = dealboard(db=missing)  # the TUI on a path in a missing directory
    assert result.returncode == 1
    assert "does not exist" in result.stderr
    assert not missing.parent.exists()


@needs_other_users
def test_a_read_only_file_refuses_changes_and_keeps_the_data(open_dir, as_user):
    db = open_dir / "deals.sqlite"
    dealboard("init", db=db)
    dealboard("deal", "add", "Existing", db=db)
    db.chmod(0o644)
    before = db.read_bytes()
    result = as_user("nobody", "deal", "add", "New", db=db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("dealboard: ")
    assert db.read_bytes() == before
    assert titles(db) == ["Existing"]
    listed = as_user("nobody", "deal", "list", "--read-only", "--json", db=db)
    assert listed.returncode == 0, listed.stderr  # reading still works


@needs_other_users
def test_a_read_only_directory_refuses_changes_and_keeps_the_data(open_dir, as_user):
    folder = open_dir / "team"
    folder.mkdir()
    db = folder / "deals.sqlite"
    dealboard("init", db=db)
    dealboard("deal", "add", "Existing", db=db)
    db.chmod(0o666)
    folder.chmod(0o555)
    result = as_user("nobody", "deal", "add", "New", db=db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("dealboard: ")
    assert titles(db) == ["Existing"]


async def test_the_app_on_a_damaged_file_says_so_and_keeps_running(tmp_path):
    from models.operations import deals
    from tests.tui.conftest import screen_text, settle
    from tui.app import DealboardApp

    db = tmp_path / "deals.sqlite"
    open_database(db)
    for index in range(150):
        deals.create_deal(f"Deal {index}", actor="t", note="y" * 3000)
    damage_data_pages(db)
    open_database(db)
    app = DealboardApp(user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "damaged" in screen_text(app)
        assert app.is_running
