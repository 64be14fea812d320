"""A demo database's report tallies are what a rebuild from scratch gives.

The bulk path writes its rows around the operations that keep the tallies, so it counts
them itself once the rows are in (``models.demo.bulk_tallies``); the replayed path
keeps them as users' changes do. Both are held to a rebuild (``tally_oracle``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee
import pytest

from models.demo import build as demo
from models.demo import bulk as demo_bulk
from models.demo.build import build_demo
from tests.models.storage.tally_oracle import assert_current, state, stored_tallies, stored_times

NOW = dt.datetime(2026, 5, 1, 12, 0)


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "replayed"])
def test_a_demos_tallies_are_current(
    bulk: bool,
    db_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    demo_copy,
) -> None:
    if bulk:  # the bulk path above 50 deals, in blocks of 100 (as test_demo_bulk does)
        monkeypatch.setattr(demo, "BULK_ABOVE", 50)
        monkeypatch.setattr(demo_bulk, "BLOCK", 100)
        summary = build_demo(db_path, deals=250, seed=3, now=NOW)
    else:  # replayed once, shared with the progress test (tests/models/conftest.py)
        summary = demo_copy(db_path, deals=250, seed=3, now=NOW)
    assert summary.deals == 250
    db: peewee.Database = request.getfixturevalue("db")  # opens the demo file
    assert state(db) == ("1", "UTC")
    tallies = stored_tallies(db)
    created = sum(n for (kind, *_), (n, *_) in tallies.items() if kind == "created")
    assert created == summary.open + summary.accepted + summary.rejected
    assert len(stored_times(db)) > 250
    assert_current(db, "in a demo")


def test_a_dutch_bulk_file_counts_in_amsterdam_time(
    db_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "BULK_ABOVE", 50)
    monkeypatch.setattr(demo_bulk, "BLOCK", 100)
    build_demo(db_path, deals=120, seed=2, lang="nl", now=NOW)
    db: peewee.Database = request.getfixturevalue("db")
    assert state(db) == ("1", "Europe/Amsterdam")
    assert_current(db, "in a Dutch bulk demo")
