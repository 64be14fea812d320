"""Pilot tests: a deal's next step and its date, edited in the detail screen at 80×24."""

from __future__ import annotations

from textual.widgets import DataTable

from models.operations import deals
from tests.tui.conftest import query, screen_text, settle, type_text
from tests.tui.detail_steps import deal_id, open_detail

STEP = "SELECT next_step, next_step_date, version FROM deal WHERE title = ?"


async def test_type_a_next_step_and_date_checked_as_typed_then_save(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        screen.query_one("#input-next_step").focus()
        await type_text(pilot, "Call Anna about the offer")
        await pilot.press("tab")
        assert app.focused is screen.query_one("#input-next_step_date")
        await type_text(pilot, "2026-11-31")
        assert "Next step date 2026-11-31 is not a real date." in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, STEP, "Website redesign") == [(None, None, 1)]
        await pilot.press("backspace", "backspace")
        await type_text(pilot, "30")
        assert "is not a real date" not in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, STEP, "Website redesign") == [
            ("Call Anna about the offer", "2026-11-30", 2)
        ]
        assert "next step date: (empty) → 2026-11-30" in screen_text(app)
        history = screen.query_one("#history", DataTable)
        lines = [str(history.get_row_at(row)[2]) for row in range(history.row_count)]
        assert lines[:2] == [
            "next step date: (empty) → 2026-11-30",
            "next step: (empty) → Call Anna about the offer",
        ]


async def test_clearing_both_inputs_clears_the_next_step(make_app, db_file):
    website = deal_id(db_file, "Website redesign")
    deals.edit_deal(website, {"next_step": "Call", "next_step_date": "2026-12-01"}, actor="t")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        assert screen.query_one("#input-next_step").value == "Call"
        assert screen.query_one("#input-next_step_date").value == "2026-12-01"
        screen.query_one("#input-next_step").focus()
        await pilot.press("ctrl+u")  # clear the line, as in a shell
        await pilot.press("tab", "ctrl+u")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, STEP, "Website redesign") == [(None, None, 3)]


async def test_a_date_without_a_step_is_refused_beside_the_step(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        screen.query_one("#input-next_step_date").focus()
        await type_text(pilot, "2026-12-01")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "A next step date needs the next step itself" in screen_text(app)
        assert app.focused is screen.query_one("#input-next_step")
        assert query(db_file, STEP, "Website redesign") == [(None, None, 1)]
