"""Live refresh: another process's change appears on the board within the poll interval."""

from __future__ import annotations

from textual.app import ScreenStackError

from tests.tui.board_steps import focused_card, go_to, titles_on_board, wait_for
from tests.tui.cli.conftest import run_process
from tests.tui.conftest import query, screen_text, settle, type_text
from tui.live import LiveRefresh
from tui.poll import POLL_SECONDS
from tui.screens.detail import DealScreen
from tui.widgets.board_view import BoardView


async def test_another_process_change_appears_and_the_cursor_stays(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")
        await pilot.pause(POLL_SECONDS * 1.5)  # the watcher has taken its starting point
        other = run_process(
            "deal",
            "add",
            "From another desk",
            "--phase",
            "proposal",
            "--db",
            str(db_file),
            "--user",
            "bram",
        )
        assert other.returncode == 0, other.stderr
        seconds = await wait_for(
            pilot,
            app,
            lambda: "From another desk" in titles_on_board(app),
            timeout=POLL_SECONDS * 2 + 1,
        )
        assert seconds <= POLL_SECONDS * 2 + 0.5
        assert focused_card(app).title == "Website redesign"  # the cursor did not jump
        # a move by the other process shows up in the right column too
        moved = run_process(
            "deal",
            "move",
            other.stdout.strip(),
            "negotiation",
            "--db",
            str(db_file),
            "--user",
            "bram",
        )
        assert moved.returncode == 0, moved.stderr
        board = app.screen.query_one(BoardView)
        await wait_for(
            pilot,
            app,
            lambda: "From another desk" in [c.title for c in board.lists[3].cards],
            timeout=POLL_SECONDS * 2 + 1,
        )
        assert focused_card(app).title == "Website redesign"


async def test_the_open_detail_warns_when_its_deal_changes_during_an_edit(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DealScreen)
        screen.query_one("#input-contact").focus()
        await type_text(pilot, "Mr X")
        await pilot.pause(POLL_SECONDS * 1.5)
        deal_id = query(db_file, "SELECT id FROM deal WHERE title = 'Website redesign'")[0][0]
        other = run_process(
            "deal", "edit", str(deal_id), "--value", "99999", "--db", str(db_file), "--user", "bram"
        )
        assert other.returncode == 0, other.stderr
        await wait_for(
            pilot,
            app,
            lambda: "Someone else just changed" in screen_text(app),
            timeout=POLL_SECONDS * 2 + 1,
        )
        assert screen.query_one("#input-contact").value == "Mr X"  # the input is kept
        # without unsaved edits the screen simply shows the new values
        screen.query_one("#input-contact").value = ""
        await pilot.pause()
        again = run_process(
            "deal", "edit", str(deal_id), "--value", "11111", "--db", str(db_file), "--user", "bram"
        )
        assert again.returncode == 0
        await wait_for(
            pilot,
            app,
            lambda: screen.query_one("#input-value").value == "11111.00",
            timeout=POLL_SECONDS * 2 + 1,
        )


def test_a_change_arriving_after_the_last_screen_closed_is_dropped():
    # The look ran while the app was quitting: by the time its answer reached the UI thread
    # the screen stack was empty, and asking for the screen raised ScreenStackError.
    class Quitting:
        @property
        def screen(self):
            raise ScreenStackError("No screens on stack")

    live = LiveRefresh(Quitting())  # type: ignore[arg-type]
    assert live._changed() is None
    assert live._changed((object(), lambda: None)) is None  # type: ignore[arg-type]
