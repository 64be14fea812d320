"""What a card says, line by line: title, organization and next step, value, owner and date.

``CardList`` draws each line once and keeps it (``card_list``); this is the drawing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style

from models.domain.status import Status
from models.queries.board import Card
from tui.formatting import safe, short_date
from tui.widgets.card_step import step_mark
from tui.widgets.card_value import value_line

if TYPE_CHECKING:
    from tui.widgets.card_list import CardList

OVERRIDE_MARK = "◆"
OVERDUE_MARK = "!"
# A closed card's title starts with its outcome: the mark and the component class that colours it.
OUTCOME_MARKS: dict[str, tuple[str, str]] = {
    Status.ACCEPTED: ("✓ ", "card--won"),
    Status.REJECTED: ("✗ ", "card--lost"),
}


def fit(text: str, width: int) -> str:
    """Cut or pad ``text`` to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, max(width - 1, 0)) + "…"
    return set_cell_size(text, width)


def card_line(cards: CardList, card: Card, row: int, width: int, base: Style) -> list[Segment]:
    """The segments of line ``row`` (0-3) of ``card``, ``width`` cells, on ``base``."""
    if row == 0:
        mark = OUTCOME_MARKS.get(card.status)
        if mark:
            title = fit(safe(card.title), width - 2)
            return [
                Segment(mark[0], cards.part_style(base, mark[1])),
                Segment(title, cards.part_style(base, "card--title")),
            ]
        return [Segment(fit(safe(card.title), width), cards.part_style(base, "card--title"))]
    if row == 1:
        mark = step_mark(card, cards.today, width)
        if not mark.text:
            org = fit(safe(card.organization), width)
            return [Segment(org, cards.part_style(base, "card--dim"))]
        org = fit(safe(card.organization), max(width - cell_len(mark.text) - 1, 0)) + " "
        return [
            Segment(org, cards.part_style(base, "card--dim")),
            Segment(mark.text, cards.part_style(base, mark.component)),
        ]
    if row == 2:
        chance = f"{card.probability}%"
        if card.override:
            chance = OVERRIDE_MARK + chance
        stale = card.is_stale(cards.now, cards.stale_days)
        line = value_line(
            cards.money, card.value_cents, chance, stale, width, override=card.override
        )
        segments = [Segment(line.amount, base)]
        if line.stale:
            segments.append(Segment(line.stale, cards.part_style(base, "card--stale")))
        if line.chance:
            style = cards.part_style(base, "card--override" if card.override else "")
            segments.append(Segment(line.chance, style))
        return segments
    date = short_date(card.close_date, cards.today)
    right: list[Segment] = []
    if date:
        if card.is_overdue(cards.today):
            date = OVERDUE_MARK + date
            right.append(Segment(date, cards.part_style(base, "card--overdue")))
        else:
            right.append(Segment(date, cards.part_style(base, "card--dim")))
    owner_width = max(width - cell_len(date) - 1, 0)
    owner = safe(card.owner)
    if cell_len(owner) > owner_width:  # narrow column: the first name says enough
        owner = owner.split(" ")[0]
    return [Segment(fit(owner, owner_width) + " ", cards.part_style(base, "card--dim")), *right]
