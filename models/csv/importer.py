"""Import deals from CSV (docs/csv.md): all or nothing, every bad row listed.

Every row is read and checked first (``models.csv.reader``, ``models.csv.rows``), then phases and reasons are
looked up, and only when nothing is wrong are the deals written, in one transaction,
through the real operations: ``create_deal`` at the row's ``created_at`` and, for a won or
lost deal, ``close_deal`` at its ``closed_at``. So imported deals obey the same rules and
get the same history (``created``, and the close) as deals made by hand. A problem found
while writing is collected like the others, and the transaction is rolled back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from models.csv.export import COLUMNS, OPTIONAL_COLUMNS
from models.csv.reader import read_csv
from models.csv.rows import ParsedRow, parse_row
from models.domain.errors import CsvImportError, DealboardError, RowProblem, ValidationError
from models.domain.i18n import _, ngettext
from models.domain.status import CLOSED_STATUSES, AppliesTo, Status
from models.domain.validation import cents_to_decimal_string
from models.operations import tally_journal
from models.operations.deal_core import check_reason
from models.operations.deals import close_deal, create_deal
from models.operations.history import utcnow
from models.operations.lookup import active_phases, all_phases
from models.operations.phases import add_phase
from models.operations.reasons import add_reason
from models.storage.database import write_operation
from models.storage.schema import Phase, Reason, database_proxy

PROGRESS_EVERY = 100
DEAL_TEXTS = ("organization", "contact", "owner", "source", "note")
# A created phase's probability when the file gives it no phase_probability (a file from before
# that column): a guess would skew the forecast; the user sets the real one.
NEW_PHASE_PROBABILITY = 0


@dataclass
class ImportResult:
    """What an import wrote (or, with ``dry_run``, would write)."""

    deals: int = 0
    open: int = 0
    accepted: int = 0
    rejected: int = 0
    created_phases: list[str] = field(default_factory=list)
    # The probability each created phase got: the file's phase_probability, else 0.
    phase_probabilities: dict[str, int] = field(default_factory=dict)
    created_reasons: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Names:
    """The phases and reasons rows refer to, by lower-case name, and those to be created."""

    phases: dict[str, Phase]
    reasons: dict[str, Reason]
    new_phases: dict[str, str] = field(default_factory=dict)
    new_reasons: dict[str, str] = field(default_factory=dict)
    # A phase to be created: its phase_probability and phase_position from the file, each with
    # the line that first gives it.
    new_settings: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)


def import_deals(
    path: str | os.PathLike[str],
    *,
    actor: str,
    create_missing: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import every deal of a CSV file, or none: raise ``CsvImportError`` listing all problems.

    Unknown phases and reasons are problems unless ``create_missing``: then each is created
    (a phase with the file's ``phase_probability``, else 0, at its ``phase_position``, else at
    the end; a reason applying to both outcomes) and named in the result. ``dry_run`` checks everything, writing included,
    and keeps nothing.
    """
    source = Path(path).expanduser()
    rows, problems = read_csv(source)
    now = utcnow().replace(microsecond=0)
    parsed: list[ParsedRow] = []
    for row in rows:
        checked, found = parse_row(row, now)
        parsed.append(checked)
        problems.extend(found)
    return _import(
        parsed,
        problems,
        name=source.name,
        actor=actor,
        create_missing=create_missing,
        dry_run=dry_run,
        progress=progress,
    )


def _refuse(problems: list[RowProblem], name: str) -> CsvImportError:
    """Build the error listing ``problems`` in file order under one summary sentence."""
    order = {column: index for index, column in enumerate((*COLUMNS, *OPTIONAL_COLUMNS))}
    problems = sorted(problems, key=lambda p: (p.line, order.get(p.column or "", -1)))
    lines = len({problem.line for problem in problems})
    summary = ngettext(
        "{count} row of {name} is wrong; nothing was imported.",
        "{count} rows of {name} are wrong; nothing was imported.",
        lines,
    ).format(count=lines, name=name)
    return CsvImportError(summary, problems)


@write_operation
def _import(
    parsed: list[ParsedRow],
    problems: list[RowProblem],
    *,
    name: str,
    actor: str,
    create_missing: bool,
    dry_run: bool,
    progress: Callable[[int, int], None] | None,
) -> ImportResult:
    """Look up names, then write every row in this one transaction, or raise and keep none."""
    problems = list(problems)  # write_operation may run this again after a busy database
    names = _Names(
        phases={phase.name.casefold(): phase for phase in Phase.select()},
        reasons={reason.name.casefold(): reason for reason in Reason.select()},
    )
    has_active = bool(active_phases())
    for row in parsed:
        problems.extend(_check_names(row, names, create_missing=create_missing))
        if row.phase == "" and not has_active:
            problems.append(RowProblem(row.line, "phase", _("There is no active phase to use.")))
    if problems:
        raise _refuse(problems, name)
    # A savepoint, so a dry run can undo exactly what it wrote.
    with database_proxy.obj.atomic() as savepoint:
        result = _write(parsed, names, actor=actor, progress=progress, problems=problems)
        if problems:
            raise _refuse(problems, name)
        if dry_run:
            savepoint.rollback()
            result.dry_run = True
    return result


def _check_names(row: ParsedRow, names: _Names, *, create_missing: bool) -> list[RowProblem]:
    """Check that the row's phase and reason exist (or may be made) and suit its status."""
    problems: list[RowProblem] = []
    if row.phase:
        key = row.phase.casefold()
        phase = names.phases.get(key)
        if phase is None and create_missing:
            names.new_phases.setdefault(key, row.phase)
            problems.extend(_new_phase_settings(row, key, names))
        elif phase is None:
            problems.append(
                RowProblem(
                    row.line,
                    "phase",
                    _(
                        "There is no phase {row_phase!r}; add it first, or import with --create-missing to create it."
                    ).format(row_phase=row.phase),
                )
            )
        elif phase.archived and row.status == Status.OPEN:
            problems.append(
                RowProblem(
                    row.line,
                    "phase",
                    _(
                        "Phase {phase_name!r} is archived, so an open deal cannot be in it; unarchive the phase or choose another."
                    ).format(phase_name=phase.name),
                )
            )
    if row.reason and row.status != Status.OPEN:  # on an open row the reason is a problem already
        key = row.reason.casefold()
        reason = names.reasons.get(key)
        if reason is None and create_missing:
            names.new_reasons.setdefault(key, row.reason)
        elif reason is None:
            problems.append(
                RowProblem(
                    row.line,
                    "reason",
                    _(
                        "There is no reason {row_reason!r}; add it first, or import with --create-missing to create it."
                    ).format(row_reason=row.reason),
                )
            )
        elif row.status in CLOSED_STATUSES:
            problems.extend(_reason_rule(row, reason))
    elif row.reason == "" and row.status in CLOSED_STATUSES:
        problems.extend(_reason_rule(row, None))
    return problems


def _new_phase_settings(row: ParsedRow, key: str, names: _Names) -> list[RowProblem]:
    """Note the probability and position a row gives a phase to be created; rows must agree."""
    problems: list[RowProblem] = []
    settings = names.new_settings.setdefault(key, {})
    given = {"phase_probability": row.phase_probability, "phase_position": row.phase_position}
    for column, value in given.items():
        if value is None:
            continue
        first, line = settings.setdefault(column, (value, row.line))
        if first != value:
            what = column.removeprefix("phase_")
            message = (
                f"Phase {row.phase!r} is new and gets one {what}, but line {line} gives it"
                f" {first} and this row {value}."
            )
            problems.append(RowProblem(row.line, column, message))
    return problems


def _reason_rule(row: ParsedRow, reason: Reason | None) -> list[RowProblem]:
    """Apply the closing rules for reasons (required, archived, applies to the outcome)."""
    try:
        check_reason(reason, str(row.status))
    except ValidationError as exc:
        return [RowProblem(row.line, "reason", exc.message)]
    return []


def _write(
    parsed: list[ParsedRow],
    names: _Names,
    *,
    actor: str,
    progress: Callable[[int, int], None] | None,
    problems: list[RowProblem],
) -> ImportResult:
    """Create the missing names, then each deal (and its close); collect what fails.

    The report tallies are settled once for all the deals, at the end (``gathered``): per
    deal, each would write its whole contribution, which grows with the square of the phases
    it reached.
    """
    with tally_journal.gathered():
        return _write_all(parsed, names, actor=actor, progress=progress, problems=problems)


def _write_all(
    parsed: list[ParsedRow],
    names: _Names,
    *,
    actor: str,
    progress: Callable[[int, int], None] | None,
    problems: list[RowProblem],
) -> ImportResult:
    """``_write`` without the tallies: the names, then the rows."""
    result = ImportResult()
    count = len(all_phases())  # counted once, not read again for every phase created
    for key, phase_name in _in_position_order(names):
        settings = names.new_settings.get(key, {})
        chance = settings.get("phase_probability", (NEW_PHASE_PROBABILITY, 0))[0]
        wanted = settings.get("phase_position")
        # Where it was in the exporting database, or at the end when the target is shorter.
        position = None if wanted is None else min(wanted[0], count + 1)
        names.phases[key] = add_phase(phase_name, chance, position)
        count += 1
        result.created_phases.append(names.phases[key].name)
        result.phase_probabilities[names.phases[key].name] = chance
    for key, reason_name in names.new_reasons.items():
        names.reasons[key] = add_reason(reason_name, AppliesTo.BOTH)
        result.created_reasons.append(names.reasons[key].name)
    total = len(parsed)
    if progress:
        progress(0, total)
    for done, row in enumerate(parsed, start=1):
        try:
            _write_row(row, names, actor)
        except DealboardError as exc:
            column = getattr(exc, "field", None)
            column = column if column in (*COLUMNS, *OPTIONAL_COLUMNS) else None
            problems.append(RowProblem(row.line, column, exc.message))
        else:
            status = str(row.status)
            setattr(result, status, getattr(result, status) + 1)
            result.deals += 1
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return result


def _in_position_order(names: _Names) -> list[tuple[str, str]]:
    """The phases to create: those with a phase_position by it, then the others as first named."""

    def position(item: tuple[str, str]) -> tuple[bool, int]:
        wanted = names.new_settings.get(item[0], {}).get("phase_position")
        return (wanted is None, 0 if wanted is None else wanted[0])

    return sorted(names.new_phases.items(), key=position)


def _write_row(row: ParsedRow, names: _Names, actor: str) -> None:
    """Create one checked row's deal at its created_at, and close it at its closed_at."""
    closed = row.status in CLOSED_STATUSES
    phase = names.phases[row.phase.casefold()] if row.phase else None
    deal = create_deal(
        str(row.title),
        actor=actor,
        value=cents_to_decimal_string(row.value_cents or 0),
        phase=phase,
        expected_close=row.expected_close,
        # A closed deal gets one only if the file says it had one (probability_override).
        probability_override=row.probability_override,
        at=row.created_at,
        # A closed deal keeps the phase it closed in, even one archived since.
        allow_archived=closed,
        next_step=row.next_step,
        next_step_date=row.next_step_date,
        **{name: row.texts[name] for name in DEAL_TEXTS},
    )
    if closed:
        reason = names.reasons[row.reason.casefold()] if row.reason else None
        close_deal(
            deal.id,
            str(row.status),
            actor=actor,
            reason=reason,
            competitor=row.texts.get("competitor", ""),
            at=row.closed_at,
            # None: the effective probability, its override's or else its phase's.
            probability_at_close=row.probability_at_close,
        )
