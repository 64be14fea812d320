"""The board's cards and columns: one deal as the board shows it, a phase with its cards.

A ``Card`` is a named tuple (20,000 are made per load); a ``Column`` keeps its count and
totals up to date as cards come and go, so a header repaint never walks its cards.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from models.domain.probability import weighted_cents
from models.domain.status import Status


class Card(NamedTuple):
    """One deal as the board shows it (a named tuple: 20,000 of them are made per load)."""

    id: int
    title: str
    organization: str
    owner: str
    value_cents: int
    probability: int
    override: bool
    status: str
    expected_close: str | None  # ISO date text, "2026-12-31"
    updated_at: str  # ISO timestamp text in UTC, "2026-11-27 09:00:00"
    phase_id: int
    haystack: str  # title, organization, contact and owner, casefolded, for search
    version: int  # the deal's version: an action on the card is refused if it moved on
    next_step_date: str | None = None  # ISO date text of the next step, when it has a date
    has_next_step: bool = False

    @property
    def weighted_cents(self) -> int:
        """Value × effective probability for open deals; closed deals weigh nothing."""
        return (
            weighted_cents(self.value_cents, self.probability) if self.status == Status.OPEN else 0
        )

    @property
    def close_date(self) -> dt.date | None:
        """The expected close date as a date."""
        return dt.date.fromisoformat(self.expected_close) if self.expected_close else None

    def is_overdue(self, today: dt.date) -> bool:
        """An open deal whose expected close date has passed."""
        return (
            self.status == Status.OPEN
            and self.expected_close is not None
            and self.expected_close < today.isoformat()
        )

    @property
    def step_date(self) -> dt.date | None:
        """The next step's date as a date."""
        return dt.date.fromisoformat(self.next_step_date) if self.next_step_date else None

    def is_step_overdue(self, today: dt.date) -> bool:
        """An open deal whose next step's date has passed."""
        return (
            self.status == Status.OPEN
            and self.next_step_date is not None
            and self.next_step_date < today.isoformat()
        )

    def lacks_next_step(self) -> bool:
        """An open deal with no next step at all: the board marks it."""
        return self.status == Status.OPEN and not self.has_next_step

    def is_stale(self, now: dt.datetime, stale_days: int) -> bool:
        """An open deal nobody changed for ``stale_days`` days."""
        cutoff = (now - dt.timedelta(days=stale_days)).isoformat(sep=" ")
        return self.status == Status.OPEN and self.updated_at <= cutoff


_SERIALS = itertools.count(1)
_CARD_ID = operator.itemgetter(0)  # a card's id: its first field, read without Python code


def position_of(cards: Sequence[Card], deal_id: int) -> int | None:
    """The position of a deal's card in ``cards``, or None.

    A column of thousands of cards is searched at C speed (a loop in Python over them was a
    tenth of moving a card); ``cards`` may be in any order (a sorted board's copy).
    """
    try:
        return operator.indexOf(map(_CARD_ID, cards), deal_id)
    except ValueError:
        return None


def _bisect_id(cards: Sequence[Card], deal_id: int) -> int | None:
    """The position of a deal's card in ``cards`` in id order: a bisection."""
    index = bisect.bisect_left(cards, deal_id, key=_CARD_ID)
    if index < len(cards) and cards[index].id == deal_id:
        return index
    return None


def id_position(cards: Sequence[Card], deal_id: int) -> int | None:
    """The position of a deal's card in ``cards``, quickest when they are in id order."""
    index = _bisect_id(cards, deal_id)
    if index is None:  # absent, or the cards are in another order: look at every card
        index = position_of(cards, deal_id)
    return index


@dataclass
class Column:
    """A phase and the cards in it.

    The board's own columns keep their cards in id order (the board's order within a phase):
    ``add``, ``remove`` and ``find`` rely on it. A sorted copy for the screen
    (``board_order``) is only shown, never changed or searched with them.
    """

    phase_id: int
    name: str
    probability: int
    archived: bool
    cards: list[Card] = field(default_factory=list)
    # The number of deals and the sums of their values and open weighted values. Kept up to
    # date by ``add``/``remove`` so a header repaint never walks thousands of cards; on a
    # first, partial load they come from SQL while ``cards`` holds only the first few.
    count: int = -1
    total_cents: int = -1
    weighted_total_cents: int = -1
    # ``serial`` is unique to this Column object and ``revision`` goes up with every
    # add/remove, so a view can tell an unchanged column and skip repainting it.
    serial: int = field(default_factory=lambda: next(_SERIALS))
    revision: int = 0

    def __post_init__(self) -> None:
        if self.count < 0:
            self.count = len(self.cards)
            self.total_cents = sum(card.value_cents for card in self.cards)
            self.weighted_total_cents = sum(card.weighted_cents for card in self.cards)

    def add(self, card: Card) -> None:
        """Insert a card in id order (the board's order within a phase)."""
        self.cards.insert(bisect.bisect(self.cards, card.id, key=_CARD_ID), card)
        self.revision += 1
        self.count += 1
        self.total_cents += card.value_cents
        self.weighted_total_cents += card.weighted_cents

    def remove(self, deal_id: int) -> Card | None:
        """Take a deal's card out; return it, or None when it is not here."""
        index = _bisect_id(self.cards, deal_id)
        if index is None:
            return None
        card = self.cards.pop(index)
        self.revision += 1
        self.count -= 1
        self.total_cents -= card.value_cents
        self.weighted_total_cents -= card.weighted_cents
        return card

    def find(self, deal_id: int) -> tuple[int, Card] | None:
        """The position and card of a deal in this column, if it is here."""
        index = _bisect_id(self.cards, deal_id)
        return None if index is None else (index, self.cards[index])
