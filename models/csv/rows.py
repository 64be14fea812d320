"""Check the cells of a deals CSV file's rows, without touching the database.

``parse_row`` checks one row's cells (read by ``models.csv.reader``) with the same parsers
the operations use and collects every problem instead of stopping at the first, so a user
sees all of them at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from models.csv.dialect import excel_amount, excel_date
from models.csv.export import COLUMNS, OPTIONAL_COLUMNS, PROBABILITY_COLUMNS
from models.csv.probability_cells import deal_probabilities, optional_position, optional_probability
from models.csv.reader import SHORT_CELL, CsvRow, shown_cell
from models.domain.errors import RowProblem, ValidationError
from models.domain.i18n import N_, _
from models.domain.status import CLOSED_STATUSES, Status
from models.domain.typed_input import DUTCH_STATUS_WORDS
from models.domain.validation import clean_text, label, parse_date, parse_money

# The words a status cell may hold: the stored values, and the Dutch words (in any file).
STATUS_WORDS: dict[str, Status] = {
    **{status.value: status for status in Status},
    **DUTCH_STATUS_WORDS,
}
TEXT_COLUMNS = ("organization", "contact", "owner", "source", "competitor", "note")
_TIMESTAMP_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?"
)


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
        ).format(shown_cell=shown_cell(cell)),
    )


def parse_timestamp(cell: str, column: str) -> dt.datetime | None:
    """Parse an ISO 8601 date or date and time into naive UTC; empty means none.

    A time with Z or an offset is converted to UTC; a time without one is taken as UTC,
    and a date alone as midnight UTC.
    """
    text = cell.strip()
    if not text:
        return None
    if len(text) > SHORT_CELL or not _TIMESTAMP_RE.fullmatch(text):
        raise ValidationError(
            column,
            _(
                "{label_column} {shown_text} is not a date and time; write ISO 8601, like 2026-11-27T09:00:00Z or 2026-11-27."
            ).format(label_column=label(column), shown_text=shown_cell(text)),
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
        if len(cell.strip()) > SHORT_CELL:
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
