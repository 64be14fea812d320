"""Deals as CSV (docs/csv.md): the column contract, formula neutralisation and the export.

The file is UTF-8 without a byte-order mark, comma separated, minimally quoted, with LF line
ends. Amounts are plain decimals with two decimals, timestamps ISO 8601 UTC with a Z, and a
cell a spreadsheet would run as a formula gets a leading apostrophe. With ``excel`` it is what
Excel in Dutch settings opens directly: a UTF-8 byte-order mark, ``;`` separated, amounts with
a decimal comma, CRLF line ends (dates stay ISO, which Excel and Calc read as dates there too).
The import (``models.csv.importer``) reads both shapes back, so export → import round-trips.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from peewee import JOIN, fn

from models.domain.errors import DealboardError, ValidationError
from models.domain.i18n import N_, _
from models.domain.status import STATUS_FILTERS, Status, StatusFilter
from models.domain.validation import cents_to_decimal_string
from models.operations.lookup import find_phase
from models.queries.deal_views import iso_utc
from models.storage.safe_files import check_destination, data_file_mode, os_problem, partial_file
from models.storage.schema import Deal, Phase, Reason
from models.storage.stored_values import marked

COLUMNS: tuple[str, ...] = (
    "title",
    "organization",
    "contact",
    "owner",
    "source",
    "value",
    "phase",
    "status",
    "reason",
    "competitor",
    "expected_close",
    "created_at",
    "closed_at",
    "note",
)
# Optional columns after the 14 of docs/csv.md, in this order: an import takes files with or
# without each. ``probability`` is a deal's own probability where it differs from its phase's
# (an open deal's override, or a closed deal's probability at close). The later three say what
# ``probability`` cannot: a closed deal's probability at close even when it equals its phase's,
# the override a deal has (a closed one too), and its phase's probability and position, which
# ``--create-missing`` gives a phase it creates.
PROBABILITY_COLUMNS: tuple[str, ...] = (
    "probability",
    "probability_at_close",
    "probability_override",
    "phase_probability",
)
# A deal's next step and its date (docs/csv.md), last so files from before still import.
NEXT_STEP_COLUMNS: tuple[str, ...] = ("next_step", "next_step_date")
OPTIONAL_COLUMNS: tuple[str, ...] = (*PROBABILITY_COLUMNS, "phase_position", *NEXT_STEP_COLUMNS)
EXPORT_COLUMNS: tuple[str, ...] = (*COLUMNS, *OPTIONAL_COLUMNS)
# Characters that make a spreadsheet treat a cell as a formula (or hide one behind them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 500


def _runs_as_formula(cell: str) -> bool:
    """Tell whether a cell, after any apostrophes already in front, starts like a formula."""
    return cell.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula.

    Apostrophes already in front count as part of the prefix: ``'=x`` is written ``''=x``,
    so the import, which removes exactly one, gives back what was exported.
    """
    return "'" + cell if _runs_as_formula(cell) else cell


def restore(cell: str) -> str:
    """Undo ``neutralise``: drop the one ``'`` it put before a formula-like cell."""
    if cell.startswith("'") and _runs_as_formula(cell[1:]):
        return cell[1:]
    return cell


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: how many deals, and where."""

    deals: int
    destination: str


def _query(
    status: str, phase: str | int | None, owner: str | None, source: str | None
) -> tuple[Iterator[tuple[object, ...]], int]:
    """Return the filtered live deals as tuples in creation order, and how many there are."""
    if status not in STATUS_FILTERS:
        raise ValidationError(
            "status",
            _("Status must be one of {join_status_filters}, not {status!r}.").format(
                join_status_filters=", ".join(STATUS_FILTERS), status=status
            ),
        )
    query = (
        Deal.select(
            Deal.title,
            Deal.organization,
            Deal.contact,
            Deal.owner,
            Deal.source,
            Deal.value_cents,
            Phase.name,
            Deal.status,
            Reason.name,
            Deal.competitor,
            Deal.expected_close,
            Deal.created_at,
            Deal.closed_at,
            Deal.note,
            Deal.probability_override,
            Deal.probability_at_close,
            Phase.probability,
            Phase.position,
            Deal.next_step,
            Deal.next_step_date,
        )
        .join(Phase, on=(Deal.phase == Phase.id))
        .switch(Deal)
        .join(Reason, JOIN.LEFT_OUTER, on=(Deal.reason == Reason.id))
        .where(Deal.deleted_at.is_null())
    )
    if status != StatusFilter.ALL:
        query = query.where(Deal.status == status)
    if phase is not None:
        query = query.where(Deal.phase == find_phase(phase).id)
    # Owner and source are free text: match them as people type them, ignoring case.
    if owner is not None:
        query = query.where(fn.LOWER(Deal.owner) == owner.strip().lower())
    if source is not None:
        query = query.where(fn.LOWER(Deal.source) == source.strip().lower())
    total = query.count()
    return iter(query.order_by(Deal.id).tuples().iterator()), total


def _own_probability(
    status: object, override: object, at_close: object, phase_probability: object
) -> str:
    """The ``probability`` cell: empty when the deal simply follows its phase."""
    if status == Status.OPEN:
        return "" if override is None else str(override)
    if at_close is None or at_close == phase_probability:
        return ""
    return str(at_close)


def _text(number: object) -> str:
    """A probability cell: the number, or empty for none."""
    return "" if number is None else str(number)


def _cells(row: tuple[object, ...], *, excel: bool = False) -> list[str]:
    """Render one deal tuple (``COLUMNS`` then the probability fields) as CSV cells.

    With ``excel`` the amount gets a decimal comma (``12500,50``).
    """
    values: dict[str, Any] = dict(zip(COLUMNS, row[: len(COLUMNS)], strict=True))
    # A value another client stored in a shape its column cannot hold is written marked
    # (models.storage.stored_values): the row is exported, and importing it again refuses that cell.
    cells = {name: "" if value is None else str(marked(value)) for name, value in values.items()}
    if isinstance(values["value"], int):
        cells["value"] = cents_to_decimal_string(values["value"])
        if excel:
            cells["value"] = cells["value"].replace(".", ",")
    close = values["expected_close"]
    if isinstance(close, dt.date):
        cells["expected_close"] = close.isoformat()
    cells["created_at"] = iso_utc(values["created_at"]) or ""
    cells["closed_at"] = iso_utc(values["closed_at"]) or ""
    override, at_close, phase_probability, phase_position, step, step_date = row[len(COLUMNS) :]
    cells["probability"] = _own_probability(values["status"], override, at_close, phase_probability)
    cells["probability_at_close"] = "" if values["status"] == Status.OPEN else _text(at_close)
    cells["probability_override"] = _text(override)
    cells["phase_probability"] = _text(phase_probability)
    cells["phase_position"] = _text(phase_position)
    cells["next_step"] = "" if step is None else str(marked(step))
    cells["next_step_date"] = (
        step_date.isoformat() if isinstance(step_date, dt.date) else _text(marked(step_date))
    )
    return [neutralise(cells[name]) for name in EXPORT_COLUMNS]


def write_deals_csv(
    out: TextIO,
    *,
    status: str = StatusFilter.ALL,
    phase: str | int | None = None,
    owner: str | None = None,
    source: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    excel: bool = False,
) -> int:
    """Write the header and the filtered live deals to ``out``; return how many deals.

    ``excel`` writes the shape Excel in Dutch settings opens directly (see the module).
    """
    import csv

    rows, total = _query(status, phase, owner, source)
    if excel:
        out.write("\ufeff")
    writer = csv.writer(
        out,
        delimiter=";" if excel else ",",
        quoting=csv.QUOTE_MINIMAL,
        lineterminator="\r\n" if excel else "\n",
    )
    writer.writerow(EXPORT_COLUMNS)
    if progress:
        progress(0, total)
    done = 0
    for row in rows:
        writer.writerow(_cells(row, excel=excel))
        done += 1
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return done


def export_deals(
    destination: str | os.PathLike[str],
    *,
    status: str = StatusFilter.ALL,
    phase: str | int | None = None,
    owner: str | None = None,
    source: str | None = None,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
    excel: bool = False,
) -> ExportResult:
    """Export the filtered live deals to a CSV file; soft-deleted deals are never exported.

    The file is written under an unpredictable temporary name beside ``destination`` (see
    ``models.storage.safe_files``) and put in place when complete, so a failed export never leaves
    half a file. It gets the database file's mode, never a wider one (``0600`` on
    PostgreSQL). An existing regular file is replaced only with ``overwrite``; anything else
    there (a symbolic link, directory, device) is refused. ``excel``: see ``write_deals_csv``.
    """
    target = check_destination(destination, overwrite=overwrite, what=N_("export"))
    try:
        with partial_file(target) as partial:
            with open(partial.fd, "w", encoding="utf-8", newline="", closefd=False) as out:
                count = write_deals_csv(
                    out,
                    status=status,
                    phase=phase,
                    owner=owner,
                    source=source,
                    progress=progress,
                    excel=excel,
                )
            partial.place(mode=data_file_mode(), overwrite=overwrite)
    except OSError as exc:
        raise DealboardError(os_problem(exc, target)) from exc
    return ExportResult(deals=count, destination=str(target))
