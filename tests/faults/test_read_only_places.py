"""A database in a read-only directory or on a read-only file system can be read, not written.

Each refusal names the real cause. Root ignores directory permissions, so directories are
tried as another OS user; a read-only file system (a tmpfs remounted read-only) stops root too.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import needs_other_users
from tests.tui.cli.conftest import run_process


def make_database(db: Path, *titles: str) -> None:
    """A database holding ``titles``, closed cleanly (no -wal or -shm left beside it)."""
    assert run_process("init", "--db", str(db)).returncode == 0
    for title in titles:
        assert run_process("deal", "add", title, "--db", str(db)).returncode == 0
    assert not db.with_name(f"{db.name}-wal").exists()


def listed(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [deal["title"] for deal in json.loads(result.stdout)]


@pytest.fixture
def locked_folder(open_dir: Path) -> Iterator[Path]:
    """A directory nobody may write (0555), holding a readable database."""
    folder = open_dir / "team"
    folder.mkdir()
    make_database(folder / "deals.sqlite", "Existing")
    (folder / "deals.sqlite").chmod(0o644)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


@needs_other_users
def test_a_read_only_directory_can_be_read_and_says_why_it_cannot_be_written(
    locked_folder, as_user
):
    db = locked_folder / "deals.sqlite"
    before = db.read_bytes()
    assert listed(as_user("nobody", "deal", "list", "--json", db=db)) == ["Existing"]
    assert listed(as_user("nobody", "deal", "list", "--json", "--read-only", db=db)) == ["Existing"]
    assert as_user("nobody", "report", db=db).returncode == 0
    added = as_user("nobody", "deal", "add", "New", db=db)
    assert added.returncode == 1
    assert added.stderr == (
        f"dealboard: {db} cannot be changed: you may not write its directory {locked_folder},"
        " where SQLite keeps deals.sqlite-wal and deals.sqlite-shm; nothing was saved.\n"
    )
    assert db.read_bytes() == before


@needs_other_users
def test_a_directory_others_may_write_is_not_read_without_its_shm(open_dir, as_user):
    folder = open_dir / "team"
    folder.mkdir()
    db = folder / "deals.sqlite"
    make_database(db, "Existing")
    db.chmod(0o644)
    folder.chmod(0o775)  # root's group may write it (and so change the database meanwhile)
    result = as_user("nobody", "deal", "list", db=db)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"dealboard: Cannot read {db}: SQLite needs a deals.sqlite-shm file in {folder},"
        " which you may not write, while others may be changing the database;"
    )


@needs_other_users
def test_changes_waiting_in_the_wal_are_never_skipped(locked_folder, as_user):
    db = locked_folder / "deals.sqlite"
    locked_folder.chmod(0o755)
    with sqlite3.connect(db) as keeper:  # keeps a -wal holding a change, but no -shm
        keeper.execute("PRAGMA wal_autocheckpoint=0")
        keeper.execute("UPDATE deal SET title = 'Renamed'")
        keeper.commit()
        db.with_name("deals.sqlite-shm").unlink()
        locked_folder.chmod(0o555)
        result = as_user("nobody", "deal", "list", db=db)
    assert result.returncode == 1
    assert "its latest changes are in deals.sqlite-wal" in result.stderr


@pytest.fixture
def read_only_fs(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs holding a database, remounted read-only; skipped where mounting is not allowed."""
    mount = tmp_path / "mnt"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        make_database(mount / "deals.sqlite", "Existing")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def test_a_read_only_file_system_can_be_read_and_says_why_it_cannot_be_written(read_only_fs):
    db = read_only_fs / "deals.sqlite"
    for extra in ((), ("--read-only",)):
        result = run_process("deal", "list", "--json", *extra, "--db", str(db))
        assert listed(result) == ["Existing"]
    added = run_process("deal", "add", "New", "--db", str(db))
    assert added.returncode == 1
    assert added.stderr == (
        f"dealboard: {db} cannot be changed: it is on a read-only file system; nothing was saved.\n"
    )
