"""Live refresh on the phase configuration screen: another process's change appears there."""

from __future__ import annotations

from tests.tui.board_steps import open_phases, wait_for
from tests.tui.cli.conftest import run_process
from tests.tui.conftest import query, screen_text, settle, type_text
from tui.modals.form import FormModal
from tui.poll import POLL_SECONDS
from tui.screens.phases import PhasesScreen

SEEN_WITHIN = POLL_SECONDS * 2 + 1


def other_desk(db_file, *args: str) -> None:
    """Change the configuration from another process, as a colleague would."""
    done = run_process(*args, "--db", str(db_file), "--user", "bram")
    assert done.returncode == 0, done.stderr


def selected(screen: PhasesScreen, kind: str) -> str:
    """The name on the row under a table's cursor."""
    row = screen._phase() if kind == "phase" else screen._reason()
    assert row is not None
    return row["name"]


async def test_a_phase_added_elsewhere_appears_and_the_cursor_stays(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_phases(pilot, app)
        await pilot.press("down", "down")  # Proposal, third of five
        assert selected(screen, "phase") == "Proposal"
        await pilot.pause(POLL_SECONDS * 1.5)  # the watcher has taken its starting point
        other_desk(db_file, "phase", "add", "Qualified", "--probability", "20", "--position", "1")
        await wait_for(pilot, app, lambda: "Qualified" in screen_text(app), SEEN_WITHIN)
        assert query(db_file, "SELECT position FROM phase WHERE name = 'Proposal'") == [(4,)]
        assert selected(screen, "phase") == "Proposal"  # moved down a row with its phase
        assert screen.query_one("#phase-table").cursor_row == 3
        # a rename elsewhere shows too, the cursor still on the same phase
        other_desk(db_file, "phase", "edit", "proposal", "--name", "Offer")
        await wait_for(pilot, app, lambda: "Offer" in screen_text(app), SEEN_WITHIN)
        assert selected(screen, "phase") == "Offer"
        assert "Proposal" not in screen_text(app)


async def test_a_reason_added_elsewhere_appears_and_the_cursor_stays(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_phases(pilot, app)
        await pilot.press("tab", "down", "down")
        before = selected(screen, "reason")
        await pilot.pause(POLL_SECONDS * 1.5)
        other_desk(db_file, "reason", "add", "Aardvark budget", "--applies-to", "rejected")
        await wait_for(pilot, app, lambda: "Aardvark budget" in screen_text(app), SEEN_WITHIN)
        assert selected(screen, "reason") == before
        assert screen.focused is screen.query_one("#reason-table")


async def test_a_form_being_typed_in_is_kept_and_the_change_shows_after(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_phases(pilot, app)
        await pilot.press("down")  # Presentation
        await pilot.pause(POLL_SECONDS * 1.5)
        await pilot.press("e")
        await settle(pilot, app)
        await pilot.press("end")
        await type_text(pilot, " and demo")
        form = app.screen
        assert isinstance(form, FormModal)
        other_desk(db_file, "phase", "edit", "order", "--probability", "95")
        await pilot.pause(POLL_SECONDS * 2.5)  # the change is noticed meanwhile
        assert app.screen is form  # the form stays, as typed
        assert form.values()["name"] == "Presentation and demo"
        assert " 95%" not in screen_text(app)
        await pilot.press("escape")  # the phase screen shows the change once it is back on top
        await wait_for(pilot, app, lambda: " 95%" in screen_text(app), 1)
        assert app.screen is screen
        assert selected(screen, "phase") == "Presentation"
        await pilot.press("e")
        await settle(pilot, app)
        await pilot.press("end")
        await type_text(pilot, " and demo")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, "SELECT name FROM phase WHERE position = 2") == [
            ("Presentation and demo",)
        ]
        assert "Presentation and demo" in screen_text(app)
        assert selected(screen, "phase") == "Presentation and demo"
