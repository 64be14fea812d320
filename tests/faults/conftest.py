"""Run dealboard as another OS user, the way a second person on the server would.

Root's own interpreter lives under root's home, which other users cannot enter, so these
runs use the system's Python of the same version with a readable copy of the installed
packages and of the code under test.
"""

from __future__ import annotations

import compileall
import grp
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SYSTEM_PYTHON = Path("/usr/bin/python3")
REPO = Path(__file__).resolve().parents[2]


def _system_python_matches() -> bool:
    if not SYSTEM_PYTHON.exists():
        return False
    version = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return version == str(sys.version_info[:2])


CAN_SWITCH_USERS = (
    hasattr(os, "geteuid")
    and os.geteuid() == 0
    and shutil.which("useradd") is not None
    and _system_python_matches()
)
needs_other_users = pytest.mark.skipif(
    not CAN_SWITCH_USERS,
    reason="switching OS users needs root, useradd and a system Python of this version",
)

Runner = Callable[..., subprocess.CompletedProcess[str]]


def _link_or_copy(source: str, destination: str) -> str:
    """A hard link where the file system allows one (the same file, no copying), else a copy."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
    return destination


@pytest.fixture(scope="session")
def pylib() -> Iterator[Path]:
    """Installed packages plus the code under test, readable by every user.

    The installed packages are linked rather than copied where they can be (copying them all
    took seconds). The code under test is copied and compiled here, once: another user
    cannot write its ``__pycache__``, so every run would compile each module it imports.
    """
    base = Path(tempfile.mkdtemp(prefix="dealboard-pylib-", dir="/tmp"))
    base.chmod(0o755)
    target = base / "pylib"
    shutil.copytree(
        sysconfig.get_paths()["purelib"], target, symlinks=True, copy_function=_link_or_copy
    )
    for package in ("models", "tui"):
        shutil.rmtree(target / package, ignore_errors=True)
        shutil.copytree(
            REPO / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
        compileall.compile_dir(target / package, quiet=1)  # this Python's version: the system's
    try:
        yield target
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def as_user(pylib: Path) -> Runner:
    """Run ``dealboard ARGS --db DB`` as ``user`` with that user's groups."""

    def run(user: str, *args: str, db: Path) -> subprocess.CompletedProcess[str]:
        account = pwd.getpwnam(user)
        groups = [g.gr_gid for g in grp.getgrall() if user in g.gr_mem]
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": "/tmp",
            "USER": user,
            "LOGNAME": user,
            "PYTHONPATH": str(pylib),
        }
        return subprocess.run(
            [str(SYSTEM_PYTHON), "-m", "tui", *args, "--db", str(db)],
            capture_output=True,
            text=True,
            env=env,
            cwd="/",
            user=account.pw_uid,
            group=account.pw_gid,
            extra_groups=groups,
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A directory under /tmp that every user may pass through, like /srv."""
    base = Path(tempfile.mkdtemp(prefix="dealboard-srv-", dir="/tmp"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)
