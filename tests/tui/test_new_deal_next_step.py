"""The new-deal form: a next step and its date, checked as typed, saved with the deal."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.board_steps import open_form, tab_to
from tests.tui.conftest import query, screen_text, settle, type_text


async def test_new_deal_with_next_step_fits_and_is_saved(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app)
        text = screen_text(app)
        for label in ("Title", "Source", "Next step", "Next step date", "escape cancels"):
            assert label in text  # the whole form is on an 80×24 screen
        await type_text(pilot, "Office move")
        await tab_to(pilot, app, "next_step")
        await type_text(pilot, "Call [b]Jan[/b]")
        await tab_to(pilot, app, "next_step_date")
        await type_text(pilot, "2026-13-01")
        assert app.screen.query_one("#error-next_step_date").has_class("-shown")
        for _ in range(5):
            await pilot.press("backspace")
        await type_text(pilot, "12-01")
        assert not app.screen.query_one("#error-next_step_date").has_class("-shown")
        await pilot.press("enter")
        await settle(pilot, app)
        rows = query(
            db_file, "SELECT next_step, next_step_date FROM deal WHERE title = 'Office move'"
        )
        assert rows == [("Call [b]Jan[/b]", "2026-12-01")]


async def test_new_deal_refuses_a_next_step_date_alone(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app)
        await type_text(pilot, "Office move")
        await tab_to(pilot, app, "next_step_date")
        await type_text(pilot, "2026-12-01")
        await pilot.press("enter")
        await settle(pilot, app)
        assert "needs the next step itself" in screen_text(app)
        assert app.screen.focused is app.screen.query_one("#field-next_step", Input)
        assert query(db_file, "SELECT id FROM deal WHERE title = 'Office move'") == []


async def test_new_deal_hint_says_right_arrow_takes_the_suggestion(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app)
        assert "takes the grey suggestion" not in screen_text(app)  # the title suggests nothing
        await tab_to(pilot, app, "organization")
        await settle(pilot, app)
        assert "→ at the end of the text takes the grey suggestion" in screen_text(app)
        await type_text(pilot, "gemeente")
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.query_one("#field-organization", Input).value == "Gemeente Utrecht"
