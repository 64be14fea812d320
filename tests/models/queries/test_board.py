"""The board's read model: columns, totals, the quick first load, moving a card, searching."""

from __future__ import annotations

from models.operations import deals
from models.queries.board import Card, load_board, load_card
from tests.models.queries.board_pipeline import ACTOR, pipeline


def by_name(data) -> dict:
    return {column.name: column for column in data.columns}


def test_open_board_has_every_active_phase_with_its_totals(db, make_deal):
    ids = pipeline(make_deal)
    data = load_board("open")
    columns = by_name(data)
    assert list(columns) == ["Introduction", "Presentation", "Proposal", "Negotiation", "Order"]
    intro, proposal = columns["Introduction"], columns["Proposal"]
    assert [card.id for card in intro.cards] == [ids["Alpha"], ids["Bravo"], ids["Charlie"]]
    assert (intro.count, intro.total_cents, intro.weighted_total_cents) == (3, 600000, 60000)
    # Delta follows its override (80 %), Echo its phase (50 %).
    assert (proposal.count, proposal.total_cents) == (2, 900000)
    assert proposal.weighted_total_cents == 320000 + 250000
    assert columns["Presentation"].cards == [] and columns["Presentation"].count == 0
    assert data.summary.open_count == 6
    assert data.summary.open_cents == 2100000
    assert data.summary.weighted_cents == 60000 + 570000 + 450000
    assert data.summary.won_this_month_count == 1
    assert data.complete


def test_the_quick_first_load_has_the_full_totals_and_the_first_cards(db, make_deal):
    pipeline(make_deal)
    full, first = load_board("open"), load_board("open", first=2)
    assert not first.complete
    for whole, part in zip(full.columns, first.columns, strict=True):
        assert part.cards == whole.cards[:2]
        assert (part.count, part.total_cents, part.weighted_total_cents) == (
            whole.count,
            whole.total_cents,
            whole.weighted_total_cents,
        )
    assert first.summary == full.summary


def test_closed_deals_stay_in_the_phase_they_closed_in(db, make_deal):
    ids = pipeline(make_deal)
    won = by_name(load_board("accepted"))["Proposal"].cards
    assert [(card.id, card.status, card.probability) for card in won] == [
        (ids["Won one"], "accepted", 50)
    ]
    lost = by_name(load_board("rejected"))["Negotiation"].cards
    assert [(card.id, card.probability) for card in lost] == [(ids["Lost one"], 75)]
    everything = load_board("all")
    assert sum(column.count for column in everything.columns) == 8


def test_moving_a_card_updates_both_columns_and_the_summary(db, make_deal):
    ids = pipeline(make_deal)
    data = load_board("open")
    before = data.summary.weighted_cents
    deals.step_deal(ids["Charlie"], 1, actor=ACTOR)
    moved = load_card(ids["Charlie"])
    assert moved is not None and data.card(ids["Charlie"]).phase_id != moved.phase_id
    data.replace_card(moved)
    columns = by_name(data)
    assert [card.title for card in columns["Introduction"].cards] == ["Alpha", "Bravo"]
    assert columns["Introduction"].count == 2
    assert [card.title for card in columns["Presentation"].cards] == ["Charlie"]
    assert columns["Presentation"].total_cents == 300000
    assert columns["Presentation"].weighted_total_cents == 75000
    assert data.summary.weighted_cents == before - 30000 + 75000
    # What the board now holds is what a reload shows.
    reloaded = load_board("open")
    assert [c.count for c in data.columns] == [c.count for c in reloaded.columns]
    assert data.summary.weighted_cents == reloaded.summary.weighted_cents
    assert data.card(999999) is None


def test_a_card_leaving_the_filter_leaves_the_board(db, make_deal):
    ids = pipeline(make_deal)
    data = load_board("open")
    deals.accept_deal(ids["Echo"], actor=ACTOR)
    data.replace_card(load_card(ids["Echo"]))
    assert data.card(ids["Echo"]) is None
    assert by_name(data)["Proposal"].count == 1


def test_search_matches_every_word_in_title_organization_contact_and_owner(db, make_deal):
    pipeline(make_deal)
    data = load_board("open")

    def titles(query: str) -> list[str]:
        return [card.title for column in data.filtered(query) for card in column.cards]

    assert titles("lindq") == ["Alpha"]  # the contact is searched, though cards do not show it
    assert titles("UTRECHT gemeente") == ["Echo"]
    assert titles("bram") == ["Charlie"]
    assert titles("e") == ["Charlie", "Delta", "Echo"]
    assert titles("ec") == ["Echo"]  # narrowed from the previous result
    assert titles("") == [card.title for column in data.columns for card in column.cards]
    assert "contact" not in Card._fields  # kept out of memory; only in the search text


def test_cards_share_repeated_strings(db, make_deal):
    make_deal("One", organization="Acme " + "Corp", owner="Anna")
    make_deal("Two", organization="Acme Corp", owner="Anna")
    first, second = load_board("open").columns[0].cards
    assert first.organization is second.organization
    assert first.owner is second.owner
