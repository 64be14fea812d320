"""What the hostile operation tests share: the database seen from outside, and the checker.

``Store`` reads the test database through its own sqlite3 connection; ``Checker`` runs one
operation on a corpus value and collects what went against the rules (tests/hostile/
expected.py): a value stored other than the rules say, a refusal the rules do not make, an
unreadable message, a database changed by a refused call. ``setting_values`` puts a value
into every setting. The fixtures that give a test its ``store`` are in tests/hostile/
conftest.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models.domain.errors import DealboardError
from models.operations import settings
from tests.conftest import assert_readable
from tests.hostile.corpus_entry import Hostile
from tests.hostile.expected import (
    REFUSED,
    SETTING_KEYS,
    expected_setting,
    is_readable_message,
)

ACTOR = "tester"


def ids(entries: list[Hostile]) -> list[str]:
    """The entries' ids, as the ids of a parametrized test."""
    return [entry.id for entry in entries]


def short(value: object) -> str:
    """A value's repr for a message, cut to 80 characters."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class Store:
    """The test database seen from outside the app, through its own sqlite3 connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self._dump: tuple[int, dict[str, list[tuple[Any, ...]]]] | None = None

    def close(self) -> None:
        self.connection.close()

    def hold(self) -> None:
        """Keep seeing the database as it is now (a WAL read snapshot), until ``release``.

        The app writes on meanwhile; ``dump`` in between reads the rows as they were.
        """
        self.connection.execute("BEGIN")
        self.connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # starts it

    def release(self) -> None:
        """See the database as it is now again (a no-op when nothing is held)."""
        if self.connection.in_transaction:
            self.connection.commit()

    def data_version(self) -> int:
        """SQLite's counter of commits made by other connections (the app's)."""
        return self.connection.execute("PRAGMA data_version").fetchone()[0]

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table; read again only after the app committed something."""
        version = self.data_version()
        if self._dump is None or self._dump[0] != version:
            tables = [
                row[0]
                for row in self.connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            rows = {
                table: self.connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
                for table in tables
            }
            self._dump = (version, rows)
        return self._dump[1]

    def fresh_dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, read now."""
        self._dump = None
        return self.dump()

    def value(self, sql: str, *params: object) -> Any:
        """The first column of the first row of a query (None when there is none)."""
        row = self.connection.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def names(self, table: str) -> list[str]:
        return [row[0] for row in self.connection.execute(f"SELECT name FROM {table}")]

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, params).fetchall()

    def deal(self, deal_id: int, column: str) -> Any:
        return self.value(f"SELECT {column} FROM deal WHERE id = ?", deal_id)


class Checker:
    """Runs calls against the rules and collects what went wrong, per operation."""

    def __init__(self, store: Store, entry: Hostile) -> None:
        self.store = store
        self.entry = entry
        self.problems: list[str] = []

    def __call__(
        self,
        what: str,
        call: Callable[[], Any],
        expected: Any,
        read: Callable[[Any], Any],
    ) -> Any:
        """Run ``call``; it must store ``expected`` (as ``read`` gives it back) or refuse.

        Every table is read only where a refusal needs it: the store holds a snapshot of the
        database across the call, read when the call is refused, and compared with the rows
        after it when SQLite counts a commit since (``PRAGMA data_version``). Reading every
        table before and after each call was a fifth of these tests' time.
        """
        self.store.hold()
        try:
            result = call()
        except DealboardError as error:
            # In the snapshot: the rows as they were before the call (read again only when
            # something was committed since the last read), and SQLite's count of commits.
            before, version = self.store.dump(), self.store.data_version()
            self.store.release()
            wrong = is_readable_message(str(error))
            if wrong is None:
                try:
                    assert_readable(str(error))
                except AssertionError as failed:
                    wrong = str(failed).splitlines()[0]
            if wrong is not None:
                self.problems.append(f"{what}: message {short(str(error))}: {wrong}")
            if expected is not REFUSED:
                self.problems.append(
                    f"{what}: refused ({short(str(error))}) but the rules store {short(expected)}"
                )
            # Without a commit by the app since the snapshot, the rows are those read before.
            if self.store.data_version() != version and self.store.fresh_dump() != before:
                self.problems.append(f"{what}: refused, yet the database changed")
            return None
        except Exception as error:  # the point of the test: nothing else may escape
            self.problems.append(f"{what}: crashed with {type(error).__name__}: {short(error)}")
            return None
        finally:
            self.store.release()
        if expected is REFUSED:
            self.problems.append(f"{what}: accepted although the rules refuse it")
            return result
        stored = read(result)
        if stored != expected:
            self.problems.append(f"{what}: stored {short(stored)}, the rules say {short(expected)}")
        return result

    def verdict(self) -> None:
        assert not self.problems, f"{self.entry.id} ({short(self.entry.value)}):\n" + "\n".join(
            self.problems
        )


def setting_values(check: Checker, store: Store, value: str) -> None:
    """Every setting set to the value (words, a currency code, a number of days)."""
    for key in SETTING_KEYS:
        check(
            f"set_setting({key})",
            lambda key=key: settings.set_setting(key, value),
            expected_setting(key, value),
            lambda _stored, key=key: store.value("SELECT value FROM setting WHERE key = ?", key),
        )
