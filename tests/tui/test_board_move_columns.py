"""The columns a move shows, worked out from those shown before (``board_moves``).

``sorted_position`` must put a card where ``sort_cards`` puts it, in every order; ``shift_card``
must give what sorting and filtering the changed cards from scratch gives, and keep every
other column the same object.
"""

from __future__ import annotations

import random

import pytest

from models.queries.board import Card, Column
from models.queries.board_order import BoardSort, sort_cards
from tui.screens.board_moves import shift_card, sorted_position


def cards(count: int, seed: int) -> list[Card]:
    rng = random.Random(seed)
    made = []
    for deal_id in rng.sample(range(1, 10 * count), count):
        title = rng.choice(["alpha", "Beta", "beta", "gamma", "Delta"]) + str(rng.randint(1, 3))
        made.append(
            Card(
                id=deal_id,
                title=title,
                organization="Org",
                owner=rng.choice(["Anna", "Bram"]),
                value_cents=rng.choice([1000, 2000, 3000]) * 100,
                probability=50,
                override=False,
                status="open",
                expected_close=rng.choice([None, "2026-12-01", "2027-01-15"]),
                updated_at=rng.choice(["2026-11-01 10:00:00", "2026-11-20 09:00:00"]),
                phase_id=rng.choice([1, 2]),
                haystack=title.casefold(),
                version=1,
            )
        )
    return made


@pytest.mark.parametrize("order", list(BoardSort))
def test_a_card_goes_where_a_full_sort_puts_it(order):
    every = cards(40, seed=7)
    ordered = sort_cards(every, order)
    for index, card in enumerate(ordered):
        others = ordered[:index] + ordered[index + 1 :]
        assert sorted_position(others, card, order) == index


@pytest.mark.parametrize("order", list(BoardSort))
def test_shift_card_gives_what_filtering_and_sorting_again_gives(order):
    every = cards(30, seed=11)

    def shown(card: Card) -> bool:
        return card.owner == "Anna"

    def arranged(all_cards: list[Card]) -> list[Column]:
        return [
            Column(
                phase_id,
                f"phase {phase_id}",
                50,
                False,
                sort_cards([c for c in all_cards if c.phase_id == phase_id and shown(c)], order),
            )
            for phase_id in (1, 2, 3)
        ]

    before = arranged(every)
    old = next(card for card in before[0].cards)
    new = old._replace(phase_id=2, version=2)
    after = shift_card(before, old, new, shown=shown, order=order)
    expected = arranged([new if card.id == old.id else card for card in every])
    assert [column.cards for column in after] == [column.cards for column in expected]
    for got, want in zip(after, expected, strict=True):
        assert (got.count, got.total_cents, got.weighted_total_cents) == (
            want.count,
            want.total_cents,
            want.weighted_total_cents,
        )
    assert after[2] is before[2]  # a column the move does not touch: the same object
