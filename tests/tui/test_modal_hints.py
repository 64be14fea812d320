"""Modals say what enter does where the cursor is, and drop an error once it is put right."""

from __future__ import annotations

import threading

from textual.widgets import Static

from models.operations import deals
from models.storage.schema import database_proxy
from tests.tui.board_steps import go_to, open_phases
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle, type_text
from tests.tui.detail_steps import deal_id, open_detail

INPUT_HINT = "enter or ctrl+s saves · escape cancels · tab moves"
SELECT_HINT = "enter opens the list · ctrl+s saves · escape cancels · tab moves"
REQUIRED = "A reason is required to reject a deal."


def hint(app) -> str:
    """The line of keys under the form on top."""
    return str(app.screen.query_one("#form-hint", Static).content)


async def reject_form(pilot, app, title: str = "Website redesign") -> None:
    await settle(pilot, app)
    await go_to(pilot, app, title)
    await pilot.press("r")
    await settle(pilot, app)
    assert "Reject (lost)" in screen_text(app)


async def test_the_hint_says_what_enter_does_for_the_focused_field(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await reject_form(pilot, app)
        text = screen_text(app)
        assert SELECT_HINT in text  # the cursor starts on the reason: enter opens it
        assert INPUT_HINT not in text
        await pilot.press("enter")
        await settle(pilot, app)
        # the open list may cover the hint's line; what the line says then:
        assert hint(app) == "enter picks · escape closes the list"
        await pilot.press("escape")  # closes the list, not the form
        await settle(pilot, app)
        assert SELECT_HINT in screen_text(app)
        await pilot.press("tab")  # Lost to: a text input, where enter saves
        await settle(pilot, app)
        assert INPUT_HINT in screen_text(app)
        await pilot.press("shift+tab")
        await settle(pilot, app)
        assert SELECT_HINT in screen_text(app)
        assert query(db_file, "SELECT status FROM deal WHERE title = 'Website redesign'") == [
            ("open",)
        ]


async def test_the_merge_dialog_hint_on_its_choice(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        await pilot.press("down", "g")
        await settle(pilot, app)
        text = screen_text(app)
        assert "enter opens the list · ctrl+s merges (asks first) · escape cancels" in text
        assert "tab moves" not in text  # one field only
        assert "enter or ctrl+s" not in text


async def test_a_required_reason_error_goes_as_soon_as_one_is_picked(make_app, db_file):
    app = make_app()  # a reason is required to reject (the default setting)
    async with app.run_test(size=(80, 24)) as pilot:
        await reject_form(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert REQUIRED in screen_text(app)
        await pilot.press("enter")  # open the list
        await settle(pilot, app)
        await pilot.press("down", "enter")  # pick a reason
        await settle(pilot, app)
        assert REQUIRED not in screen_text(app)
        assert "Reject (lost)" in screen_text(app)  # nothing saved yet
        assert query(db_file, "SELECT status FROM deal WHERE title = 'Website redesign'") == [
            ("open",)
        ]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(
            db_file,
            "SELECT status, reason_id IS NOT NULL FROM deal WHERE title = 'Website redesign'",
        ) == [("rejected", 1)]


async def test_the_conflict_dialog_names_fields_by_their_labels(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        screen.query_one("#input-title").focus()
        await pilot.press("end")
        await type_text(pilot, " phase 2")
        target = deal_id(db_file, "Website redesign")

        def other_user() -> None:  # another connection, as a second process would use
            with database_proxy.connection_context():
                deals.edit_deal(
                    target,
                    {"expected_close": "2027-01-31", "note": "Call [b]Piet[/b]\nthen Anna"},
                    actor="bram",
                    at=FIXED_NOW,
                )

        thread = threading.Thread(target=other_user)
        thread.start()
        thread.join()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        text = screen_text(app)
        assert "Expected close: 2026-12-15 → 2027-01-31  (bram, 2026-11-27 09:00)" in text
        assert "expected_close" not in text and "expected close" not in text
        assert "Note: (empty) → Call [b]Piet[/b]" in text  # whole, as typed, never markup
        assert "then Anna" in text  # on its own line: the line break kept
        assert "\\n" not in text
        assert query(db_file, "SELECT title FROM deal WHERE id = ?", target) == [
            ("Website redesign",)
        ]
