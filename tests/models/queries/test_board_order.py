"""The board's card order per sort key, the owner filter, and finding deals by number."""

from __future__ import annotations

import datetime as dt

from models.operations import deals
from models.queries.board import load_board
from models.queries.board_order import Arrangement, Arranger, BoardSort, sort_cards
from models.queries.owners import owner_matches_user, owners_of
from models.queries.search_words import card_matcher, deal_number, exact_number

START = dt.datetime(2026, 11, 1, 9, 0)


def introduction(make_deal) -> dict[str, int]:
    """Four open deals in Introduction, each changed last at a different moment."""
    ids = {}
    for index, (title, value, close, owner) in enumerate(
        [
            ("delta", "500", None, "anna"),
            ("Bravo", "9000", "2027-03-01", "Bram"),
            ("alpha", "9000", "2026-12-15", "anna"),
            ("Charlie 431", "100", "2027-01-10", "Chris"),
        ]
    ):
        ids[title] = make_deal(
            title,
            phase="Introduction",
            value=value,
            expected_close=close,
            owner=owner,
            at=START + dt.timedelta(days=index),
        ).id
    # The first deal is the one changed last.
    deals.edit_deal(
        ids["delta"], {"contact": "Ms Lindqvist"}, actor="anna", at=START.replace(day=20)
    )
    return ids


def titles(cards) -> list[str]:
    return [card.title for card in cards]


def test_each_sort_orders_the_cards_of_a_column(db, make_deal):
    introduction(make_deal)
    cards = load_board("open").columns[0].cards
    assert titles(sort_cards(cards, BoardSort.NUMBER)) == ["delta", "Bravo", "alpha", "Charlie 431"]
    # Soonest expected close first, no date last.
    assert titles(sort_cards(cards, BoardSort.CLOSE)) == ["alpha", "Charlie 431", "Bravo", "delta"]
    # Highest value first; equal values by deal number.
    assert titles(sort_cards(cards, BoardSort.VALUE)) == ["Bravo", "alpha", "delta", "Charlie 431"]
    # Newest change first.
    assert titles(sort_cards(cards, BoardSort.CHANGED)) == [
        "delta",
        "Charlie 431",
        "alpha",
        "Bravo",
    ]
    # Titles in any case.
    assert titles(sort_cards(cards, BoardSort.TITLE)) == ["alpha", "Bravo", "Charlie 431", "delta"]


def test_the_sort_key_cycles_through_every_order_and_back():
    order = BoardSort.NUMBER
    seen = []
    for _ in range(5):
        order = order.next()
        seen.append(order)
    assert seen == [
        BoardSort.CLOSE,
        BoardSort.VALUE,
        BoardSort.CHANGED,
        BoardSort.TITLE,
        BoardSort.NUMBER,
    ]


def test_arranging_filters_by_owner_and_keeps_unchanged_columns(db, make_deal):
    introduction(make_deal)
    data = load_board("open")
    arranger = Arranger()
    assert arranger.arrange(data.columns, Arrangement()) is data.columns
    mine = Arrangement(BoardSort.TITLE, lambda owner: owner_matches_user(owner, "anna"), "me")
    first = arranger.arrange(data.columns, mine)
    assert titles(first[0].cards) == ["alpha", "delta"]
    # The column header counts what is shown.
    assert (first[0].count, first[0].total_cents) == (2, 950000)
    # Nothing changed: the same arranged column (the board does not repaint it).
    assert arranger.arrange(data.columns, mine)[0] is first[0]
    # A card moved out of the column: arranged afresh.
    data.columns[0].remove(first[0].cards[0].id)
    assert titles(arranger.arrange(data.columns, mine)[0].cards) == ["delta"]


def test_my_deals_are_the_login_s_and_owners_are_listed_once():
    assert owner_matches_user("anna", "anna")
    assert not owner_matches_user("Anna", "anna")
    assert not owner_matches_user("", "anna")
    assert owners_of(["bram", "Anna", "", "anna", "Bram", "Anna"]) == [
        "Anna",
        "anna",
        "Bram",
        "bram",
    ]


def test_deal_numbers_in_a_search():
    assert [deal_number(word) for word in ("431", "#431", "#", "43a", "#x", "٣")] == [
        431,
        431,
        None,
        None,
        None,
        None,
    ]
    assert exact_number(" #431 ") == 431
    assert exact_number("431 utrecht") is None
    hay = "charlie 431\nacme\n\nchris"
    assert card_matcher("#431")(431, "") and not card_matcher("#431")(7, hay)
    assert card_matcher("431")(431, "") and card_matcher("431")(7, hay)
    assert not card_matcher("432")(7, hay)
    assert card_matcher("431 acme")(7, hay) and not card_matcher("#431 acme")(7, hay)
    assert card_matcher("CHARLIE")(7, hay) and not card_matcher("charlie bravo")(7, hay)


def test_board_search_finds_a_deal_by_number_with_or_without_hash(db, make_deal):
    ids = introduction(make_deal)
    others = [make_deal(f"Filler {n}", phase="Proposal").id for n in range(12)]
    data = load_board("open")

    def found(query: str) -> list[int]:
        return [card.id for column in data.filtered(query) for card in column.cards]

    target = others[-1]
    assert found(f"#{target}") == [target]
    assert found(str(target)) == [target]
    # A bare number also finds titles containing it; with # only the deal.
    assert found("431") == [ids["Charlie 431"]]
    assert found("#431") == []
    # Typing on from one number to another does not narrow the first one's result.
    assert found("#1") == [ids["delta"]]
    assert found(f"#{target}") == [target]
