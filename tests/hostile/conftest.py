"""Fixtures of the hostile-input tests: the corpus database, and the operation tests' store.

The display modules copy ``hostile_corpus``; the operation modules (test_operations*.py,
test_csv.py) work on ``store``, a copy of the session's template seen from outside the app.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.display_helpers import Hostiles, build
from tests.hostile.operations_helpers import Store


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Hostiles:
    """The corpus database, built once per test process (~3 s of CPU: many odd phases).

    tests/xdist_plan.py keeps the tests that use it on one xdist worker, so it is built once.
    Never opened by a test: each display module works on its own copy (``hostile_file`` in
    tests/hostile/display_helpers.py).
    """
    return build(tmp_path_factory.mktemp("hostile-corpus") / "hostile.sqlite")


@pytest.fixture(scope="session")
def template(sqlite_template: Path) -> Path:
    """The session's migrated and seeded database, copied for each test (tests/db_fixtures.py)."""
    return sqlite_template


@pytest.fixture
def db_path(tmp_path: Path, template: Path) -> Path:
    """The test's SQLite file: a copy of the template, which the ``db`` fixture opens."""
    path = tmp_path / "deals.sqlite"
    shutil.copyfile(template, path)
    return path


@pytest.fixture
def store(db_path: Path, db: Any) -> Iterator[Store]:
    """The test's database seen from outside the app (``db`` has it open for the operations)."""
    # Durability is not under test here; without an fsync per write the corpus runs in seconds.
    db.execute_sql("PRAGMA synchronous=OFF")
    outside = Store(db_path)
    yield outside
    outside.close()
