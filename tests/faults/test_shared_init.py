"""`init --shared` touches only what it creates or what is clearly the database's own.

Real directories, real modes and groups, real symbolic links. The group is the one the test
runs with, so no OS users are needed; as root (in CI) these are the runs that matter most.
"""

from __future__ import annotations

import grp
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from models.domain.errors import DatabaseError
from models.storage.shared import init_shared
from tests.faults.file_safety_helpers import VICTIM_TEXT, mode_of
from tests.tui.cli.conftest import run_process

GROUP = grp.getgrgid(os.getgid()).gr_name


def _state(path: Path) -> tuple[int, int, int]:
    info = os.lstat(path)
    return info.st_mode, info.st_uid, info.st_gid


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A private file elsewhere that a member would like to be given write access to."""
    place = tmp_path / "etc-profile.d"
    place.mkdir()
    path = place / "login.sh"
    path.write_text(VICTIM_TEXT)
    path.chmod(0o600)
    return path


def test_a_new_directory_is_made_for_the_team(tmp_path):
    database = tmp_path / "srv" / "dealboard" / "deals.sqlite"
    setup = init_shared(database, GROUP)
    assert setup.created
    assert mode_of(database.parent) == 0o2770
    assert mode_of(database) == 0o660
    assert os.stat(database).st_gid == grp.getgrnam(GROUP).gr_gid
    assert sorted(path.name for path in database.parent.iterdir()) == ["deals.sqlite"]
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM phase").fetchone() == (5,)


def test_running_it_again_keeps_the_database(tmp_path):
    database = tmp_path / "team" / "deals.sqlite"
    init_shared(database, GROUP)
    (database.parent / "backup-monday.sqlite").write_bytes(b"a copy someone made")
    again = init_shared(database, GROUP)
    assert not again.created
    assert mode_of(database.parent) == 0o2770 and mode_of(database) == 0o660


def test_an_empty_directory_is_taken(tmp_path):
    team = tmp_path / "team"
    team.mkdir(mode=0o755)
    init_shared(team / "deals.sqlite", GROUP)
    assert mode_of(team) == 0o2770


def test_a_directory_with_the_sticky_bit_is_refused_and_left_alone(tmp_path):
    public = tmp_path / "public-tmp"
    public.mkdir()
    public.chmod(0o1777)
    before = _state(public)
    with pytest.raises(DatabaseError, match=r"has the sticky bit .*a directory of its own"):
        init_shared(public / "deals.sqlite", GROUP)
    assert _state(public) == before
    assert list(public.iterdir()) == []


def test_the_users_home_is_refused_and_left_alone(tmp_path, monkeypatch):
    home = tmp_path / "anna"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("HOME", str(home))
    before = _state(home)
    with pytest.raises(DatabaseError, match=r"is a home directory; .*a directory of its own"):
        init_shared(home / "deals.sqlite", GROUP)
    assert _state(home) == before
    assert list(home.iterdir()) == []


def test_a_directory_holding_other_files_is_refused_and_left_alone(tmp_path):
    projects = tmp_path / "projects"
    projects.mkdir(mode=0o755)
    (projects / ".ssh").mkdir(mode=0o700)
    (projects / "notes.txt").write_text("mine")
    before = _state(projects)
    with pytest.raises(DatabaseError, match=r"holds other files \(\.ssh, notes\.txt\)"):
        init_shared(projects / "deals.sqlite", GROUP)
    assert _state(projects) == before
    assert sorted(path.name for path in projects.iterdir()) == [".ssh", "notes.txt"]


@pytest.mark.parametrize("existing_victim", [False, True])
def test_a_link_planted_at_the_database_path_is_refused(tmp_path, victim, existing_victim):
    database = tmp_path / "team" / "deals.sqlite"
    init_shared(database, GROUP)
    database.unlink()  # a member removes the database and plants a link in its place
    if not existing_victim:
        victim.unlink()
    database.symlink_to(victim)
    before = _state(victim) if existing_victim else None
    with pytest.raises(DatabaseError, match="is a symbolic link; dealboard never follows one"):
        init_shared(database, GROUP)
    assert database.is_symlink()
    if existing_victim:
        assert _state(victim) == before
        assert victim.read_text() == VICTIM_TEXT
    else:
        assert not victim.exists()


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_link_planted_beside_the_database_is_refused(tmp_path, victim, suffix):
    database = tmp_path / "team" / "deals.sqlite"
    init_shared(database, GROUP)
    planted = database.with_name(database.name + suffix)
    planted.symlink_to(victim)
    before = _state(victim)
    with pytest.raises(DatabaseError, match="is a symbolic link"):
        init_shared(database, GROUP)
    assert _state(victim) == before and victim.read_text() == VICTIM_TEXT


def test_a_link_as_the_directory_is_refused(tmp_path):
    elsewhere = tmp_path / "somebodys-dir"
    elsewhere.mkdir(mode=0o755)
    link = tmp_path / "team"
    link.symlink_to(elsewhere)
    before = _state(elsewhere)
    with pytest.raises(DatabaseError, match="is a symbolic link; give the real directory"):
        init_shared(link / "deals.sqlite", GROUP)
    assert _state(elsewhere) == before
    assert list(elsewhere.iterdir()) == []


def test_a_database_another_program_made_is_not_shared(tmp_path):
    team = tmp_path / "team"
    team.mkdir(mode=0o700)
    other = team / "deals.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE secrets (x)")
    other.chmod(0o600)
    with pytest.raises(DatabaseError, match="was not made by dealboard"):
        init_shared(other, GROUP)
    assert mode_of(other) == 0o600


def test_the_command_says_what_is_required_in_one_sentence(tmp_path):
    public = tmp_path / "public-tmp"
    public.mkdir()
    public.chmod(0o1777)
    result = run_process("init", "--shared", GROUP, "--db", str(public / "deals.sqlite"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dealboard: ")
    assert "a directory of its own" in lines[0] and "Traceback" not in result.stderr
    assert stat.S_IMODE(public.stat().st_mode) == 0o1777
