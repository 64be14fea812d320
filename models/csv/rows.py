"""Read a deals CSV file and check its cells, without touching the database.

``read_csv`` turns a file into rows of named cells with the physical line each row starts
on, refusing (with ``CsvImportError``) what cannot be a deals file at all: a missing or
unreadable file, text that is not UTF-8, an empty file, a wrong header or delimiter. The
separator is a comma, a semicolon or a tab, told apart by the header (``models.csv.dialect``);
in a semicolon file (Excel in Dutch settings) amounts take the decimal comma.
``parse_row`` checks one row's cells with the same parsers the operations use and collects
every problem instead of stopping at the first, so a user sees all of them at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.csv.dialect import excel_amount, excel_date, sniff
from models.csv.export import COLUMNS, OPTIONAL_COLUMNS, PROBABILITY_COLUMNS, restore
from models.csv.probability_cells import deal_probabilities, optional_position, optional_probability
from models.domain.errors import CsvImportError, RowProblem, ValidationError
from models.domain.i18n import N_, _, ngettext
from models.domain.status import CLOSED_STATUSES, Status
from models.domain.typed_input import DUTCH_STATUS_WORDS
from models.domain.validation import clean_text, label, parse_date, parse_money

MAX_CELL_CHARS = 1_000_000  # far above the longest field (a 20,000-character note)
MAX_FILE_BYTES = 256 * 1024 * 1024
# The words a status cell may hold: the stored values, and the Dutch words (in any file).
STATUS_WORDS: dict[str, Status] = {
    **{status.value: status for status in Status},
    **DUTCH_STATUS_WORDS,
}
TEXT_COLUMNS = ("organization", "contact", "owner", "source", "competitor", "note")
EXCEL_HINT = N_('save it as UTF-8 (in Excel: "CSV UTF-8 (comma delimited)") and import again')
_TIMESTAMP_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?"
)
_SHORT_CELL = 40  # longer than any amount, status or date: shown cut, never in full


@dataclass(frozen=True)
class CsvRow:
    """One data row: the line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]
    decimal_comma: bool = False  # a ``;`` file: Dutch amounts and dates (models.csv.dialect)


@dataclass
class ParsedRow:
    """One row's checked values; a column that failed its check stays None."""

    line: int
    title: str | None = None
    texts: dict[str, str] = field(default_factory=dict)
    value_cents: int | None = None
    phase: str | None = None  # a name, or "" for the first active phase
    status: str | None = None
    reason: str | None = None  # a name, or ""
    expected_close: dt.date | None = None
    created_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    probability_override: int | None = None  # the deal's own override, if the file says one
    probability_at_close: int | None = None  # a closed deal's, if the file says it
    phase_probability: int | None = None  # its phase's, for a phase --create-missing creates
    phase_position: int | None = None  # the same: where its phase was, counted from 1
    next_step: str | None = None
    next_step_date: dt.date | None = None


def _shown(text: str) -> str:
    """Quote a cell for a message, cut short so a huge cell never floods the screen."""
    text = text.strip()
    return repr(text if len(text) <= _SHORT_CELL else text[: _SHORT_CELL - 1] + "…")


def _read_text(path: Path) -> str:
    """Return the file's text without a UTF-8 byte-order mark, or refuse the file."""
    try:
        if path.is_dir():
            raise CsvImportError(
                _("The path {path} is a directory, not a CSV file.").format(path=path)
            )
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CsvImportError(
                _(
                    "The file {path} is larger than {max_file_bytes_2_20} MB; split it and import the parts."
                ).format(path=path, max_file_bytes_2_20=MAX_FILE_BYTES // 2**20)
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvImportError(_("There is no file {path}.").format(path=path)) from None
    except PermissionError:
        raise CsvImportError(
            _("Cannot read {path}: permission denied.").format(path=path)
        ) from None
    except OSError as exc:
        raise CsvImportError(
            _("Cannot read {path}: {exc_strerror_or_exc}.").format(
                path=path, exc_strerror_or_exc=exc.strerror or exc
            )
        ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvImportError(
            _("The file {path_name} is UTF-16 text, not UTF-8; {excel_hint}.").format(
                path_name=path.name, excel_hint=_(EXCEL_HINT)
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CsvImportError(
            _(
                "The file {path_name} is not UTF-8 text: line {line} has the byte 0x{data_exc_start:02X}, which UTF-8 does not allow; {excel_hint}."
            ).format(
                path_name=path.name,
                line=line,
                data_exc_start=data[exc.start],
                excel_hint=_(EXCEL_HINT),
            )
        ) from None
    # Excel writes a byte-order mark before UTF-8 CSV; it is not part of the first column.
    return text.removeprefix("\ufeff")


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Set the csv module's (process-wide) cell size limit for the duration of a read."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_error(exc: csv.Error) -> str:
    """Turn the csv module's error into a sentence."""
    if "field larger than field limit" in str(exc):
        return _(
            "A cell starting on this line is longer than {limit} characters; the file was not"
            " read past it."
        ).format(limit=f"{MAX_CELL_CHARS:,}")
    return _("The CSV cannot be read here ({problem}); the file was not read past it.").format(
        problem=exc
    )


def _header_index(header: list[str], name: str) -> dict[str, int]:
    """Map each column to its position; refuse a header that is not exactly the 14 columns."""
    names = [cell.strip().lower() for cell in header]
    expected = _("the first line must name these {count} columns, in any order: {columns}").format(
        count=len(COLUMNS), columns=", ".join(COLUMNS)
    )
    if len(names) == 1:
        for delimiter in ("|", ":"):
            if delimiter in names[0]:
                raise CsvImportError(
                    _(
                        "The file {name} seems to separate its columns with {delimiter!r}; dealboard reads commas, semicolons (;) or tabs."
                    ).format(name=name, delimiter=delimiter)
                )
    if not set(names) & set(COLUMNS):
        raise CsvImportError(
            _(
                "The first line of {name} is not a header (it names none of the columns); {expected}."
            ).format(name=name, expected=expected)
        )
    missing = [column for column in COLUMNS if column not in names]
    known = (*COLUMNS, *OPTIONAL_COLUMNS)
    unknown = [cell.strip() for cell, low in zip(header, names, strict=True) if low not in known]
    twice = sorted({low for low in names if low in known and names.count(low) > 1})
    parts = []
    if missing:
        parts.append(
            ngettext(
                "lacks the column {columns}", "lacks the columns {columns}", len(missing)
            ).format(columns=", ".join(missing))
        )
    if unknown:
        shown = [_shown(cell) if cell else _("an unnamed one") for cell in unknown[:5]]
        more = _(" and {count} more").format(count=len(unknown) - 5) if len(unknown) > 5 else ""
        parts.append(
            ngettext(
                "has unknown column {columns}{more}",
                "has unknown columns {columns}{more}",
                len(unknown),
            ).format(columns=", ".join(shown), more=more)
        )
    if twice:
        parts.append(_("names {columns} more than once").format(columns=", ".join(twice)))
    if parts:
        raise CsvImportError(
            _("The header of {name} {and_join_parts}; {expected}.").format(
                name=name, and_join_parts=_(" and ").join(parts), expected=expected
            )
        )
    return {column: names.index(column) for column in known if column in names}


def read_csv(path: Path) -> tuple[list[CsvRow], list[RowProblem]]:
    """Read ``path`` into rows of named cells, plus the rows that have the wrong shape.

    Entirely empty rows (spreadsheets leave them behind) are skipped. A cell that starts
    with ``'`` before a formula character loses the apostrophe the export put there.
    """
    text = _read_text(path)
    dialect = sniff(text, (*COLUMNS, *OPTIONAL_COLUMNS))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    rows: list[CsvRow] = []
    problems: list[RowProblem] = []
    with _field_limit(MAX_CELL_CHARS):
        index: dict[str, int] | None = None
        while True:
            start = reader.line_num + 1  # the physical line the next row starts on
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if index is None:
                    raise CsvImportError(
                        _("The header of {path_name} cannot be read.").format(path_name=path.name)
                    ) from None
                problems.append(RowProblem(start, None, _csv_error(exc)))
                break
            if not any(cell.strip() for cell in cells):
                continue
            if index is None:
                index = _header_index(cells, path.name)
                continue
            if len(cells) != len(index):
                problems.append(
                    RowProblem(
                        start,
                        None,
                        _("Expected {len_index} cells, found {len_cells}.").format(
                            len_index=len(index), len_cells=len(cells)
                        ),
                    )
                )
                continue
            named = {name: restore(cells[at]) for name, at in index.items()}
            rows.append(CsvRow(start, named, decimal_comma=dialect.decimal_comma))
    if index is None:
        raise CsvImportError(
            _(
                "The file {path_name} is empty: the header row is missing; the first line must name the columns {join_columns}."
            ).format(path_name=path.name, join_columns=", ".join(COLUMNS))
        )
    return rows, problems


def parse_status(cell: str) -> Status:
    """Return open, accepted or rejected for a status word (Dutch too); empty means open."""
    word = cell.strip().casefold()
    if not word:
        return Status.OPEN
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    raise ValidationError(
        "status",
        _(
            "Status {shown_cell} is not one of open, accepted, rejected (in Dutch: open, geaccepteerd or gewonnen, afgewezen or verloren)."
        ).format(shown_cell=_shown(cell)),
    )


def parse_timestamp(cell: str, column: str) -> dt.datetime | None:
    """Parse an ISO 8601 date or date and time into naive UTC; empty means none.

    A time with Z or an offset is converted to UTC; a time without one is taken as UTC,
    and a date alone as midnight UTC.
    """
    text = cell.strip()
    if not text:
        return None
    if len(text) > _SHORT_CELL or not _TIMESTAMP_RE.fullmatch(text):
        raise ValidationError(
            column,
            _(
                "{label_column} {shown_text} is not a date and time; write ISO 8601, like 2026-11-27T09:00:00Z or 2026-11-27."
            ).format(label_column=label(column), shown_text=_shown(text)),
        )
    try:
        parsed = dt.datetime.fromisoformat(text.replace("z", "Z").replace(",", "."))
    except ValueError:
        raise ValidationError(
            column,
            _("{label_column} {text} is not a real date and time.").format(
                label_column=label(column), text=text
            ),
        ) from None
    if not 1900 <= parsed.year <= 2999:
        raise ValidationError(
            column,
            _("{label_column} {text} is out of range.").format(
                label_column=label(column), text=text
            ),
        )
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    if not 1900 <= parsed.year <= 2999:  # 2999-12-31T23:30-01:00 is 3000 in UTC
        raise ValidationError(
            column,
            _("{label_column} {text} is out of range.").format(
                label_column=label(column), text=text
            ),
        )
    return parsed


def _short_cell(column: str, what: str, parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """Refuse a cell far too long to be ``what`` before ``parse`` quotes it in a message."""

    def check(cell: str) -> Any:
        if len(cell.strip()) > _SHORT_CELL:
            raise ValidationError(
                column,
                _(
                    "{label_column} is {len_cell_strip:,} characters long; that is not {what}."
                ).format(
                    label_column=label(column), len_cell_strip=len(cell.strip()), what=_(what)
                ),
            )
        return parse(cell)

    return check


_PARSERS: dict[str, Callable[[str], Any]] = {
    "title": lambda cell: clean_text("title", cell, required=True),
    **{name: functools.partial(clean_text, name) for name in TEXT_COLUMNS},
    "value": _short_cell("value", N_("an amount"), lambda cell: parse_money(cell.strip() or "0")),
    # Empty picks a default; anything else must be a real name, as add_phase will insist.
    "phase": lambda cell: clean_text("phase", cell, required=bool(cell.strip())),
    "status": _short_cell("status", N_("a status"), parse_status),
    "reason": lambda cell: clean_text("reason", cell, required=bool(cell.strip())),
    "expected_close": _short_cell("expected_close", N_("a date"), parse_date),
    "created_at": lambda cell: parse_timestamp(cell, "created_at"),
    "closed_at": lambda cell: parse_timestamp(cell, "closed_at"),
    **{
        name: _short_cell(
            name,
            "a probability",
            functools.partial(optional_probability, name),
        )
        for name in PROBABILITY_COLUMNS
    },
    "phase_position": _short_cell("phase_position", N_("a position"), optional_position),
    "next_step": lambda cell: clean_text("next_step", cell) or None,
    "next_step_date": _short_cell(
        "next_step_date", N_("a date"), lambda c: parse_date(c, "next_step_date")
    ),
}


# A semicolon file's amounts and dates, as Excel in Dutch settings writes them.
_EXCEL_PARSERS: dict[str, Callable[[str], Any]] = {
    **_PARSERS,
    "value": _short_cell("value", N_("an amount"), excel_amount),
    "expected_close": _short_cell(
        "expected_close", N_("a date"), lambda c: excel_date(c, "expected_close")
    ),
    "next_step_date": _short_cell(
        "next_step_date", N_("a date"), lambda c: excel_date(c, "next_step_date")
    ),
}


def parse_row(row: CsvRow, now: dt.datetime) -> tuple[ParsedRow, list[RowProblem]]:
    """Check every cell of a row and the rules between them; return the values and problems.

    An empty value is 0, an empty status is open, an empty phase the first active phase and
    an empty created_at ``now``.
    """
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    parsers = _EXCEL_PARSERS if row.decimal_comma else _PARSERS
    for column in (*COLUMNS, *OPTIONAL_COLUMNS):
        if column not in row.cells:  # an optional column the file does not have
            continue
        try:
            values[column] = parsers[column](row.cells[column])
        except ValidationError as exc:
            problems.append(RowProblem(row.line, column, exc.message))

    def problem(column: str, message: str) -> None:
        problems.append(RowProblem(row.line, column, message))

    status = values.get("status")
    closed = values.get("closed_at")
    if status == Status.OPEN:
        if values.get("reason"):
            problem("reason", "Only a won or lost deal has a reason; this row is open.")
        if closed is not None:
            problem("closed_at", "An open deal has no closed_at; leave it empty or close the deal.")
    elif status in CLOSED_STATUSES and "closed_at" in values and closed is None:
        problem("closed_at", f"A deal that is {status} needs closed_at, the moment it closed.")
    if values.get("competitor") and status in (Status.OPEN, Status.ACCEPTED):
        problem("competitor", "Only a lost (rejected) deal has a competitor.")
    created = values.get("created_at")
    if (
        status != Status.OPEN
        and closed is not None
        and "created_at" in values
        and closed < (created or now)
    ):
        when = f"created_at {created:%Y-%m-%d %H:%M:%S}" if created else "now (no created_at)"
        problem("closed_at", f"Closed at {closed:%Y-%m-%d %H:%M:%S} is before {when}.")
    if values.get("next_step_date") is not None and not values.get("next_step"):
        problem("next_step_date", "A next step date needs the next step itself (next_step).")
    override, at_close = deal_probabilities(status, values, problem)
    parsed = ParsedRow(
        line=row.line,
        title=values.get("title"),
        texts={name: values[name] for name in TEXT_COLUMNS if name in values},
        value_cents=values.get("value"),
        phase=values.get("phase"),
        status=status,
        reason=values.get("reason"),
        expected_close=values.get("expected_close"),
        created_at=created or now,
        closed_at=closed,
        probability_override=override,
        probability_at_close=at_close,
        phase_probability=values.get("phase_probability"),
        phase_position=values.get("phase_position"),
        next_step=values.get("next_step"),
        next_step_date=values.get("next_step_date"),
    )
    return parsed, problems
