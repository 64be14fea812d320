"""The app on deal rows another client stored in bad shapes: the board and detail show them marked."""

from __future__ import annotations

import datetime as dt

from tests.models.storage.foreign_rows import foreign  # noqa: F401 (a fixture)
from tests.tui.board_steps import go_to
from tests.tui.conftest import screen_text, settle
from tui.app import DealboardApp
from tui.screens.detail import DealScreen

NOW = dt.datetime(2026, 6, 20, 12, 0)


async def test_the_board_and_the_detail_screen_show_bad_values_marked(foreign):  # noqa: F811
    app = DealboardApp(user="tester", clock=lambda: NOW, live_refresh=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot, app)
        assert "Bad amount ⚠ value 'abc'" in screen_text(app)
        await go_to(pilot, app, "Bad amount ⚠ value 'abc' not a whole number of cents")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        text = screen_text(app)
        assert "value 'abc' ⚠ not a whole number of cents" in text
        await pilot.press("escape")
        await settle(pilot, app)
        await go_to(pilot, app, "Bad date ⚠ expected close '2026-02-30' ⚠ not a date")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        close = app.screen.query_one("#input-expected_close")
        assert close.value == "'2026-02-30' ⚠ not a date"
        assert app.is_running
