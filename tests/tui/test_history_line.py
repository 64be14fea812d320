"""enter on a history line of the detail screen shows the whole old and new value."""

from __future__ import annotations

import sqlite3

from textual.widgets import DataTable

from models.operations import deals
from tests.tui.board_steps import go_to
from tests.tui.conftest import at, query, screen_text, settle
from tui.modals.history_entry import HistoryEntryModal
from tui.screens.detail import DealScreen

LONG_NOTE = (
    "Called [b]Piet[/b] about the tender.\n"
    "He wants the full proposal by Friday, with the hosting costs split per year and"
    " the training days priced separately; the board decides on the 14th.\n"
    "\n"
    "Next: send the draft to Anna first. [/] stays as typed."
)


def note_the_deal(db_file) -> int:
    """Give Website redesign a long note, written as a colleague would."""
    deal_id = query(db_file, "SELECT id FROM deal WHERE title = 'Website redesign'")[0][0]
    deals.edit_deal(deal_id, {"note": "Short first note"}, actor="anna", at=at(4))
    deals.edit_deal(deal_id, {"note": LONG_NOTE}, actor="bram", at=at(1))
    return deal_id


async def open_detail(pilot, app) -> DealScreen:
    await settle(pilot, app)
    await go_to(pilot, app, "Website redesign")
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, DealScreen)
    return app.screen


async def test_enter_on_a_note_line_shows_both_values_whole(make_app, db_file):
    note_the_deal(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_detail(pilot, app)
        assert detail.focused is detail.query_one("#history")
        line = str(detail.query_one("#history", DataTable).get_row_at(0)[2])
        assert line.endswith("…") and "the training days" not in line  # the start only
        await pilot.press("enter")  # the newest line: bram's note
        await settle(pilot, app)
        assert isinstance(app.screen, HistoryEntryModal)
        text = screen_text(app)
        assert "Note" in text
        assert "by bram, 2026-11-26 09:00" in text
        assert "Short first note" in text  # the old value
        assert "Called [b]Piet[/b] about the tender." in text  # never read as markup
        assert "He wants the full proposal by Friday" in text
        assert "the training days" in text  # wrapped, not cut
        assert "[/] stays as typed." in text
        assert "\\n" not in text  # line breaks are line breaks, not escapes
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is detail
        assert query(db_file, "SELECT note FROM deal WHERE title = 'Website redesign'") == [
            (LONG_NOTE,)
        ]  # looking changed nothing


async def test_a_long_value_scrolls_and_an_older_line_opens_too(make_app, db_file):
    deal_id = note_the_deal(db_file)
    huge = "\n".join(f"line {n}" for n in range(1, 61))
    deals.edit_deal(deal_id, {"note": huge}, actor="chris", at=at(0.5))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert "line 1\n" in text or "line 1 " in text
        assert "line 60" not in text
        for _ in range(80):
            await pilot.press("down")
        await settle(pilot, app)
        assert "line 60" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("down", "down", "enter")  # anna's first note, two lines down
        await settle(pilot, app)
        text = screen_text(app)
        assert "by anna, 2026-11-23 09:00" in text
        assert "Short first note" in text and "(empty)" in text
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("down", "enter")  # the oldest line: created
        await settle(pilot, app)
        text = screen_text(app)
        assert "Created" in text and "Website redesign" in text


async def test_terminal_controls_in_a_value_are_shown_escaped(make_app, db_file):
    deal_id = query(db_file, "SELECT id FROM deal WHERE title = 'Website redesign'")[0][0]
    # Written around the operations, as another client could: an escape sequence and a
    # right-to-left override that would recolour or reorder the terminal's lines.
    rows = [(deal_id, "bram", "field", "note", "old\x1b[31mred", "new\u202eevil", 9)]
    with sqlite3.connect(db_file) as conn:
        conn.executemany(
            "INSERT INTO deal_event (deal_id, actor, kind, field, old_value, new_value, version,"
            " at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-11-26 09:00:00')",
            rows,
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert "old\\x1b[31mred" in text
        assert "new\\u202eevil" in text
        assert "\x1b" not in text and "\u202e" not in text
