"""A card's next-step mark, at the right of its organization line.

An open deal shows when its next step is due (``→03 Dec``, ``→today``), marked when that day
has passed (``!→01 Dec``), a bare ``→`` for a step without a date, and ``→?`` when it has no
next step at all, so a deal nobody plans to follow up stands out. Closed deals show nothing.
In a column too narrow for the date beside some of the organization, only the mark stays.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from rich.cells import cell_len

from models.domain.status import Status
from models.queries.board import Card
from tui.formatting import day_and_month, short_date
from tui.i18n import _

NEXT_STEP_MARK = "→"
NO_STEP_MARK = "→?"
STEP_OVERDUE_MARK = "!"
NEAR_DAYS = 200  # a date this close is shown as day and month, whatever its year
MIN_ORGANIZATION = 3  # cells of organization ("Ac…") kept before the date gives way


class StepMark(NamedTuple):
    """What the organization line shows at its right, and the component class that styles it."""

    text: str
    component: str


def step_day(day: dt.date, today: dt.date) -> str:
    """``today``, ``03 Dec`` (a next step is seldom far off, even across New Year), or ``Mar '28``.

    In the session's language: ``vandaag``, ``03 dec``, ``mrt '28`` in Dutch.
    """
    if day == today:
        return _("today")
    if abs((day - today).days) < NEAR_DAYS:
        return day_and_month(day)
    return short_date(day, today)


def step_mark(card: Card, today: dt.date, width: int) -> StepMark:
    """The next-step mark of ``card`` on ``today``, for an organization line ``width`` wide."""
    if card.status != Status.OPEN:
        return StepMark("", "")
    if not card.has_next_step:
        return StepMark(NO_STEP_MARK, "card--nostep")
    day = card.step_date
    if day is None:
        return StepMark(NEXT_STEP_MARK, "card--dim")
    overdue = card.is_step_overdue(today)
    prefix = STEP_OVERDUE_MARK + NEXT_STEP_MARK if overdue else NEXT_STEP_MARK
    component = "card--overdue" if overdue else "card--dim"
    text = prefix + step_day(day, today)
    if width - cell_len(text) - 1 < MIN_ORGANIZATION:
        return StepMark(prefix, component)
    return StepMark(text, component)
