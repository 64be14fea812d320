"""`check` lets SQLite skip the rows whose values are fine, and still finds every bad value.

``usable_sql`` must be true only for values the fields keep (never for one they mark), and
true for what dealboard writes, or the skip would hide findings or save nothing. The end-to-end
test compares ``check_stored_values`` with the same check reading every row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sqlite3
from pathlib import Path
from typing import Any

import peewee
import pytest

from models.operations import deals
from models.storage import foreign_rows
from models.storage.database import open_database
from models.storage.foreign_rows import check_stored_values
from models.storage.schema import Deal, DealEvent, database_proxy
from models.storage.stored_values import (
    BadValue,
    SafeCentsField,
    SafeDateField,
    SafeDateTimeField,
    SafeTextField,
    usable_sql,
)
from tests.models.storage.foreign_rows import drop_shape_triggers

NOW = dt.datetime(2026, 6, 15, 12, 0)
GOOD: dict[str, list[Any]] = {  # what dealboard writes, which SQLite must let pass
    "time": ["2026-06-15 12:00:00", "2026-06-15 12:00:00.250000", "0001-01-01 00:00:00"],
    "date": ["2026-02-28", "2024-02-29", "9999-12-31", "0001-01-01"],
    "text": ["", "Deal", "2026-02-30", "x" * 600],
    "cents": [0, 125, 2**62],
}
EDGES = [
    None, 0, 1, -1, 1.5, 20260615, b"", b"2026-06-15", b"\xff", "", " ", "abc", "yesterday",
    "2026-02-30", "2026-02-29", "2024-02-30", "2026-13-01", "2026-00-10", "2026-01-00",
    "2026-1-01", "0000-01-01", "10000-01-01", "2026-06-15 ", " 2026-06-15", "2026-06-15\x00",
    "2026-06-15\x00x", "２０２６-06-15", "٢٠٢٦-06-15", "2026-06-15T12:00:00",
    "2026-06-15 24:00:00", "2026-06-15 23:60:00", "2026-06-15 23:59:60", "2026-06-15 12:00",
    "2026-06-15 12:00:00.5", "2026-06-15 12:00:00.1234567", "2026-06-15 12:00:00Z",
    "2026-06-15 12:00:00+01:00", "2026-02-30 10:00:00", "0000-01-01 00:00:00",
    "2026-06-15 12:00:00\x00", "2026-06-15 12:00:00.000000\x00", "2026-06-15 23:59:59.999999",
    "2026-06-15 12:00:00,000000", "2026-06-15 12:00:00.00000a", "2026-06-15 1:00:00",
]  # fmt: skip
FIELDS: dict[str, Any] = {
    "time": SafeDateTimeField(),
    "date": SafeDateField(),
    "text": SafeTextField(),
    "cents": SafeCentsField(),
}


def _mutations(rng: random.Random, good: str, count: int) -> list[str]:
    """Good values with a character replaced, dropped or added: near misses of the shape."""
    alphabet = "0123456789-: .T\x00a９٣"
    made = []
    for _ in range(count):
        chars = list(good)
        where = rng.randrange(len(chars) + 1)
        action = rng.randrange(3)
        if action == 0 and where < len(chars):
            chars[where] = rng.choice(alphabet)
        elif action == 1 and where < len(chars):
            del chars[where]
        else:
            chars.insert(where, rng.choice(alphabet))
        made.append("".join(chars))
    return made


def _values() -> list[object]:
    rng = random.Random(7)
    values: list[object] = [*EDGES]
    for kind in ("time", "date"):
        for good in GOOD[kind]:
            values += _mutations(rng, str(good), 400)
    for kind in GOOD:
        values += GOOD[kind]
    return values


def _usable(kind: str, values: list[object], declared: str = "") -> list[tuple[object, bool]]:
    """Each value as SQLite stored it in a column of type ``declared``, and what SQL says."""
    conn = sqlite3.connect(":memory:")
    conn.text_factory = lambda data: data.decode("utf-8", "replace")  # as dealboard reads
    try:
        conn.execute(f"CREATE TABLE t (n INTEGER PRIMARY KEY, v {declared})")
        conn.executemany("INSERT INTO t (v) VALUES (?)", [(value,) for value in values])
        test = usable_sql(FIELDS[kind], "v")
        rows = conn.execute(f"SELECT v, {test} FROM t ORDER BY n").fetchall()
    finally:
        conn.close()
    assert all(row[1] in (0, 1) for row in rows), "usable_sql must never be NULL"
    return [(stored, bool(usable)) for stored, usable in rows]


# The type each kind of column is declared with in the schema, and none (no affinity).
DECLARED = {"time": "DATETIME", "date": "DATE", "text": "TEXT", "cents": "INTEGER"}


@pytest.mark.parametrize("typed", [False, True], ids=["untyped", "typed"])
@pytest.mark.parametrize("kind", list(FIELDS))
def test_sql_lets_through_only_what_the_field_keeps(kind: str, typed: bool) -> None:
    field = FIELDS[kind]
    checked = _usable(kind, _values(), DECLARED[kind] if typed else "")
    wrongly = [
        stored
        for stored, usable in checked
        if usable and isinstance(field.python_value(stored), BadValue)
    ]
    assert wrongly == []


@pytest.mark.parametrize("kind", list(FIELDS))
def test_sql_lets_through_what_dealboard_writes(kind: str) -> None:
    checked = _usable(kind, [*GOOD[kind], None], DECLARED[kind])
    assert [usable for _, usable in checked] == [True] * (len(GOOD[kind]) + 1)


def test_a_field_without_a_test_reads_every_row() -> None:
    assert usable_sql(peewee.CharField(), "v") is None


CLOSED_CREATED = [  # closed_at, created_at: before, equal, and after by a microsecond
    ("2026-06-15 11:59:59", "2026-06-15 12:00:00"),
    ("2026-06-15 12:00:00", "2026-06-15 12:00:00.000001"),
    ("2026-06-15 12:00:00", "2026-06-15 12:00:00.000000"),
    ("2026-06-15 12:00:00.000000", "2026-06-15 12:00:00"),
    ("2026-06-15 12:00:00.000001", "2026-06-15 12:00:00"),
    ("2025-12-31 23:59:59.999999", "2026-01-01 00:00:00"),
]


def _every_row(query: peewee.Select, fields: tuple, doubt: str | None = None) -> peewee.Select:
    return query


@pytest.fixture
def damaged(db_path: Path) -> Path:
    """A database whose deals and history hold every edge value in every checked column."""
    open_database(db_path)
    ids = [deals.create_deal(f"Deal {n}", actor="t", at=NOW).id for n in range(12)]
    for deal_id in ids[::3]:
        deals.accept_deal(deal_id, actor="t", at=NOW + dt.timedelta(hours=1))
    database_proxy.obj.close()
    drop_shape_triggers(db_path)
    columns = [field.column_name for field in foreign_rows._DEAL_FIELDS]
    columns += ["closed_at", "created_at"]  # twice: times that compare either way
    rng = random.Random(3)
    values = [*EDGES, *GOOD["time"], "2026-06-15 12:00:00.000000", "2026-06-15 11:59:59.999999"]
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA ignore_check_constraints=ON")
        for n in range(400):
            deal_id = ids[n % len(ids)]
            with contextlib.suppress(sqlite3.IntegrityError):  # NULL in a NOT NULL column
                conn.execute(
                    f"UPDATE deal SET {rng.choice(columns)} = ? WHERE id = ?",
                    (rng.choice(values), deal_id),
                )
            with contextlib.suppress(sqlite3.IntegrityError):
                conn.execute(
                    "INSERT INTO deal_event (deal_id, at, actor, kind, field, old_value,"
                    " new_value) VALUES (?, ?, 't', 'note', 'note', ?, ?)",
                    (deal_id, rng.choice(values), rng.choice(values), rng.choice(values)),
                )
            if n % 40 == 39:  # keep a row of every state, not only the last one written
                conn.execute(
                    f"INSERT INTO deal ({', '.join(c for c in columns[:16])}, phase_id)"
                    f" SELECT {', '.join(c for c in columns[:16])}, phase_id FROM deal"
                    " WHERE id = ?",
                    (deal_id,),
                )
        for closed, created in CLOSED_CREATED:
            conn.execute(
                "INSERT INTO deal (title, phase_id, status, probability_at_close, created_at,"
                " updated_at, closed_at) SELECT 'Clock', phase_id, 'accepted', 10, ?, ?, ?"
                " FROM deal WHERE id = ?",
                (created, created, closed, ids[0]),
            )
    conn.close()
    open_database(db_path)
    return db_path


def test_skipping_the_fine_rows_finds_what_reading_every_row_finds(
    damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(foreign_rows, "MAX_LISTED", 100_000)
    skipping = check_stored_values().findings
    monkeypatch.setattr(foreign_rows, "_only_doubtful", _every_row)
    reading_all = check_stored_values().findings
    assert skipping == reading_all
    problems = {finding.problem for finding in reading_all}
    assert {"not_a_date", "not_a_timestamp", "not_an_amount", "not_text"} <= problems
    early = [finding.value for finding in reading_all if finding.problem == "closed_before_created"]
    assert early[-3:] == [
        "2026-06-15 11:59:59",
        "2026-06-15 12:00:00",
        "2025-12-31 23:59:59.999999",
    ]
    assert Deal.select().count() > 12 and DealEvent.select().count() > 400
