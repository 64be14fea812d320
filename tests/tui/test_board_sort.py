"""Pilot tests of the board's card order (s) and owner filter (u, U), in both views."""

from __future__ import annotations

from models.operations import deals
from tests.tui.conftest import at, query, screen_text, settle
from tui.screens.detail import DealScreen
from tui.widgets.board_view import BoardView
from tui.widgets.deal_table import DealTable


def proposal_titles(app) -> list[str]:
    board = app.screen.query_one(BoardView)
    column = next(card_list for card_list in board.lists if card_list.phase_id == 3)
    return [card.title for card in column.cards]


def shown_titles(app) -> set[str]:
    board = app.screen.query_one(BoardView)
    return {card.title for card_list in board.lists for card in card_list.cards}


def status_line(app) -> str:
    return screen_text(app).splitlines()[1]


def two_more_proposals() -> None:
    """Proposal then holds Website redesign (#1) and these two, each first in another order."""
    alpha = deals.create_deal(
        "Alpha audit", actor="t", owner="Bram", phase="Proposal", value="50000", at=at(30)
    )
    deals.edit_deal(alpha.id, {"contact": "Ms Lindqvist"}, actor="t", at=at(1))
    deals.create_deal(
        "zebra deal",
        actor="t",
        owner="Chris",
        phase="Proposal",
        value="30000",
        expected_close="2026-12-01",
        at=at(0.5),
    )


async def test_s_cycles_the_order_of_the_cards_and_the_status_line_says_which(make_app, db_file):
    two_more_proposals()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert proposal_titles(app) == ["Website redesign", "Alpha audit", "zebra deal"]
        assert " by " not in status_line(app)
        expected = [
            # soonest expected close first, none last
            ("expected close", ["zebra deal", "Website redesign", "Alpha audit"]),
            ("value", ["Alpha audit", "zebra deal", "Website redesign"]),  # highest first
            ("last change", ["zebra deal", "Alpha audit", "Website redesign"]),  # newest first
            ("title", ["Alpha audit", "Website redesign", "zebra deal"]),
        ]
        for label, titles in expected:
            await pilot.press("s")
            await settle(pilot, app)
            assert proposal_titles(app) == titles, label
            assert f"deals · by {label}   board view" in status_line(app)
        await pilot.press("s")  # back to the deal number
        await settle(pilot, app)
        assert proposal_titles(app) == ["Website redesign", "Alpha audit", "zebra deal"]
        assert " by " not in status_line(app)


async def test_the_sorted_column_opens_the_card_on_top(make_app, db_file):
    two_more_proposals()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("s", "s")  # by value
        await settle(pilot, app)
        await pilot.press("right", "right", "home", "enter")
        await settle(pilot, app)
        alpha = query(db_file, "SELECT id FROM deal WHERE title = 'Alpha audit'")[0][0]
        assert isinstance(app.screen, DealScreen) and app.screen.deal_id == alpha
        await pilot.press("escape")
        await settle(pilot, app)
        # Coming back (a reload) keeps the order.
        assert proposal_titles(app) == ["Alpha audit", "zebra deal", "Website redesign"]
        assert "by value" in status_line(app)


async def test_s_in_the_list_view_sorts_the_table_not_the_board(make_app, db_file):
    two_more_proposals()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("s")  # the board: by expected close
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        # The table has its own order (its header marks it), not the board's.
        assert " by " not in status_line(app)
        table = app.screen.query_one(DealTable)
        before = table.sort_index
        await pilot.press("s")
        await settle(pilot, app)
        assert table.sort_index != before
        await pilot.press("t")
        await settle(pilot, app)
        assert "by expected close" in status_line(app)
        assert proposal_titles(app) == ["zebra deal", "Website redesign", "Alpha audit"]


async def test_u_shows_my_deals_and_again_every_owner(make_app):
    app = make_app(user="Anna")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("u")
        await settle(pilot, app)
        assert shown_titles(app) == {"Website redesign", "Support contract", "Training days"}
        assert "my deals (3)" in status_line(app)
        summary = screen_text(app).splitlines()[0]
        assert summary.startswith(" All owners: 5 open")  # the line above counts everyone
        assert "25% · 0 deals" in screen_text(app)  # Presentation: Chris's deal is not shown
        await pilot.press("t")
        await settle(pilot, app)
        assert app.screen.query_one(DealTable).row_count == 3
        assert "my deals (3)   list view" in status_line(app)
        await pilot.press("u")
        await settle(pilot, app)
        assert app.screen.query_one(DealTable).row_count == 5
        assert "my deals" not in status_line(app)
        assert not screen_text(app).startswith(" All owners")


async def test_u_says_so_when_none_of_the_deals_is_mine(make_app):
    app = make_app(user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("u")
        await settle(pilot, app)
        assert shown_titles(app) == set()
        assert "No deal shown has you (tester) as its owner" in screen_text(app)


async def test_shift_u_picks_an_owner_and_escape_shows_all_owners(make_app, db_file):
    deals.create_deal("Odd owner", actor="t", owner="[b]Eve[/b]", phase="Order", at=at(1))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("U")
        await settle(pilot, app)
        text = screen_text(app)
        assert "All owners" in text and "[b]Eve[/b]" in text  # shown as typed
        await pilot.press("down", "down", "down", "enter")  # All owners, Anna, [b]Eve[/b], Bram
        await settle(pilot, app)
        assert shown_titles(app) == {"ERP implementation"}
        assert "owner Bram (1)" in status_line(app)
        await pilot.press("enter")
        await settle(pilot, app)
        erp = query(db_file, "SELECT id FROM deal WHERE owner = 'Bram' AND status = 'open'")
        assert isinstance(app.screen, DealScreen) and app.screen.deal_id == erp[0][0]
        await pilot.press("escape")
        await settle(pilot, app)
        assert shown_titles(app) == {"ERP implementation"}  # still filtered after a reload
        await pilot.press("U")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(shown_titles(app)) == 6
        assert "owner" not in status_line(app)


async def test_my_deals_follow_a_display_name_that_arrives_after_u(make_app):
    from models.operations.people import add_person

    app = make_app(user="anna", live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        add_person("anna", "Anna")  # after the board read the user's name (none yet)
        await pilot.press("u")  # reads the name again, in a worker
        await settle(pilot, app)
        assert shown_titles(app) == {"Website redesign", "Support contract", "Training days"}
        assert "my deals (3)" in status_line(app)
