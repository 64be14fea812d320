"""The change watcher on SQLite asks the WAL-index header first and SQLite only when it moved.

Live refresh looks once a second in every open app; on a WAL database the watcher reads the
``-shm`` file's header instead of running ``PRAGMA data_version`` while it stays the same
(``models/storage/changes.py``). These tests check that it really asks nothing then, and that
no commit is ever missed for it: one right after the question, one on a file not in WAL mode
with an old ``-shm`` beside it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator

import peewee
import pytest

from models.storage.changes import WAL_HEADER, ChangeWatcher, read_wal_header
from models.storage.database import open_database

pytestmark = pytest.mark.sqlite_only  # PostgreSQL asks its counter, as before


@pytest.fixture
def watcher(db: peewee.Database) -> Iterator[ChangeWatcher]:
    """A watcher whose starting point and header are taken, recording what it asks SQLite."""
    with ChangeWatcher() as watching:
        assert watching.changed() is False  # the starting point
        assert watching.changed() is False  # and the header beside it
        yield watching


def asked(watcher: ChangeWatcher) -> list[str]:
    """The statements the watcher's connection runs from now on."""
    statements: list[str] = []
    watcher._connection.set_trace_callback(statements.append)
    return statements


def test_while_nothing_changes_sqlite_is_not_asked(watcher, raw):
    statements = asked(watcher)
    for _ in range(5):
        assert watcher.changed() is False
    assert statements == []
    raw.execute("UPDATE phase SET name = 'Offer' WHERE name = 'Proposal'")
    assert watcher.changed() is True
    assert watcher.changed() is False  # the header read before that question still holds
    assert watcher.changed() is False
    assert statements == ["PRAGMA data_version"]


def test_a_commit_right_after_the_question_is_seen_at_the_next_look(watcher, raw, monkeypatch):
    ask = watcher._read

    def ask_then_commit() -> object:
        token = ask()
        raw.execute("UPDATE phase SET name = 'Offer' WHERE name = 'Bid'")
        return token

    raw.execute("UPDATE phase SET name = 'Bid' WHERE name = 'Proposal'")  # so it asks
    monkeypatch.setattr(watcher, "_read", ask_then_commit)
    assert watcher.changed() is True  # the first change; the second lands after the answer
    monkeypatch.setattr(watcher, "_read", ask)
    assert watcher.changed() is True  # the header read before the question moved since
    assert watcher.changed() is False


def test_a_rolled_back_change_asks_nothing(watcher, raw):
    statements = asked(watcher)
    raw.execute("BEGIN IMMEDIATE")
    raw.execute("UPDATE phase SET name = 'Offer' WHERE name = 'Proposal'")
    raw.execute("ROLLBACK")
    assert watcher.changed() is False
    assert statements == []


def test_a_file_not_in_wal_mode_is_always_asked(sqlite_template, tmp_path):
    """An old -shm beside a rollback-journal file never moves: trusting it would miss all.

    A file dealboard may write is always put in WAL mode; one opened read-only keeps its mode.
    """
    path = tmp_path / "journal.sqlite"
    shutil.copy(sqlite_template, path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    shm = path.with_name(f"{path.name}-shm")
    shm.write_bytes(bytes(2 * WAL_HEADER) + bytes(40))  # two equal copies, as if settled
    open_database(path, read_only=True)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        with ChangeWatcher() as watcher:
            assert watcher.changed() is False
            assert watcher.changed() is False
            other.execute("UPDATE phase SET name = 'Offer' WHERE name = 'Proposal'")
            assert watcher.changed() is True
            assert watcher.changed() is False
    finally:
        other.close()


def test_a_header_being_written_is_not_trusted(tmp_path):
    def header(content: bytes) -> bytes | None:
        shm = tmp_path / "copy-shm"
        shm.write_bytes(content)
        fd = os.open(shm, os.O_RDONLY)
        try:
            return read_wal_header(fd)
        finally:
            os.close(fd)

    assert header(b"a" * WAL_HEADER + b"b" * WAL_HEADER) is None  # the copies differ: mid-commit
    assert header(b"a" * WAL_HEADER) is None  # too short
    assert header(b"a" * (2 * WAL_HEADER) + b"c" * 40) == b"a" * WAL_HEADER
