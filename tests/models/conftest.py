"""Fixtures of the model tests: a fresh copy of the hand-built database per test, the
replayed demo the report cross-checks share, and copies of the smaller demos that several
modules build alike."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from models.demo.build import DemoSummary, build_demo
from models.storage.database import open_database
from tests.backends import copy_sqlite_to_postgres
from tests.full_length import heavy
from tests.models.reports.report_cases import build_hand_database


# Session-scoped: every test works on its own copy (see ``hand``), never on this file.
@pytest.fixture(scope="session")
def hand_file(tmp_path_factory):
    """Build the small database once per test session; return its file and the deal ids."""
    path = tmp_path_factory.mktemp("hand") / "hand.sqlite"
    database = open_database(path)
    try:
        ids = build_hand_database()
    finally:
        database.close()
    return path, ids


@pytest.fixture
def hand(hand_file, backend, db_target, request):
    """A fresh copy of the small database, open as the test's ``db``; the deal ids by label.

    On PostgreSQL the rows of the same file are copied into the test's fresh database.
    """
    path, ids = hand_file
    if backend == "postgresql":
        copy_sqlite_to_postgres(path, db_target)
    else:
        shutil.copyfile(path, db_target)
    request.getfixturevalue("db")
    return ids


REPORT_DEMO_NOW = dt.datetime(2026, 3, 1, 12, 0)


@pytest.fixture(
    scope="session",
    params=[pytest.param(1000, id="demo1000"), pytest.param(3000, id="demo3000", marks=heavy)],
)
def report_demo(tmp_path_factory, request):
    """Replayed demo deals (18 months of history up to ``REPORT_DEMO_NOW``), built once.

    Replaying costs about 4 ms a deal, so the report cross-checks (the sections, the as-of
    pipeline, the tallies) share one demo instead of building one each; tests/xdist_plan.py
    keeps the tests that use it on one xdist worker. Read-only: each module works on its own
    copy. A sweep (tests/full_length.py): 1,000 deals in the default run, 3,000 in CI's own
    step (``--run-heavy``), where every cross-check runs again on the bigger demo.
    """
    path = tmp_path_factory.mktemp("report-demo") / "demo.sqlite"
    build_demo(path, deals=request.param, seed=11, now=REPORT_DEMO_NOW)
    return path


def demo_deals(path: Path) -> int:
    """How many deals a demo file holds: the sanity bounds of the cross-checks scale with it."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM deal").fetchone()[0])


class DemoCopies:
    """Replayed demos built once per worker and copied; what ``demo_copy`` gives the tests."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._factory = tmp_path_factory
        self._built: dict[tuple, tuple[Path, DemoSummary, list[tuple[int, int]]]] = {}

    def __call__(self, target: Path, *, deals: int, seed: int, now: dt.datetime) -> DemoSummary:
        """Put the demo of ``deals``, ``seed`` and ``now`` at ``target``; return its summary."""
        path, summary, _calls = self._build(deals, seed, now)
        shutil.copy(path, target)
        return summary

    def progress(self, *, deals: int, seed: int, now: dt.datetime) -> list[tuple[int, int]]:
        """The ``(done, total)`` calls that demo's build reported, in order."""
        return list(self._build(deals, seed, now)[2])

    def _build(
        self, deals: int, seed: int, now: dt.datetime
    ) -> tuple[Path, DemoSummary, list[tuple[int, int]]]:
        key = (deals, seed, now)
        if key not in self._built:
            path = self._factory.mktemp("demo-copy") / "demo.sqlite"
            calls: list[tuple[int, int]] = []
            summary = build_demo(
                path, deals=deals, seed=seed, now=now, progress=lambda *a: calls.append(a)
            )
            self._built[key] = (path, summary, calls)
        return self._built[key]


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> DemoCopies:
    """``demo_copy(target, deals=…, seed=…, now=…)``: a replayed demo at ``target``; its summary.

    ``build_demo`` is deterministic (tests/models/demo/test_demo.py holds it to that), so a
    demo that several modules build alike is replayed once per worker and copied, mode and
    all: 300 deals of seed 1 for the shape and agenda tests, of seed 5 for the CSV round
    trips, 250 of seed 3 for the progress and tally tests (``demo_copy.progress(…)`` gives
    the progress that build reported). tests/conftest.py keeps the tests that use this on one
    xdist worker.
    """
    return DemoCopies(tmp_path_factory)
