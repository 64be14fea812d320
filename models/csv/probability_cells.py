"""The optional probability and phase cells of a deals CSV (docs/csv.md), read and reconciled.

``probability`` (the oldest optional column) is an open deal's override or a closed deal's
probability at close. ``probability_override`` and ``probability_at_close`` say the same
where a file has both, and more: a closed deal's override, and a probability at close equal
to its phase's. ``phase_probability`` and ``phase_position`` describe the deal's phase, for a
phase that ``--create-missing`` creates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from models.domain.errors import ValidationError
from models.domain.i18n import _
from models.domain.status import CLOSED_STATUSES, Status
from models.domain.validation import parse_probability, shown, whole_number

MAX_POSITION = 9999
Problem = Callable[[str, str], None]  # (column, message)


def optional_probability(column: str, cell: str) -> int | None:
    """A probability cell: 0 to 100, or empty for none."""
    return parse_probability(cell, column) if cell.strip() else None


def optional_position(cell: str) -> int | None:
    """A phase position cell: a whole number from 1, or empty for none."""
    if not cell.strip():
        return None
    number = whole_number(cell, digits=len(str(MAX_POSITION)))
    if number is None or not 1 <= number <= MAX_POSITION:
        raise ValidationError(
            "phase_position",
            _(
                "Phase position {shown_cell_strip} is not a whole number from 1 to {max_position}."
            ).format(shown_cell_strip=shown(cell.strip()), max_position=MAX_POSITION),
        )
    return number


def deal_probabilities(
    status: object, values: dict[str, Any], problem: Problem
) -> tuple[int | None, int | None]:
    """Return the override and probability at close a row gives its deal.

    A closed deal gets an override only from ``probability_override``, so one exported
    without an override comes back without one; two cells that give different numbers for
    the same thing are a problem.
    """
    own = values.get("probability")
    override = values.get("probability_override")
    at_close = values.get("probability_at_close")
    if status == Status.OPEN:
        if at_close is not None:
            problem(
                "probability_at_close",
                "Only a won or lost deal has a probability at close; this row is open.",
            )
        return _one_of(own, override, "probability_override", problem), None
    if status in CLOSED_STATUSES:
        return override, _one_of(own, at_close, "probability_at_close", problem)
    return None, None  # the status cell is a problem already


def _one_of(own: int | None, given: int | None, column: str, problem: Problem) -> int | None:
    """The number ``probability`` and ``column`` say together; different numbers are a problem."""
    if own is not None and given is not None and own != given:
        problem(
            column,
            f"probability says {own} and {column} says {given}; make them the same or leave"
            " one empty.",
        )
    return given if given is not None else own
