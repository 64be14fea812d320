"""The board's cards carry each deal's next-step date and whether it has a next step at all."""

from __future__ import annotations

import datetime as dt

from models.operations import deals
from models.queries.board import load_board, load_card

NOW = dt.datetime(2026, 3, 4, 10, 0)
TODAY = dt.date(2026, 3, 4)


def test_cards_know_the_next_step(db):
    dated = deals.create_deal("Dated", actor="t", next_step="Call", next_step_date="2026-03-02")
    undated = deals.create_deal("Undated", actor="t", next_step="Mail")
    without = deals.create_deal("Without", actor="t")
    cards = {card.title: card for card in load_board(now=NOW).columns[0].cards}
    assert (cards["Dated"].next_step_date, cards["Dated"].has_next_step) == ("2026-03-02", True)
    assert (cards["Undated"].next_step_date, cards["Undated"].has_next_step) == (None, True)
    assert (cards["Without"].next_step_date, cards["Without"].has_next_step) == (None, False)
    assert cards["Dated"].step_date == dt.date(2026, 3, 2)
    assert cards["Dated"].is_step_overdue(TODAY)
    assert not cards["Dated"].is_step_overdue(dt.date(2026, 3, 2))
    assert [c.lacks_next_step() for c in cards.values()] == [False, False, True]
    assert load_card(dated.id) == cards["Dated"]
    assert load_card(undated.id) == cards["Undated"]
    assert load_card(without.id) == cards["Without"]
    # First paint loads the first cards per column the same way.
    first = {card.title: card for card in load_board(now=NOW, first=2).columns[0].cards}
    assert first["Dated"] == cards["Dated"]


def test_a_closed_deal_is_neither_overdue_nor_missing_a_step(db):
    deal = deals.create_deal("Won", actor="t", next_step="Call", next_step_date="2026-03-02")
    deals.accept_deal(deal.id, actor="t")
    deals.create_deal("Lost", actor="t")
    cards = {
        card.title: card for column in load_board("all", now=NOW).columns for card in column.cards
    }
    assert not cards["Won"].is_step_overdue(TODAY)
    assert cards["Lost"].lacks_next_step()  # still open here
    deals.reject_deal(cards["Lost"].id, actor="t", reason="No budget")
    assert not load_card(cards["Lost"].id).lacks_next_step()
