"""The README's team-server setup, followed with real OS users in one group.

Needs root (to create users and switch to them); skipped elsewhere, run in CI as root.
"""

from __future__ import annotations

import grp
import pwd
import secrets
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.faults.conftest import needs_other_users


class Team:
    """A group with two members and one outsider, removed again after the test."""

    def __init__(self) -> None:
        tag = secrets.token_hex(3)
        self.group = f"dbteam{tag}"
        self.members = [f"dbanna{tag}", f"dbbram{tag}"]
        self.outsider = f"dbeve{tag}"

    def create(self) -> None:
        subprocess.run(["groupadd", self.group], check=True)
        for name in self.members:
            subprocess.run(["useradd", "-M", "-N", "-G", self.group, name], check=True)
        subprocess.run(["useradd", "-M", "-N", self.outsider], check=True)

    def remove(self) -> None:
        for name in (*self.members, self.outsider):
            subprocess.run(["userdel", name], check=False, capture_output=True)
        subprocess.run(["groupdel", self.group], check=False, capture_output=True)


@pytest.fixture
def team() -> Iterator[Team]:
    team = Team()
    team.create()
    try:
        yield team
    finally:
        team.remove()


@needs_other_users
def test_two_users_in_one_group_share_a_database_others_cannot(team, as_user, open_dir):
    database = open_dir / "dealboard" / "deals.sqlite"
    init = subprocess.run(
        [sys.executable, "-m", "tui", "init", "--shared", team.group, "--db", str(database)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert init.returncode == 0, init.stderr
    directory = database.parent
    assert stat.S_IMODE(directory.stat().st_mode) == 0o2770
    assert stat.S_IMODE(database.stat().st_mode) == 0o660

    anna, bram = team.members
    added = as_user(anna, "deal", "add", "Team deal", "--value", "1000", db=database)
    assert added.returncode == 0, added.stderr
    deal_id = added.stdout.strip()
    edited = as_user(bram, "deal", "edit", deal_id, "--value", "2500", db=database)
    assert edited.returncode == 0, edited.stderr
    moved = as_user(anna, "deal", "move", deal_id, "next", db=database)
    assert moved.returncode == 0, moved.stderr

    with sqlite3.connect(database) as conn:
        actors = [
            row[0]
            for row in conn.execute(
                "SELECT actor FROM deal_event WHERE deal_id = ? ORDER BY id", (deal_id,)
            )
        ]
    assert actors == [anna, bram, anna]
    team_gid = grp.getgrnam(team.group).gr_gid
    for item in directory.iterdir():  # the database and whatever -wal/-shm SQLite made
        info = item.stat()
        assert info.st_gid == team_gid, item
        assert not info.st_mode & (stat.S_IROTH | stat.S_IWOTH), item

    outsider = as_user(team.outsider, "deal", "list", db=database)
    assert outsider.returncode == 1
    assert "Traceback" not in outsider.stderr
    assert outsider.stderr.startswith("dealboard: ")
    assert "permission denied" in outsider.stderr.lower() or "cannot" in outsider.stderr.lower()


def test_init_refuses_an_unknown_group(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "init",
            "--shared",
            "no-such-group-xyz",
            "--db",
            str(tmp_path / "t" / "deals.sqlite"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "There is no group 'no-such-group-xyz'" in result.stderr
    assert not (tmp_path / "t").exists()


@needs_other_users
def test_a_link_a_member_plants_is_never_followed_when_root_runs_init_again(team, open_dir):
    database = open_dir / "dealboard" / "deals.sqlite"
    command = [sys.executable, "-m", "tui", "init", "--shared", team.group, "--db", str(database)]
    first = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert first.returncode == 0, first.stderr
    victim = open_dir / "profile.d" / "team.sh"  # root's, where members may not write
    victim.parent.mkdir(mode=0o755)
    member = pwd.getpwnam(team.members[0])
    as_member = {
        "user": member.pw_uid,
        "group": member.pw_gid,
        "extra_groups": [grp.getgrnam(team.group).gr_gid],
        "check": True,
        "timeout": 30,
    }
    # The directory is the team's: a member may remove the database and plant a link there.
    subprocess.run(["rm", "-f", str(database)], **as_member)
    subprocess.run(["ln", "-s", str(victim), str(database)], **as_member)
    again = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert again.returncode == 1
    assert "is a symbolic link; dealboard never follows one" in again.stderr
    assert not victim.exists()
    assert database.is_symlink()
