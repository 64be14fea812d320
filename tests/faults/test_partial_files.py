"""A backup, export or demo stopped from outside: SIGTERM leaves nothing, SIGKILL nothing readable.

Each run is a real separate process, stopped by a real signal while its temporary file
exists (its progress callback announces that and waits).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from models.operations import deals
from models.storage.database import open_database
from tests.faults.file_safety_helpers import NOW, mode_of

REPO = Path(__file__).resolve().parents[2]
WRITER = """
import os, signal, sys, time

# Start as a process started from a shell does: SIGTERM neither ignored nor blocked (both are
# inherited from the test process). What it inherited goes to stderr, for a failure message.
print("inherited SIGTERM:", signal.getsignal(signal.SIGTERM),
      "blocked:", sorted(signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})),
      file=sys.stderr, flush=True)
signal.signal(signal.SIGTERM, signal.SIG_DFL)

from models.storage.database import open_database
from models.csv.export import export_deals
from models.storage.maintenance import backup_database

os.umask(0o022)
open_database(sys.argv[1])

def wait(done, total):
    print("writing", flush=True)
    time.sleep(120)

if sys.argv[3] == "demo":
    import datetime as dt
    from models.demo.build import build_demo

    build_demo(sys.argv[2], deals=50, now=dt.datetime(2026, 3, 14, 12), progress=wait)
else:
    write = backup_database if sys.argv[3] == "backup" else export_deals
    write(sys.argv[2], progress=wait)
"""


@pytest.fixture
def world_readable_database(tmp_path: Path) -> Path:
    """A database of mode 0644 with a few deals: its copies' temporary files stay private."""
    path = tmp_path / "deals.sqlite"
    db = open_database(path)
    try:
        for number in range(5):
            deals.create_deal(title=f"Deal {number}", actor="tester", at=NOW)
    finally:
        db.close()
    path.chmod(0o644)
    return path


def _stop_while_writing(database: Path, target: Path, kind: str, signum: int) -> int:
    """Start a writer, wait until its temporary file exists, send ``signum``; its exit code."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database), str(target), kind],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == "writing\n", process.stderr.read() if process.stderr else ""
        assert [path for path in target.parent.iterdir()], "nothing was being written"
        process.send_signal(signum)
        try:
            return process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            _out, err = process.communicate()
            pytest.fail(f"still running 60 s after signal {signum}; its stderr:\n{err}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("kind", ["backup", "export", "demo"])
def test_sigterm_removes_the_temporary_file(kind, world_readable_database, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    code = _stop_while_writing(world_readable_database, out / "copy.file", kind, signal.SIGTERM)
    assert list(out.iterdir()) == []
    assert code == 128 + signal.SIGTERM  # it unwound (removing the file) and then ended


@pytest.mark.parametrize("kind", ["backup", "export", "demo"])
def test_sigkill_leaves_only_files_nobody_else_can_read(kind, world_readable_database, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    code = _stop_while_writing(world_readable_database, out / "copy.file", kind, signal.SIGKILL)
    assert code == -signal.SIGKILL
    left = list(out.iterdir())
    assert left, "a killed process cannot clean up: its temporary file is expected here"
    assert not (out / "copy.file").exists()
    for path in left:
        assert mode_of(path) & 0o077 == 0, (path.name, oct(mode_of(path)))
