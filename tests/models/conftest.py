"""Fixtures of the report tests: a fresh copy of the hand-built database per test."""

from __future__ import annotations

import shutil

import pytest

from models.storage.database import open_database
from tests.backends import copy_sqlite_to_postgres
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
