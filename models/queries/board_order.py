"""The order of the cards within each board column, and the owner filter over them.

The board's data keeps every column in deal-number order (how the query reads them and
how a moved card is put back). What the board shows is arranged from that: the cards of
one owner, in the chosen order. An arranged column is remembered per source column and
revision, so a column that did not change keeps its arranged object and is not repainted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from models.queries.board import Card, Column

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison


class BoardSort(StrEnum):
    """The orders the board's sort key cycles through, in that order."""

    NUMBER = "deal number"
    CLOSE = "expected close"
    VALUE = "value"
    CHANGED = "last change"
    TITLE = "title"

    def next(self) -> BoardSort:
        """The order after this one (after title, back to deal number)."""
        members = list(BoardSort)
        return members[(members.index(self) + 1) % len(members)]


def _close_key(card: Card) -> tuple[bool, str, int]:
    return (card.expected_close is None, card.expected_close or "", card.id)


_SORTS: dict[BoardSort, tuple[Callable[[Card], SupportsRichComparison], bool]] = {
    # key, and whether it runs from the highest to the lowest
    BoardSort.NUMBER: (lambda card: card.id, False),
    BoardSort.CLOSE: (_close_key, False),  # soonest first, no date last
    BoardSort.VALUE: (lambda card: (card.value_cents, -card.id), True),  # highest first
    BoardSort.CHANGED: (lambda card: (card.updated_at, card.id), True),  # newest first
    BoardSort.TITLE: (lambda card: (card.title.casefold(), card.title, card.id), False),
}


def sort_cards(cards: Sequence[Card], order: BoardSort) -> list[Card]:
    """The cards in ``order``; ties go by deal number."""
    key, highest_first = _SORTS[order]
    return sorted(cards, key=key, reverse=highest_first)


@dataclass(frozen=True)
class Arrangement:
    """What the board shows of its columns: an order, and optionally only some owners' deals.

    ``owner`` is a test on a card's owner (None: every owner); ``owner_key`` names it, so
    arranged columns are remembered per filter.
    """

    order: BoardSort = BoardSort.NUMBER
    owner: Callable[[str], bool] | None = None
    owner_key: str = ""

    @property
    def is_plain(self) -> bool:
        """The data's own order and every owner: nothing to arrange."""
        return self.order is BoardSort.NUMBER and self.owner is None


class Arranger:
    """Arranges columns, reusing the arranged column of a source column that did not change."""

    def __init__(self) -> None:
        self._made: dict[tuple[int, int, BoardSort, str], Column] = {}

    def arrange(self, columns: list[Column], how: Arrangement) -> list[Column]:
        """The columns with their cards filtered by owner and sorted (the same objects if plain)."""
        if how.is_plain:
            self._made.clear()
            return columns
        made: dict[tuple[int, int, BoardSort, str], Column] = {}
        result = []
        for column in columns:
            key = (column.serial, column.revision, how.order, how.owner_key)
            arranged = self._made.get(key)
            if arranged is None:
                owner = how.owner
                cards = [card for card in column.cards if owner is None or owner(card.owner)]
                arranged = Column(
                    column.phase_id,
                    column.name,
                    column.probability,
                    column.archived,
                    sort_cards(cards, how.order),
                )
                if owner is None and len(column.cards) < column.count:
                    # The quick first load: the totals are the whole column's.
                    arranged.count = column.count
                    arranged.total_cents = column.total_cents
                    arranged.weighted_total_cents = column.weighted_total_cents
            made[key] = arranged
            result.append(arranged)
        self._made = made  # only the columns on screen are remembered
        return result
