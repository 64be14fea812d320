"""What a new user's walk-through at 80×24 found: a card's probability while searching, the
detail footer's keys, won/lost everywhere people read an outcome, example placeholders."""

from __future__ import annotations

from models.operations import deals
from tests.tui.board_steps import go_to, open_form
from tests.tui.conftest import at, query, screen_text, settle, type_text
from tui.modals.history_entry import HistoryEntryModal
from tui.screens.detail import DealScreen
from tui.screens.phases_data import reason_cells
from tui.widgets.card_list import CardList


def last_line(app) -> str:
    """The footer: the screen's last line."""
    return app.screen._compositor.render_strips()[-1].text


async def test_searching_keeps_the_columns_width_and_the_cards_probability(make_app, db_file):
    deals.create_deal("Big order", actor="anna", value="9250", phase="Order", at=at(60))
    for index in range(5):  # enough cards for the Order column to scroll
        deals.create_deal(f"Order {index}", actor="anna", value="100", phase="Order", at=at(1))
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "€9.3k ◷ 100%" in screen_text(app)
        await pilot.press("slash")
        await settle(pilot, app)
        # The search field's margin took a cell from every column (14 instead of 15), and a
        # card with a scrollbar beside it then had 11 cells: `€9,250    ◷`, no probability.
        assert "€9.3k ◷ 100%" in screen_text(app), screen_text(app)
        widths = {c.size.width for c in app.screen.query(CardList)}
        assert widths == {15}, widths


async def _open(pilot, app, title: str) -> None:
    await go_to(pilot, app, title)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, DealScreen)


async def test_detail_footer_offers_what_applies_to_the_deals_status(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await _open(pilot, app, "Website redesign")
        shown = last_line(app)
        for key in ("a Won", "r Lost", "> Next", "d Delete"):
            assert key in shown, (key, shown)
        assert "o Reopen" not in shown and shown.rstrip().endswith("? Help"), shown
        await pilot.press("o")  # left out of the footer, the key still answers
        await settle(pilot, app)
        assert "This deal is already open." in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("f")  # won
        await settle(pilot, app)
        await _open(pilot, app, "Intranet")
        shown = last_line(app)
        assert "r Lost" in shown and "o Reopen" in shown, shown  # r corrects the outcome
        for key in ("a Won", "> Next"):
            assert key not in shown, (key, shown)
        await pilot.press("greater_than_sign")  # left out, still answers: in won/lost words
        await settle(pilot, app)
        assert "This deal is won; reopen it first" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("f")  # lost
        await settle(pilot, app)
        await _open(pilot, app, "Data platform")
        shown = last_line(app)
        assert "a Won" in shown and "o Reopen" in shown, shown
        for key in ("r Lost", "> Next"):
            assert key not in shown, (key, shown)
        await pilot.press("o")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        shown = last_line(app)  # reopened: the footer follows the new status
        assert "a Won" in shown and "r Lost" in shown and "> Next" in shown, shown
        assert "o Reopen" not in shown, shown
    assert query(db_file, "SELECT status FROM deal WHERE title = 'Data platform'") == [("open",)]


async def test_the_palette_and_the_history_say_won_and_lost(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Data platform")
        await pilot.pause(0.5)
        await settle(pilot, app)
        text = screen_text(app)
        assert "Polder Data · lost" in text, text
        assert "rejected" not in text
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        history = app.screen.query_one("#history")
        cells = [str(history.get_row_at(row)[2]) for row in range(history.row_count)]
        assert "status: open → lost" in cells, cells
        await pilot.press("down", "down", "enter")  # the status line in full
        await settle(pilot, app)
        assert isinstance(app.screen, HistoryEntryModal), app.screen
        assert (app.screen.old, app.screen.new) == ("open", "lost")
        lines = [line.strip(" ▊▎█") for line in screen_text(app).splitlines()]
        assert lines[lines.index("After") + 1] == "lost", lines
        assert "rejected" not in screen_text(app)
    assert query(db_file, "SELECT status FROM deal WHERE title = 'Data platform'") == [
        ("rejected",)
    ]


def test_the_reasons_table_says_won_and_lost():
    cells = [
        str(reason_cells({"id": 1, "name": "Price", "applies_to": word, "archived": False})[1])
        for word in ("accepted", "rejected", "both")
    ]
    assert cells == ["won", "lost", "both"]


async def test_the_new_deal_forms_amount_placeholder_is_an_example(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app)
        assert "e.g. 12500.00" in screen_text(app)
        await type_text(pilot, "Office move")
        await pilot.press("enter")
        await settle(pilot, app)
    # Nothing typed as the value is no value: the placeholder was never a typed amount.
    assert query(db_file, "SELECT value_cents FROM deal WHERE title = 'Office move'") == [(0,)]


async def test_an_open_reason_list_stays_inside_the_accept_dialog(make_app, db_file):
    from textual.containers import Vertical
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Support contract")
        await pilot.press("a")
        await settle(pilot, app)
        await pilot.press("enter")  # the reason has the cursor: enter opens its list
        await settle(pilot, app)
        dialog = app.screen.query_one(Vertical).content_region
        listed = app.screen.query_one(SelectOverlay).region
        assert dialog.contains_region(listed), (dialog, listed)
        # The hint under the form is whole, not covered by the list.
        assert "enter picks · escape closes the list" in screen_text(app)
        await pilot.press("down", "down", "enter")
        await settle(pilot, app)
        picked = app.screen.query_one("#field-reason", Select).value
        assert picked not in (None, Select.NULL)
        assert "ctrl+s saves" in screen_text(app)  # the list closed, the form as before
        await pilot.press("ctrl+s")
        await settle(pilot, app)
    assert query(
        db_file,
        "SELECT status, reason_id FROM deal WHERE title = 'Support contract'",
    ) == [("accepted", picked)]


async def test_the_phase_screen_reads_won_and_lost_and_stores_the_outcome(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("tab")  # to the reasons table
        await settle(pilot, app)
        text = screen_text(app)
        assert "accepted" not in text and "rejected" not in text, text
        await pilot.press("n")  # a new reason
        await settle(pilot, app)
        await type_text(pilot, "Too slow")
        await pilot.press("tab")  # applies to: both
        await pilot.press("enter")  # the list, in won/lost words
        await settle(pilot, app)
        lines = [line.strip(" ▊▎█▔▁▀▄") for line in screen_text(app).splitlines()]
        for word in ("won", "lost", "both"):
            assert word in lines, lines
        assert not any("rejected" in line or "accepted" in line for line in lines), lines
        await pilot.press("up", "enter", "ctrl+s")
        await settle(pilot, app)
    assert query(db_file, "SELECT applies_to FROM reason WHERE name = 'Too slow'") == [
        ("rejected",)
    ]
