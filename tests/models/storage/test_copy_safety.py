"""What copying a database never does: write into a used target, onto itself, or half-way.

A target that holds data, the database itself under another name, or a link or directory is
refused and left untouched; a copy that fails or is stopped half-way leaves no new file (and a
seeded target as it was); a value the target cannot hold is named; a new file is never more
readable than the source. Copying every row: test_copy.py.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import peewee
import pytest

from models.domain.errors import DatabaseError, DealboardError
from models.storage import copy_rows as copy_module
from models.storage import database as database_module
from models.storage.copy import copy_database
from models.storage.database import open_database
from models.storage.schema import Deal, DealEvent, database_proxy
from tests.backends import RawConnection, table_snapshot
from tests.conftest import assert_readable


def _seeded_file(path: Path, change: Callable[[RawConnection], object]) -> dict[str, Any]:
    saved = (database_proxy.obj, database_module._info)
    open_database(str(path)).close()
    database_proxy.initialize(saved[0])
    database_module._info = saved[1]
    raw = RawConnection(path)
    try:
        change(raw)
    finally:
        raw.close()
    return table_snapshot(path)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        pytest.param(
            lambda raw: raw.execute(
                "INSERT INTO deal (title, phase_id, created_at, updated_at)"
                " VALUES ('Theirs', 1, '2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            ),
            "already holds dealboard data (1 deals)",
            id="a-deal",
        ),
        pytest.param(
            lambda raw: raw.execute("INSERT INTO person (login, name) VALUES ('cy', 'Cy')"),
            "already holds dealboard data (1 people)",
            id="a-person",
        ),
        pytest.param(
            lambda raw: raw.execute("UPDATE setting SET value = 'GBP' WHERE key = 'currency'"),
            "other than a new database's defaults",
            id="a-setting",
        ),
        pytest.param(
            lambda raw: raw.execute("UPDATE phase SET archived = 1 WHERE id = 2"),
            "other than a new database's defaults",
            id="an-archived-phase",
        ),
    ],
)
def test_a_target_holding_data_is_refused_and_untouched(source, tmp_path, change, words):
    target = tmp_path / "used.sqlite"
    before = _seeded_file(target, change)
    with pytest.raises(DatabaseError, match="copy into a new file") as caught:
        copy_database(str(target))
    assert words in str(caught.value)
    assert_readable(str(caught.value))
    assert table_snapshot(target) == before


@pytest.mark.postgresql_only
def test_copying_onto_itself_is_refused(source, db_target):
    before = table_snapshot(db_target)
    with pytest.raises(DatabaseError, match="is the database being copied"):
        copy_database(db_target)
    assert table_snapshot(db_target) == before


@pytest.mark.sqlite_only
def test_copying_a_file_onto_itself_is_refused(source, db_target, tmp_path):
    before = table_snapshot(db_target)
    os.link(db_target, tmp_path / "same.sqlite")  # another name for the very same file
    for name in (db_target, str(tmp_path / "same.sqlite"), f"sqlite:///{db_target}"):
        with pytest.raises(DatabaseError, match="is the database being copied"):
            copy_database(name)
    assert table_snapshot(db_target) == before


def test_a_link_or_directory_at_the_target_is_refused(source, tmp_path):
    elsewhere = tmp_path / "elsewhere.sqlite"
    link = tmp_path / "link.sqlite"
    link.symlink_to(elsewhere)
    with pytest.raises(DatabaseError, match="symbolic link"):
        copy_database(str(link))
    assert not elsewhere.exists()
    (tmp_path / "folder").mkdir()
    with pytest.raises(DatabaseError, match="is a directory"):
        copy_database(str(tmp_path / "folder"))
    with pytest.raises(DatabaseError, match="does not exist"):
        copy_database(str(tmp_path / "missing" / "copy.sqlite"))


def test_a_failure_half_way_leaves_no_new_file(source, tmp_path, monkeypatch):
    monkeypatch.setattr(copy_module, "BATCH_ROWS", 2)
    target = tmp_path / "copy.sqlite"
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= 30:  # the settings, phases and reasons are in; deals are being written
            raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError, match="disk went away"):
        copy_database(str(target), progress=progress)
    assert 30 <= seen[-1] < DealEvent.select().count() + 30, "failed half-way"
    assert not any("copy" in p.name for p in tmp_path.iterdir()), list(tmp_path.iterdir())


def test_a_failure_leaves_a_seeded_target_as_it_was(source, tmp_path):
    target = tmp_path / "seeded.sqlite"
    before = _seeded_file(target, lambda raw: None)

    def refuse(source_db: peewee.Database, target_db: peewee.Database) -> None:
        assert Deal.select().count(target_db) == 11  # everything was written by then
        raise DealboardError("The reports differ.")

    with pytest.raises(DealboardError, match="reports differ"):
        copy_database(str(target), check=refuse)
    assert table_snapshot(target) == before


@pytest.mark.sqlite_only
def test_a_row_postgresql_refuses_leaves_it_without_a_table(source, db_target, empty_pg):
    raw = RawConnection(db_target)
    try:  # SQLite does not enforce varchar lengths; PostgreSQL refuses this row
        raw.execute("UPDATE deal_event SET field = ? WHERE id = 3", ("x" * 41,))
    finally:
        raw.close()
    with pytest.raises(DatabaseError, match="Nothing was copied") as caught:
        copy_database(empty_pg)
    assert_readable(str(caught.value))
    assert table_snapshot(empty_pg) == {}


@pytest.mark.sqlite_only
def test_a_value_the_target_cannot_hold_is_named(source, db_target, tmp_path):
    with sqlite3.connect(db_target) as connection:  # as another client wrote it
        connection.execute("DROP TRIGGER deal_value_shapes_update")
        connection.execute("UPDATE deal SET created_at = '2026-02-30 10:00:00' WHERE id = 2")
    with pytest.raises(DatabaseError, match="dealboard check") as caught:
        copy_database(str(tmp_path / "copy.sqlite"))
    assert "deal 2 has created_at '2026-02-30 10:00:00'" in str(caught.value)
    assert not (tmp_path / "copy.sqlite").exists()


@pytest.mark.sqlite_only
def test_sigterm_half_way_leaves_nothing_beside_the_target(source, db_target, tmp_path):
    script = (
        "import os, signal\n"
        "from models.storage import copy_rows\n"
        "from models.storage.copy import copy_database\n"
        "from models.storage.database import open_database\n"
        "copy_rows.BATCH_ROWS = 2\n"
        f"open_database({db_target!r}, read_only=True)\n"
        "def progress(done, total):\n"
        "    if done >= 30:\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        f"copy_database({str(tmp_path / 'copy.sqlite')!r}, progress=progress)\n"
    )
    ended = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert ended.returncode == 128 + signal.SIGTERM, ended.stderr
    assert not any("copy" in p.name for p in tmp_path.iterdir()), list(tmp_path.iterdir())


@pytest.mark.sqlite_only
@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_a_new_file_is_never_wider_than_the_source(source, db_target, tmp_path, mode):
    os.chmod(db_target, mode)
    target = tmp_path / "copy.sqlite"
    copy_database(str(target))
    assert os.stat(target).st_mode & 0o777 == mode & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
