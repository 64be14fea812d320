"""Typed errors raised by the domain layer, each carrying a sentence a user can read."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.domain.i18n import _, ngettext
from models.domain.wording import change_sentence


class DealboardError(Exception):
    """Base of every error the domain layer raises on purpose.

    ``str(error)`` is one sentence meant for the user; the command line prints it to stderr
    and the TUI shows it as a notification or next to the field.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(DealboardError):
    """A value a user gave is not acceptable; ``field`` names the input it belongs to."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(DealboardError):
    """A deal, phase or reason that was asked for does not exist (or is deleted)."""


class RuleError(DealboardError):
    """The request breaks a domain rule (a closed deal moved, the last phase archived, …)."""


@dataclass(frozen=True)
class Change:
    """One change someone else made to a deal since the version the user started from.

    ``field`` is the field changed, or the kind of event when it changed no single field
    (``deleted``, ``restored``).
    """

    actor: str
    at: str
    field: str
    old_value: str | None
    new_value: str | None

    def describe(self) -> str:
        """Return the change as 'who changed what from old to new'."""
        return change_sentence(self.actor, self.field, self.old_value, self.new_value)


@dataclass(eq=False)
class ConflictError(DealboardError):
    """Someone else saved the deal first; ``changes`` says what they changed."""

    deal_id: int
    expected_version: int
    current_version: int
    changes: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        what = "; ".join(change.describe() for change in self.changes[:5])
        extra = len(self.changes) - 5
        more = (
            ngettext(" (and {count} more)", " (and {count} more)", extra).format(count=extra)
            if extra > 0
            else ""
        )
        detail = f": {what}{more}" if what else ""
        super().__init__(
            _(
                "Deal #{deal} was changed by someone else (version {expected} → {current}){detail}."
                " Nothing was saved; review and save again."
            ).format(
                deal=self.deal_id,
                expected=self.expected_version,
                current=self.current_version,
                detail=detail,
            )
        )

    def __str__(self) -> str:
        return self.message


class DatabaseError(DealboardError):
    """The database cannot be used as asked: missing, locked, corrupt, read-only, too new."""


class DatabaseBusy(DatabaseError):
    """Other users kept the database locked longer than the retries allow."""


class ReadOnlyError(DatabaseError):
    """A change was asked for on a database opened read-only or a file that cannot be written."""


class SchemaTooNew(DatabaseError):
    """The database was written by a newer dealboard than this one."""


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong in an imported file: its line, the column (if one), and why."""

    line: int
    column: str | None
    message: str

    def describe(self) -> str:
        """Return the problem as 'line 7, value: why' for a listing."""
        if self.column:
            where = _("line {line}, {column}").format(line=self.line, column=self.column)
        else:
            where = _("line {line}").format(line=self.line)
        return f"{where}: {self.message}"


class CsvImportError(DealboardError):
    """A CSV import was refused and nothing was written; ``problems`` lists every bad row."""

    def __init__(self, message: str, problems: list[RowProblem] | None = None) -> None:
        super().__init__(message)
        self.problems: list[RowProblem] = list(problems or [])
