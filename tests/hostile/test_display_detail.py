"""The detail screen at 80x24: every field of every deal escaped, and its questions too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.hostile.display_helpers import (
    HEIGHT,
    LOST_FOR,
    WIDTH,
    Hostiles,
    N,
    Screens,
    quick_settle,
)
from tests.hostile.display_helpers import db_file as db_file  # the database make_app opens
from tests.hostile.display_helpers import hostile_file as hostile_file  # a copy per module
from tests.tui.conftest import make_app as make_app  # the app on ``db_file`` above
from tests.tui.conftest import settle
from tests.tui.conftest import utc_timezone as utc_timezone  # autouse: times shown in UTC
from tui.screens.detail import DealScreen

# -- the detail screen --------------------------------------------------------------------


async def test_detail_screen_shows_every_field_escaped(
    make_app: Callable[..., Any], hostile_file: Hostiles
) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DealScreen)
        screens = Screens(app)
        # Deals 0 .. N/2 carry every value in one of their six fields; the screen is
        # reloaded for each (as after a save) instead of opened anew, which is slow.
        for index in range(N // 2 + 1):
            screen.deal_id = hostile_file.deal_ids[index]
            screen.load()
            await quick_settle(pilot, app)
            screens.look(f"detail of deal {index}")
            stored = hostile_file.stored[screen.deal_id]
            for name in ("title", "organization", "contact", "owner", "source"):
                for gone in screens.missing([stored[name]], 20):
                    screens.problems.append(f"deal {index}: {name} {gone} not shown")
            screens.seen.clear()
        # Lost deals show their reason in the picker's label, competitor and closing note.
        assert len(hostile_file.lost_for) == len(LOST_FOR)
        for deal_id, reason in hostile_file.lost_for.items():
            screen.deal_id = deal_id
            screen.load()
            await quick_settle(pilot, app)
            screens.look(f"detail of lost deal #{deal_id}")
            for gone in screens.missing([reason], 20):
                screens.problems.append(f"lost deal #{deal_id}: reason {gone} not shown")
            screens.seen.clear()
        screens.verdict()
        # Reopening a deal lost in the archived phase "[/]" is refused with a message that
        # quotes the name: as text, not as markup (which would crash the notification).
        screen.deal_id = hostile_file.stuck_id
        screen.load()
        await quick_settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        refusals = [n for n in app._notifications if n.severity == "error"]
        assert len(refusals) == 1 and "phase '[/]', which is archived" in refusals[0].message
        assert not refusals[0].markup and app.is_running
        app.clear_notifications()
        screens.look("after the refused reopen")
        # A title with an escape sequence in the delete question is escaped too.
        deal_id = next(
            deal_id
            for deal_id in hostile_file.deal_ids
            if "\x1b[2J" in hostile_file.stored[deal_id]["title"]
        )
        screen.deal_id = deal_id
        screen.load()
        await quick_settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        assert "\\x1b[2J" in screens.look("delete question")
        await pilot.press("escape")
        await settle(pilot, app)
        screens.verdict()
