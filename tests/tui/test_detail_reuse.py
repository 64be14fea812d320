"""The detail screen is built once and reused: nothing of one deal may leak into the next."""

from __future__ import annotations

import threading

from textual.widgets import DataTable, Input, Select, Static, TextArea

from tests.tui.board_steps import go_to
from tests.tui.conftest import query, screen_text, settle, type_text
from tests.tui.detail_steps import deal_id, open_detail
from tui.dbwork import run_db
from tui.screens.board import BoardScreen
from tui.screens.detail import DealScreen


async def test_the_second_deal_opens_on_the_same_screen_with_nothing_of_the_first(
    make_app, db_file
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_detail(pilot, app, "Website redesign")
        # Leave the first deal with a typed error, a scrolled form and edits discarded.
        probability = first.query_one("#input-probability_override", Input)
        probability.focus()
        await type_text(pilot, "101")
        await pilot.pause()
        assert "Probability 101 is not between 0 and 100." in screen_text(app)
        await pilot.press("escape")  # unsaved changes: asks
        await settle(pilot, app)
        await pilot.press("y")  # discard and leave
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)

        second = await open_detail(pilot, app, "ERP implementation")
        assert second is first  # the same screen, filled again
        text = screen_text(app)
        assert "ERP implementation" in text and "Nordwind GmbH" in text
        assert "Website redesign" not in text and "Gemeente Utrecht" not in text
        assert "not between 0 and 100" not in text
        assert second.query_one("#input-probability_override", Input).value == "60"
        assert second.query_one("#input-title", Input).value == "ERP implementation"
        assert not second.dirty
        assert isinstance(app.focused, DataTable) and app.focused.id == "history"
        assert second.query_one("#history", DataTable).cursor_row == 0
        assert second.query_one("#detail-body").scroll_y == 0
        # The history is the second deal's alone.
        events = query(
            db_file, "SELECT COUNT(*) FROM deal_event WHERE deal_id = ?", second.deal_id
        )[0][0]
        assert second.query_one("#history", DataTable).row_count == events

        # A save on the reused screen goes to the second deal only.
        title = second.query_one("#input-title", Input)
        title.focus()
        await pilot.press("end")  # focus selects the whole title
        await type_text(pilot, " phase 2")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, "SELECT title FROM deal WHERE id = ?", second.deal_id) == [
            ("ERP implementation phase 2",)
        ]
        assert query(
            db_file,
            "SELECT title, version FROM deal WHERE id = ?",
            deal_id(db_file, "Website redesign"),
        ) == [("Website redesign", 1)]


async def test_a_refused_reason_on_one_deal_is_not_shown_on_the_next(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "f")  # lost deals
        await settle(pilot, app)
        first = await open_detail(pilot, app, "Data platform")
        first.query_one("#input-reason", Select).value = Select.NULL
        await pilot.press("ctrl+s")  # a lost deal needs a reason: refused
        await settle(pilot, app)
        assert "reason" in first.query_one("#error-reason", Static).visual.plain.lower()
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        await pilot.press("f")  # lost → all deals
        await settle(pilot, app)
        second = await open_detail(pilot, app, "Intranet")
        assert second is first
        error = second.query_one("#error-reason", Static)
        assert str(error.visual.plain) == "" and not error.has_class("-shown")


async def test_a_note_typed_on_one_deal_is_not_on_the_next(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_detail(pilot, app, "Support contract")
        first.query_one("#input-note", TextArea).focus()
        await type_text(pilot, "call back")
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        second = await open_detail(pilot, app, "Cloud migration")
        assert second.query_one("#input-note", TextArea).text == ""
        assert "call back" not in screen_text(app)


async def test_a_deal_opened_while_the_detail_screen_shows_gets_its_own_screen(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_detail(pilot, app, "Website redesign")
        app.open_deal(deal_id(db_file, "Training days"))  # as the command palette does
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen) and app.screen is not first
        assert "Training days" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is first and "Website redesign" in screen_text(app)


async def test_the_answer_of_a_cancelled_worker_is_dropped(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        started, release = threading.Event(), threading.Event()
        answers: list[object] = []

        def slow() -> str:
            started.set()
            release.wait(10)
            return "done"

        worker = run_db(app.screen, slow, on_done=answers.append, group="t")
        for _ in range(100):
            if started.is_set():
                break
            await pilot.pause(0.01)
        assert started.is_set()
        worker.cancel()  # while it runs: the thread cannot be stopped, its answer is dropped
        release.set()
        for _ in range(20):
            await pilot.pause(0.02)
        assert answers == []
        kept = run_db(app.screen, lambda: "done", on_done=answers.append, group="t")
        await settle(pilot, app)
        assert kept.is_finished and answers == ["done"]


async def test_board_is_back_under_the_reused_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for title in ("Website redesign", "ERP implementation", "Website redesign"):
            await open_detail(pilot, app, title)
            assert title in screen_text(app)
            await pilot.press("escape")
            await settle(pilot, app)
            assert isinstance(app.screen, BoardScreen)
        assert len(app.screen_stack) == 2  # the default screen and the board
        await go_to(pilot, app, "Training days")


async def test_a_long_deal_opens_again_at_the_top_of_its_form(make_app, db_file):
    from models.operations import deals
    from models.storage.database import open_database

    open_database(db_file)
    target = deal_id(db_file, "Cloud migration")
    for n in range(40):  # a history longer than the screen: the form can scroll
        deals.edit_deal(target, {"value": f"{42000 + n}"}, actor="chris")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for title in ("Cloud migration", "Cloud migration"):
            screen = await open_detail(pilot, app, title)
            for _ in range(5):
                await pilot.pause()
            body = screen.query_one("#detail-body")
            assert body.max_scroll_y > 0
            assert body.scroll_y == 0
            assert "Cloud migration" in screen_text(app) and "Title" in screen_text(app)
            await pilot.press("pagedown")  # read the history further down
            await pilot.pause()
            await pilot.press("escape")
            await settle(pilot, app)
