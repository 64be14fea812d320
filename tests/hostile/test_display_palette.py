"""The command palette at 80x24: deals found by hostile queries, shown escaped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.hostile.display_helpers import HEIGHT, WIDTH, Screens
from tests.hostile.display_helpers import db_file as db_file  # the database make_app opens
from tests.hostile.display_helpers import hostile_file as hostile_file  # a copy per module
from tests.tui.conftest import make_app as make_app  # the app on ``db_file`` above
from tests.tui.conftest import settle, type_text
from tests.tui.conftest import utc_timezone as utc_timezone  # autouse: times shown in UTC

# -- the command palette ------------------------------------------------------------------

PALETTE_QUERIES = ("red", "[b]", "שלום")


async def test_palette_search_shows_deals_escaped(make_app: Callable[..., Any]) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        screens = Screens(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for query in PALETTE_QUERIES:
            await pilot.press("ctrl+u")  # clear the search field
            await type_text(pilot, query)
            await pilot.pause(0.3)
            await settle(pilot, app)
            text = screens.look(f"palette search {query!r}")
            assert "#" in text, f"no deal found for {query!r}"
        await pilot.press("escape")
        await settle(pilot, app)
        # The title with an escape sequence is found by its visible part, shown escaped.
        assert "\\x1b[31mred" in "\n".join(screens.seen)
        assert "[b]x[/b]" in "\n".join(screens.seen)
        screens.verdict()
