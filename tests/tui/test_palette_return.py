"""Pilot test: a screen opened from the palette, closed again, and the palette opened anew."""

from __future__ import annotations

import pytest

from tests.tui.conftest import screen_text, settle, type_text
from tui.screens.board import BoardScreen


@pytest.mark.parametrize("name", ["Phase configuration", "Agenda", "Deleted deals"])
async def test_the_palette_opens_again_after_a_screen_it_opened(make_app, db_file, name):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for _ in range(2):  # twice: the second round starts from a footer rebuilt once
            await pilot.press("ctrl+p")
            await settle(pilot, app)
            await type_text(pilot, name)
            await settle(pilot, app)
            await pilot.press("enter")
            await settle(pilot, app)
            assert not isinstance(app.screen, BoardScreen)
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, BoardScreen)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        assert "Search for commands" in screen_text(app)


async def test_a_closed_screens_footer_ignores_a_late_rebuild(make_app, db_file):
    """The rebuild a resize schedules may run after the screen is gone: nothing happens."""
    from tui.screens.phases import PhasesScreen
    from tui.widgets.key_footer import KeyFooter

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PhasesScreen)
        footer = app.screen.query_one(KeyFooter)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)
        await footer.recompose()  # as a late call_after_refresh would: no NoScreen
