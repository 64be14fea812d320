"""Shared fixtures: an isolated environment and a fresh SQLite database file per test."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import peewee
import pytest

from models import deals
from models.database import open_database
from models.schema import Deal

ACTOR = "tester"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the developer's own database, home and config."""
    home = tmp_path / "home"
    (home / ".local" / "share").mkdir(parents=True)
    (home / ".config").mkdir(parents=True)
    monkeypatch.delenv("DEALBOARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database file lives (not created yet)."""
    return tmp_path / "deals.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[peewee.Database]:
    """A freshly created, migrated and seeded (English) database, closed afterwards."""
    database = open_database(db_path)
    try:
        yield database
    finally:
        if not database.is_closed():
            database.close()


@pytest.fixture
def make_deal(db: peewee.Database) -> Callable[..., Deal]:
    """Create a deal through the domain operation; keyword arguments go to create_deal."""

    def factory(title: str = "Website redesign", **kwargs: Any) -> Deal:
        kwargs.setdefault("actor", ACTOR)
        return deals.create_deal(title, **kwargs)

    return factory


def table_snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Read every row of every table through a separate sqlite3 connection, sorted."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(
                connection.execute(f'SELECT * FROM "{table}"').fetchall(),
                key=repr,
            )
            for table in tables
        }
    finally:
        connection.close()


@pytest.fixture
def snapshot_file() -> Callable[[Path], dict[str, list[tuple[Any, ...]]]]:
    """A function returning all rows of all tables of any database file."""
    return table_snapshot


@pytest.fixture
def db_snapshot(
    db: peewee.Database, db_path: Path
) -> Callable[[], dict[str, list[tuple[Any, ...]]]]:
    """A function returning all rows of all tables of the test database, for before/after."""
    return lambda: table_snapshot(db_path)


def query_rows(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Run one SELECT through a separate sqlite3 connection; rows as dicts."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql, params).fetchall()]
    finally:
        connection.close()


@pytest.fixture
def rows(db: peewee.Database, db_path: Path) -> Callable[..., list[dict[str, Any]]]:
    """Query the test database from outside the app: ``rows("SELECT …", params)``."""
    return lambda sql, *params: query_rows(db_path, sql, params)


@pytest.fixture
def deal_row(rows: Callable[..., list[dict[str, Any]]]) -> Callable[[int], dict[str, Any]]:
    """The stored ``deal`` row of one deal, as a dict."""

    def read(deal_id: int) -> dict[str, Any]:
        found = rows("SELECT * FROM deal WHERE id = ?", deal_id)
        assert found, f"deal {deal_id} is not in the database"
        return found[0]

    return read


@pytest.fixture
def events(rows: Callable[..., list[dict[str, Any]]]) -> Callable[[int], list[dict[str, Any]]]:
    """The ``deal_event`` rows of one deal, oldest first, as dicts."""
    return lambda deal_id: rows("SELECT * FROM deal_event WHERE deal_id = ? ORDER BY id", deal_id)


@pytest.fixture
def phase_id(rows: Callable[..., list[dict[str, Any]]]) -> Callable[[str], int]:
    """The id of the phase with this exact name."""

    def find(name: str) -> int:
        found = rows("SELECT id FROM phase WHERE name = ?", name)
        assert found, f"no phase named {name!r}"
        return found[0]["id"]

    return find


def assert_readable(message: str) -> None:
    """A message for users: one sentence, capitalised, ending in a full stop, no internals."""
    assert message, "the error has no message"
    assert "\n" not in message, f"not one line: {message!r}"
    first = message[0]
    assert first.isupper() or first.isdigit() or first in "'\"#/~.", (
        f"does not start with a capital: {message!r}"
    )
    assert message.endswith("."), f"does not end with a full stop: {message!r}"
    assert len(message) < 400, f"too long for a user: {message!r}"
    for internal in ("Traceback", "peewee", "sqlite3.", "IntegrityError", "<Phase", "<Deal"):
        assert internal not in message, f"leaks internals: {message!r}"


@pytest.fixture
def refused(db_snapshot: Callable[[], dict[str, Any]]) -> Callable[..., BaseException]:
    """Run a call that must fail: check the error type, its message, and that no row changed.

    ``refused(ValidationError, lambda: …, match="regex")`` returns the error for more checks.
    """
    import re

    def check(
        error_type: type[BaseException], call: Callable[[], object], match: str | None = None
    ) -> BaseException:
        before = db_snapshot()
        with pytest.raises(error_type) as caught:
            call()
        after = db_snapshot()
        assert after == before, "the database changed although the operation was refused"
        message = str(caught.value)
        assert_readable(message)
        if match is not None:
            assert re.search(match, message), f"{match!r} not in {message!r}"
        return caught.value

    return check
