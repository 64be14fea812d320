"""The bulk path of the demo with files: an interrupted, failed or broken run leaves nothing.

Small bulk demos (``small_bulk``: the bulk path from 50 deals, in blocks of 100), so the file
handling is tested without the cost of a big demo; tests/models/demo/test_demo_bulk.py holds
the big one.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from models.demo import bulk as demo_bulk
from models.demo.build import build_demo
from models.domain.errors import DatabaseError

NOW = dt.datetime(2026, 5, 1, 12, 0)


def test_an_interrupted_bulk_run_leaves_nothing_behind(small_bulk: None, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()

    def stop(done: int, total: int) -> None:
        if done >= 300:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_demo(folder / "demo.sqlite", deals=2_000, now=NOW, progress=stop)
    assert list(folder.iterdir()) == []


def test_a_file_that_fails_its_checks_is_not_kept(
    small_bulk: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "demo.sqlite").write_bytes(b"the old demo")
    monkeypatch.setattr(demo_bulk, "verify", lambda path: ["integrity: row 7 missing from index"])
    with pytest.raises(DatabaseError, match=r"failed its checks.*row 7 missing"):
        build_demo(folder / "demo.sqlite", deals=200, now=NOW, overwrite=True)
    assert [p.name for p in folder.iterdir()] == ["demo.sqlite"]
    assert (folder / "demo.sqlite").read_bytes() == b"the old demo"


def die(*args: object) -> None:
    """A worker's block that never comes back: the process is gone."""
    os._exit(1)


def test_a_worker_that_dies_stops_the_demo_cleanly(
    small_bulk: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_bulk, "usable_cores", lambda: 2)
    monkeypatch.setattr(demo_bulk, "_worker_block", die)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(DatabaseError, match="stopped unexpectedly"):
        build_demo(folder / "demo.sqlite", deals=1_000, now=NOW)
    assert list(folder.iterdir()) == []


class RefusingPool:
    """A pool whose worker died between two blocks: the next submission is refused."""

    def __init__(self, accepted: int) -> None:
        self.accepted = accepted

    def submit(self, fn: object, *args: object) -> Future[object]:
        if self.accepted == 0:
            raise BrokenProcessPool("A child process terminated abruptly")
        self.accepted -= 1
        done: Future[object] = Future()
        done.set_result(("block", args))
        return done


@pytest.mark.parametrize("accepted", [0, 1, 3])
def test_a_pool_broken_between_blocks_gives_the_same_clear_error(accepted: int) -> None:
    plan = [(n, 1 + 100 * n, 100) for n in range(6)]
    results = demo_bulk._in_order(RefusingPool(accepted), plan, ahead=2)  # type: ignore[arg-type]
    with pytest.raises(DatabaseError, match="stopped unexpectedly"):
        list(results)
