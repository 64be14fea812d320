"""Corpus text through every text input of the operations: deal fields, closing, settings."""

# Each call either succeeds and the value read back through a separate sqlite3 connection is
# exactly what the rules in ``corpus`` say (text trimmed, notes keeping inner newlines and
# tabs), or it raises a ``DealboardError`` with a one-line printable message and every table
# is unchanged. Anything else (another exception, a half-written row) is a failure naming the
# operation. The other test_operations_* modules (and test_csv) take the Store, the Checker
# and the fixtures from here.

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from models.domain.errors import DealboardError
from models.operations import deals, settings
from tests.conftest import assert_readable
from tests.hostile.corpus import aimed_at
from tests.hostile.corpus_entry import TEXT, Hostile
from tests.hostile.expected import (
    REFUSED,
    SETTING_KEYS,
    expected_setting,
    expected_text,
    is_readable_message,
)

ACTOR = "tester"
DEAL_TEXTS = ("title", "organization", "contact", "owner", "source", "note")


def ids(entries: list[Hostile]) -> list[str]:
    return [entry.id for entry in entries]


def short(value: object) -> str:
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
    # Durability is not under test here; without an fsync per write the corpus runs in seconds.
    db.execute_sql("PRAGMA synchronous=OFF")
    outside = Store(db_path)
    yield outside
    outside.close()


# -- free text: deal fields, closing, settings ---------------------------------------------


def text_fields(check: Checker, store: Store, value: str) -> None:
    """Create a deal with the value in each text field, then edit each field to it."""
    check(
        "create_deal(title)",
        lambda: deals.create_deal(value, actor=ACTOR),
        expected_text("title", value, required=True),
        lambda deal: store.deal(deal.id, "title"),
    )
    for field in DEAL_TEXTS[1:]:
        check(
            f"create_deal({field}=)",
            lambda field=field: deals.create_deal("Hostile", actor=ACTOR, **{field: value}),
            expected_text(field, value),
            lambda deal, field=field: store.deal(deal.id, field),
        )
    base = deals.create_deal(
        "Base", actor=ACTOR, organization="Org", contact="C", owner="O", source="S", note="N"
    )
    for field in DEAL_TEXTS:
        check(
            f"edit_deal({field})",
            lambda field=field: deals.edit_deal(base.id, {field: value}, actor=ACTOR),
            expected_text(field, value, required=field == "title"),
            lambda _deal, field=field: store.deal(base.id, field),
        )
    # The history holds what was stored, not the raw input.
    expected_note = expected_text("note", value)
    if expected_note not in (REFUSED, "N"):
        recorded = store.value(
            "SELECT new_value FROM deal_event WHERE deal_id = ? AND field = 'note'"
            " ORDER BY id DESC LIMIT 1",
            base.id,
        )
        if recorded != expected_note:
            check.problems.append(f"history of the note: {short(recorded)}")


def expected_reason(store: Store, value: str, outcome: str) -> Any:
    """The reason id a close with ``reason=value`` stores: by name (any case) or id."""
    wanted = value.strip()
    if not wanted:
        required = store.value(
            "SELECT value FROM setting WHERE key = ?",
            "require_reason_on_reject" if outcome == "rejected" else "require_reason_on_accept",
        )
        return REFUSED if required == "1" else None
    found = [
        row
        for row in store.rows("SELECT id, name, applies_to, archived FROM reason")
        if row[1].casefold() == wanted.casefold()
        or (wanted.isascii() and wanted.isdigit() and len(wanted) < 19 and row[0] == int(wanted))
    ]
    if not found or found[0][3] or found[0][2] not in (outcome, "both"):
        return REFUSED
    return found[0][0]


def closing(check: Checker, store: Store, value: str) -> None:
    """Close deals with the value as competitor, closing note and reason; edit them after."""
    lost = deals.create_deal("Lost one", actor=ACTOR)
    check(
        "close_deal(rejected, competitor=)",
        lambda: deals.close_deal(
            lost.id, "rejected", actor=ACTOR, reason="Price too high", competitor=value
        ),
        expected_text("competitor", value),
        lambda _deal: store.deal(lost.id, "competitor"),
    )
    won = deals.create_deal("Won one", actor=ACTOR)
    check(
        "close_deal(accepted, note=)",
        lambda: deals.close_deal(won.id, "accepted", actor=ACTOR, note=value),
        expected_text("close_note", value),
        lambda _deal: store.deal(won.id, "close_note"),
    )
    other = deals.create_deal("Reasoned", actor=ACTOR)
    check(
        "close_deal(rejected, reason=)",
        lambda: deals.close_deal(other.id, "rejected", actor=ACTOR, reason=value),
        expected_reason(store, value, "rejected"),
        lambda _deal: store.deal(other.id, "reason_id"),
    )
    if store.deal(lost.id, "status") != "rejected":
        deals.close_deal(lost.id, "rejected", actor=ACTOR, reason="Price too high")
    for field in ("competitor", "close_note"):
        check(
            f"edit_deal({field}) of a lost deal",
            lambda field=field: deals.edit_deal(lost.id, {field: value}, actor=ACTOR),
            expected_text(field, value),
            lambda _deal, field=field: store.deal(lost.id, field),
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


@pytest.mark.parametrize("entry", aimed_at(TEXT), ids=ids(aimed_at(TEXT)))
def test_text_inputs(store: Store, entry: Hostile) -> None:
    check = Checker(store, entry)
    text_fields(check, store, entry.value)
    closing(check, store, entry.value)
    setting_values(check, store, entry.value)
    check.verdict()
