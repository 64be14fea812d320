"""Pilot tests: a search that finds nothing says so, with the text exactly as typed."""

from __future__ import annotations

from tests.tui.conftest import screen_text, settle, type_text
from tui.screens.board import BoardScreen
from tui.screens.board_find import no_deal_message


def test_no_deal_message_names_the_search_only_while_searching():
    assert no_deal_message("") == "No deal selected."
    assert no_deal_message("  ") == "No deal selected."
    assert no_deal_message(" [b]x ") == "No deal matches ' [b]x '."


async def test_enter_on_a_search_without_match_says_nothing_matches(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "[b]zz[/b]")
        await settle(pilot, app)
        await pilot.press("enter")  # leaves the search field: nothing to land on
        await settle(pilot, app)
        assert "No deal matches '[b]zz[/b]'." in screen_text(app)
        app.clear_notifications()
        await pilot.press("enter")  # open: still nothing under the cursor
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)
        assert "No deal matches '[b]zz[/b]'." in screen_text(app)
        assert "No deal selected." not in screen_text(app)
        app.clear_notifications()
        await pilot.press("t", "enter")  # the list view says the same
        await settle(pilot, app)
        assert "No deal matches '[b]zz[/b]'." in screen_text(app)
        app.clear_notifications()
        await pilot.press("a")
        await settle(pilot, app)
        assert "No deal matches '[b]zz[/b]'." in screen_text(app)


async def test_a_search_with_a_match_says_nothing_on_enter(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "utrecht")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "No deal matches" not in screen_text(app)
