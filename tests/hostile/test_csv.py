"""The corpus in every column of a CSV import: all rows in and exact, or none and each listed.

For each column, one file holds a row per corpus value (the other cells fixed and valid,
each row marked so it can be found again). The import either takes the whole file and every
value reads back exactly as the rules say, or refuses the whole file, lists exactly the rows
whose value the rules refuse, by the line they start on, and writes nothing. A second file
with only the acceptable rows must then import and round-trip.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from models.csv.export import COLUMNS, OPTIONAL_COLUMNS, neutralise
from models.csv.importer import import_deals
from models.domain.errors import CsvImportError
from tests.hostile.corpus import aimed_at
from tests.hostile.corpus_entry import DATE, MONEY, NAME, PROBABILITY, TEXT, Hostile
from tests.hostile.expected import (
    REFUSED,
    expected_cents,
    expected_date,
    expected_probability,
    expected_text,
    is_readable_message,
)
from tests.hostile.operations_helpers import Store

ACTOR = "importer"
PROBABILITY_COLUMN = "probability"  # optional: the deal's own probability
CREATED = "2000-01-01T00:00:00Z"  # before every closed_at the rules accept
STATUS_WORDS = {
    "open": "open",
    "accepted": "accepted",
    "rejected": "rejected",
    "geaccepteerd": "accepted",
    "afgewezen": "rejected",
}
SHORT_CELL = 40  # amounts, statuses and dates longer than this are not even read


def storable(entries: list[Hostile]) -> list[Hostile]:
    """A UTF-8 file cannot hold a lone surrogate (see the test of such a file below)."""
    return [entry for entry in entries if not entry.has_surrogate]


# -- what the rules say each cell becomes ------------------------------------------------


def short(rule: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda value: REFUSED if len(value.strip()) > SHORT_CELL else rule(value)


def expected_status(value: str) -> Any:
    word = value.strip().casefold()
    if not word:
        return "open"
    # A closed status needs closed_at, which these rows leave empty.
    return "open" if STATUS_WORDS.get(word) == "open" else REFUSED


_TIMESTAMP = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2})?)(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


def expected_timestamp(value: str, *, not_before: dt.datetime | None = None) -> Any:
    """ISO 8601: a date (midnight UTC) or a date and time, Z or an offset converted to UTC."""
    text = value.strip()
    if not text:
        return None
    match = _TIMESTAMP.fullmatch(text) if len(text) <= SHORT_CELL else None
    if match is None:
        return REFUSED
    date, time, zone = match.groups()
    try:
        moment = dt.datetime.fromisoformat(f"{date}T{time or '00:00'}{zone or ''}")
    except ValueError:
        return REFUSED
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    if not 1900 <= moment.year <= 2999 or (not_before and moment < not_before):
        return REFUSED
    return str(moment)


def expected_names(values: list[str], field: str, existing: list[str]) -> list[Any]:
    """Phase or reason names with --create-missing: an existing one (any case), else new.

    The first row spelling a new name (without regard to case) decides how it is created.
    """
    known = {name.casefold(): name for name in existing}
    result: list[Any] = []
    for value in values:
        text = expected_text(field, value, required=bool(value.strip()))  # blank: a default
        if text is REFUSED or text == "":
            result.append(text)
            continue
        result.append(known.setdefault(text.casefold(), text))
    return result


# -- the files ------------------------------------------------------------------------------


def cell(text: str) -> str:
    """One CSV cell as a spreadsheet writes it: quoted when it must be (a lone CR too)."""
    text = neutralise(text)
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...]) -> list[int]:
    """Write the rows; return the line each starts on (line breaks inside cells count)."""
    starts = []
    line = 2
    chunks = [",".join(columns) + "\n"]
    for row in rows:
        text = ",".join(cell(row.get(column, "")) for column in columns) + "\n"
        starts.append(line)
        line += len(re.findall(r"\r\n|\r|\n", text))
        chunks.append(text)
    path.write_text("".join(chunks), encoding="utf-8", newline="")
    return starts


@dataclass
class Column:
    """How one column is tested: its rows, what each stores, and how to read it back."""

    name: str
    entries: list[Hostile]
    fixed: dict[str, str]  # the other cells of every row
    marker: str  # the column that tells the rows apart
    read: str  # SQL reading the stored value of the deal with a given marker
    expect: Callable[[list[str], Store], list[Any]]
    create_missing: bool = False


def each(rule: Callable[[str], Any]) -> Callable[[list[str], Store], list[Any]]:
    return lambda values, _store: [rule(value) for value in values]


LOST = {
    "status": "rejected",
    "reason": "Price too high",
    "created_at": CREATED,
    "closed_at": "2026-11-01",
}


def deal_column(name: str, marker: str = "title") -> str:
    return f"SELECT {name} FROM deal WHERE {marker} = ?"


COLUMNS_UNDER_TEST = [
    Column(
        "title",
        storable(aimed_at(TEXT)),
        {},
        "contact",
        deal_column("title", "contact"),
        each(lambda value: expected_text("title", value, required=True)),
    ),
    *(
        Column(
            name,
            storable(aimed_at(TEXT)),
            LOST if name == "competitor" else {},
            "title",
            deal_column(name),
            each(lambda value, name=name: expected_text(name, value)),
        )
        for name in ("organization", "contact", "owner", "source", "competitor", "note")
    ),
    Column(
        "value",
        storable(aimed_at(MONEY)),
        {},
        "title",
        deal_column("value_cents"),
        each(short(lambda value: expected_cents(value.strip() or "0"))),
    ),
    Column(
        PROBABILITY_COLUMN,
        storable(aimed_at(PROBABILITY)),
        {},
        "title",
        deal_column("probability_override"),
        each(short(lambda value: None if not value.strip() else expected_probability(value))),
    ),
    Column(
        "probability_at_close",
        storable(aimed_at(PROBABILITY)),
        LOST,
        "title",
        deal_column("probability_at_close"),
        # Empty: it closes at its phase's, Introduction's 10 %.
        each(short(lambda value: 10 if not value.strip() else expected_probability(value))),
    ),
    Column(
        "phase_probability",
        storable(aimed_at(PROBABILITY)),
        {"title": "In a new phase"},
        "phase",  # a new phase per row, so no two rows give one phase two probabilities
        "SELECT probability FROM phase WHERE name = ?",
        # Empty: a created phase gets 0 %, as from a file without the column.
        each(short(lambda value: 0 if not value.strip() else expected_probability(value))),
        create_missing=True,
    ),
    Column(
        "expected_close",
        storable(aimed_at(DATE)),
        {},
        "title",
        deal_column("expected_close"),
        each(short(expected_date)),
    ),
    Column(
        "status",
        storable(aimed_at(TEXT)),
        {},
        "title",
        deal_column("status"),
        each(short(expected_status)),
    ),
    Column(
        "created_at",
        storable(aimed_at(DATE)),
        {},
        "title",
        deal_column("created_at"),
        each(expected_timestamp),
    ),
    Column(
        "closed_at",
        storable(aimed_at(DATE)),
        {"status": "rejected", "reason": "Price too high", "created_at": CREATED},
        "title",
        deal_column("closed_at"),
        each(
            lambda value: (
                REFUSED
                if not value.strip()  # a lost deal needs it
                else expected_timestamp(value, not_before=dt.datetime(2000, 1, 1))
            )
        ),
    ),
    Column(
        "phase",
        storable(aimed_at(NAME)),
        {},
        "title",
        "SELECT p.name FROM deal d JOIN phase p ON p.id = d.phase_id WHERE d.title = ?",
        lambda values, outside: [
            "Introduction" if name == "" else name  # empty: the first active phase
            for name in expected_names(values, "phase", outside.names("phase"))
        ],
        create_missing=True,
    ),
    Column(
        "reason",
        storable(aimed_at(NAME)),
        {"status": "rejected", "created_at": CREATED, "closed_at": "2026-11-01"},
        "title",
        "SELECT r.name FROM deal d JOIN reason r ON r.id = d.reason_id WHERE d.title = ?",
        lambda values, outside: [
            REFUSED if name == "" else name  # a reason is required on reject
            for name in expected_names(values, "reason", outside.names("reason"))
        ],
        create_missing=True,
    ),
]


def import_file(path: Path, column: Column) -> tuple[Any, CsvImportError | None]:
    try:
        return import_deals(path, actor=ACTOR, create_missing=column.create_missing), None
    except CsvImportError as error:
        return None, error


@pytest.mark.parametrize("column", COLUMNS_UNDER_TEST, ids=[c.name for c in COLUMNS_UNDER_TEST])
def test_hostile_column(store: Store, tmp_path: Path, column: Column) -> None:
    header = (*COLUMNS, *OPTIONAL_COLUMNS)
    values = [entry.value for entry in column.entries]
    expected = column.expect(values, store)
    rows = [
        {**column.fixed, column.marker: f"row {number}", column.name: value}
        for number, value in enumerate(values)
    ]
    bad_lines = write_csv(tmp_path / "all.csv", rows, header)
    refused = {
        line: entry.id
        for line, entry, wanted in zip(bad_lines, column.entries, expected, strict=True)
        if wanted is REFUSED
    }
    before = store.fresh_dump()
    result, error = import_file(tmp_path / "all.csv", column)
    problems: list[str] = []
    if not refused:
        if error is not None:
            problems.append(f"refused although every row is fine: {error} {error.problems[:3]}")
    elif error is None:
        problems.append(f"imported although the rules refuse {sorted(refused.values())}")
    else:
        listed = {problem.line for problem in error.problems}
        for line in sorted(set(refused) - listed):
            problems.append(f"line {line} ({refused[line]}) is not listed")
        for line in sorted(listed - set(refused)):
            problems.append(f"line {line} is listed but fine: {error.problems}")
        for problem in error.problems:
            if problem.line in refused and problem.column not in (column.name, None):
                problems.append(f"line {problem.line}: blamed on {problem.column}")
            if (wrong := is_readable_message(problem.message)) is not None:
                problems.append(f"line {problem.line}: {problem.message!r}: {wrong}")
        if (wrong := is_readable_message(str(error))) is not None:
            problems.append(f"summary {str(error)!r}: {wrong}")
        if store.fresh_dump() != before:
            problems.append("refused, yet the database changed")
        # The rows the rules accept, on their own, go in.
        good = [row for row, wanted in zip(rows, expected, strict=True) if wanted is not REFUSED]
        write_csv(tmp_path / "good.csv", good, header)
        result, error = import_file(tmp_path / "good.csv", column)
        if error is not None:
            problems.append(f"the acceptable rows were refused: {error} {error.problems[:3]}")
    if result is not None:
        assert result.deals == len(rows) - len(refused)
        for row, wanted, entry in zip(rows, expected, column.entries, strict=True):
            if wanted is REFUSED:
                continue
            stored = store.value(column.read, row[column.marker])
            if column.name == "created_at" and wanted is None:
                wanted = stored if stored else "the moment of the import"  # empty: now
            if stored != wanted:
                problems.append(f"{entry.id}: stored {stored!r}, the rules say {wanted!r}")
    assert not problems, f"column {column.name}:\n" + "\n".join(problems[:30])


def test_one_bad_row_among_good_ones_refuses_the_file(store: Store, tmp_path: Path) -> None:
    rows = [{"title": f"Fine {number}"} for number in range(20)]
    rows.insert(13, {"title": "Escaped \x1b[2J", "note": "line\nbreak"})
    starts = write_csv(tmp_path / "one.csv", rows, COLUMNS)
    before = store.fresh_dump()
    with pytest.raises(CsvImportError) as caught:
        import_deals(tmp_path / "one.csv", actor=ACTOR)
    assert [(p.line, p.column) for p in caught.value.problems] == [(starts[13], "title")]
    assert "U+001B" in caught.value.problems[0].message
    assert store.fresh_dump() == before


def test_a_lone_surrogate_makes_the_file_not_utf8(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "surrogate.csv"
    text = ",".join(COLUMNS) + "\nFine,,,,,,,,,,,,,\nBad \ud800 title,,,,,,,,,,,,,\n"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    before = store.fresh_dump()
    with pytest.raises(CsvImportError) as caught:
        import_deals(path, actor=ACTOR)
    message = str(caught.value)
    assert "not UTF-8" in message and "line 3" in message, message
    assert is_readable_message(message) is None
    assert store.fresh_dump() == before
