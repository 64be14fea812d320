"""Pilot tests of the deal detail screen: edit, validate as typed, save, history, conflicts."""

from __future__ import annotations

import threading

from models.operations import deals
from models.storage.schema import database_proxy
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle, type_text
from tests.tui.detail_steps import deal_id, open_detail
from tui.screens.detail import DealScreen


async def test_edit_a_field_save_and_see_the_history(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        text = screen_text(app)
        assert "phase 50 %" in text and "Gemeente Utrecht" in text
        value = screen.query_one("#input-value")
        value.focus()
        value.value = ""
        await type_text(pilot, "13750")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(
            db_file, "SELECT value_cents, version FROM deal WHERE title = ?", "Website redesign"
        ) == [(1375000, 2)]
        events = query(
            db_file,
            "SELECT kind, field, old_value, new_value, actor FROM deal_event"
            " WHERE deal_id = ? ORDER BY id DESC LIMIT 1",
            deal_id(db_file, "Website redesign"),
        )
        assert events == [("field", "value", "12500.00", "13750.00", "tester")]
        assert query(db_file, "SELECT at FROM deal_event ORDER BY id DESC LIMIT 1") == [
            (str(FIXED_NOW),)  # the app's clock
        ]
        assert "value: 12500.00 → 13750.00" in screen_text(app)


async def test_bad_input_is_shown_beside_the_field_and_not_saved(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        before = query(db_file, "SELECT * FROM deal")
        probability = screen.query_one("#input-probability_override")
        probability.focus()
        await type_text(pilot, "101")
        await pilot.pause()
        assert "Probability 101 is not between 0 and 100." in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, "SELECT * FROM deal") == before
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "60")
        await pilot.pause()
        assert "override 60 % (phase 50 %)" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(
            db_file, "SELECT probability_override FROM deal WHERE title = ?", "Website redesign"
        ) == [(60,)]


async def test_a_conflicting_save_shows_what_changed_and_keeps_input(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        title = screen.query_one("#input-title")
        title.focus()
        await pilot.press("end")  # focusing selects the text; add to it instead
        await type_text(pilot, " phase 2")
        target = deal_id(db_file, "Website redesign")

        def other_user() -> None:  # another connection, as a second process would use
            with database_proxy.connection_context():
                deals.edit_deal(target, {"value": "99999"}, actor="bram")

        thread = threading.Thread(target=other_user)
        thread.start()
        thread.join()
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        text = screen_text(app)
        assert "changed by someone else" in text
        assert "Value: 12500.00 → 99999.00  (bram, " in text  # the field's label
        assert query(db_file, "SELECT title, value_cents FROM deal WHERE id = ?", target) == [
            ("Website redesign", 9999900)
        ]
        await pilot.press("escape")  # keep editing
        await settle(pilot, app)
        assert screen.query_one("#input-title").value == "Website redesign phase 2"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await pilot.press("m")  # save mine over theirs: only my field changes
        await settle(pilot, app)
        assert query(db_file, "SELECT title, value_cents FROM deal WHERE id = ?", target) == [
            ("Website redesign phase 2", 9999900)
        ]


async def test_escape_asks_before_dropping_changes(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        screen.query_one("#input-contact").focus()
        await type_text(pilot, "Mr X")
        await pilot.press("escape")
        await settle(pilot, app)
        assert "discard your changes" in screen_text(app)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "BoardScreen"
        assert query(db_file, "SELECT contact FROM deal WHERE title = ?", "Website redesign") == [
            ("",)
        ]


async def test_status_actions_from_the_detail_screen(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, app, "Training days")
        await pilot.press("a")
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(
            db_file,
            "SELECT status, probability_at_close FROM deal WHERE title = ?",
            "Training days",
        ) == [("accepted", 100)]
        assert "WON" in screen_text(app)
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert "reopen it first" in screen_text(app)
        await pilot.press("o", "y")
        await settle(pilot, app)
        assert query(db_file, "SELECT status FROM deal WHERE title = ?", "Training days") == [
            ("open",)
        ]
