"""Exports, backups and the demo in a directory others can write: no link followed, no leak.

Real files, real symbolic links, FIFOs and device nodes, real modes read with ``os.stat``.
A link planted at the temporary name the old code used must never lead a write to its
victim; a link, directory, device or pipe at the target is refused even with ``--force``;
a written file and its temporary file are never readable by more people than the database.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from models.csv.export import export_deals
from models.demo.build import build_demo
from models.domain.errors import DatabaseError, DealboardError, ValidationError
from models.operations import deals
from models.reports.csv_export import write_report_csv
from models.reports.management import ReportFilter, build_report
from models.storage.maintenance import backup_database
from tests.faults.file_safety_helpers import NOW, VICTIM_TEXT, mode_of, others_in

pytestmark = pytest.mark.usefixtures("umask_022")


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, so a mode wider than the database's would show."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the person running dealboard that an attacker would like overwritten."""
    place = tmp_path / "victim-home"
    place.mkdir()
    path = place / "authorized_keys"
    path.write_text(VICTIM_TEXT)
    path.chmod(0o600)
    return path


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A directory others can write, where the files are written."""
    place = tmp_path / "shared"
    place.mkdir()
    return place


def _export(target: Path, overwrite: bool = False) -> object:
    return export_deals(target, overwrite=overwrite)


def _backup(target: Path, overwrite: bool = False) -> object:
    return backup_database(target, overwrite=overwrite)


def _report(target: Path, overwrite: bool = False) -> object:
    return write_report_csv(
        target, build_report(ReportFilter(today=NOW.date())), overwrite=overwrite
    )


def _demo(target: Path, overwrite: bool = False) -> object:
    return build_demo(target, deals=3, now=NOW, overwrite=overwrite)


WRITERS: dict[str, tuple[Callable[..., object], type[DealboardError]]] = {
    "export": (_export, DealboardError),
    "backup": (_backup, DatabaseError),
    "report": (_report, ValidationError),
    "demo": (_demo, DatabaseError),
}
# The temporary names the old code used: predictable, so a link could wait there.
OLD_TEMPORARY = {
    "export": ".{name}.{pid}.partial",
    "backup": ".{name}.partial",
    "report": ".{name}.partial",
    "demo": ".{name}.building",
}


@pytest.fixture
def database(db_path: Path, db: object) -> Path:
    """An SQLite database of mode 0600 with one deal."""
    deals.create_deal(title="Kept", actor="tester", at=NOW)
    db_path.chmod(0o600)
    return db_path


@pytest.mark.parametrize("kind", WRITERS)
def test_a_link_at_the_old_temporary_name_never_leads_a_write(kind, database, shared, victim):
    write, _ = WRITERS[kind]
    target = shared / "out.file"
    planted = shared / OLD_TEMPORARY[kind].format(name=target.name, pid=os.getpid())
    planted.symlink_to(victim)
    write(target)
    assert victim.read_text() == VICTIM_TEXT
    assert mode_of(victim) == 0o600
    assert planted.is_symlink()
    assert target.is_file() and not target.is_symlink()
    assert others_in(shared, target, planted) == []


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_link_at_the_target_is_refused_and_left_alone(kind, overwrite, database, shared, victim):
    write, error = WRITERS[kind]
    target = shared / "out.file"
    target.symlink_to(victim)
    with pytest.raises(error, match="is a symbolic link; dealboard never writes through one"):
        write(target, overwrite=overwrite)
    assert target.is_symlink() and os.readlink(target) == str(victim)
    assert victim.read_text() == VICTIM_TEXT
    assert others_in(shared, target) == []


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of the test's own


def _directory(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("make", [_fifo, _device, _directory], ids=["fifo", "device", "dir"])
def test_force_replaces_regular_files_only(kind, make, database, shared):
    write, error = WRITERS[kind]
    target = shared / "out.file"
    make(target)
    before = os.lstat(target)
    with pytest.raises(error) as refused:
        write(target, overwrite=True)
    assert "is a directory" in str(refused.value) or "not a regular file" in str(refused.value)
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert others_in(shared, target) == []


@pytest.mark.parametrize("kind", ["export", "backup", "report"])
@pytest.mark.parametrize("database_mode", [0o600, 0o640])
def test_a_written_file_is_never_wider_than_the_database(kind, database_mode, database, shared):
    write, _ = WRITERS[kind]
    database.chmod(database_mode)
    target = shared / "out.file"
    write(target)
    assert mode_of(target) == database_mode  # umask 022 takes nothing away from these


def test_a_file_replaced_with_force_gets_the_database_mode(database, shared):
    target = shared / "out.csv"
    target.write_text("old")
    target.chmod(0o644)
    export_deals(target, overwrite=True)
    assert mode_of(target) == 0o600
    assert target.read_text().startswith("title,")


def test_the_umask_narrows_the_mode_further(database, shared):
    database.chmod(0o660)
    os.umask(0o077)
    backup_database(shared / "copy.sqlite")
    assert mode_of(shared / "copy.sqlite") == 0o600


@pytest.mark.postgresql_only
def test_an_export_from_postgresql_is_private(backend, db, shared):
    export_deals(shared / "out.csv")
    assert mode_of(shared / "out.csv") == 0o600


def test_the_temporary_file_of_an_export_is_private_while_it_is_written(database, shared):
    seen: list[int] = []

    def look(done: int, total: int) -> None:
        seen.extend(mode_of(path) for path in others_in(shared))

    export_deals(shared / "out.csv", progress=look)
    assert seen and all(mode == 0o600 for mode in seen)


def test_the_temporary_file_of_a_backup_is_private_while_it_is_written(database, shared):
    database.chmod(0o644)  # even a world-readable database's copy is private until done
    seen: list[int] = []

    def look(done: int, total: int) -> None:
        seen.extend(mode_of(path) for path in others_in(shared))

    backup_database(shared / "copy.sqlite", progress=look)
    assert seen and all(mode == 0o600 for mode in seen)
    assert mode_of(shared / "copy.sqlite") == 0o644


@pytest.mark.parametrize("kind", ["export", "backup"])
def test_an_interrupted_write_leaves_nothing(kind, database, shared):
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    writer = export_deals if kind == "export" else backup_database
    with pytest.raises(KeyboardInterrupt):
        writer(shared / "out.file", progress=stop)
    assert list(shared.iterdir()) == []


def test_an_export_whose_temporary_file_is_swapped_is_not_put_in_place(database, shared, victim):
    def swap(done: int, total: int) -> None:
        for path in others_in(shared):
            path.unlink()
            path.symlink_to(victim)

    with pytest.raises(DealboardError, match="replaced by someone else"):
        export_deals(shared / "out.csv", progress=swap)
    assert not (shared / "out.csv").exists()
    assert victim.read_text() == VICTIM_TEXT


def test_a_backup_whose_temporary_file_is_swapped_before_sqlite_opens_it_writes_nothing(
    database, shared, victim, monkeypatch
):
    real_connect = sqlite3.connect

    def swapped_connect(name: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        path = Path(name)
        if path.parent == shared:  # the attacker wins the race: a link in place of the file
            path.unlink()
            path.symlink_to(victim)
        return real_connect(name, *args, **kwargs)

    monkeypatch.setattr("models.storage.maintenance.sqlite3.connect", swapped_connect)
    with pytest.raises(DatabaseError, match="replaced by someone else; nothing was written"):
        backup_database(shared / "copy.sqlite")
    assert not (shared / "copy.sqlite").exists()
    assert victim.read_text() == VICTIM_TEXT
