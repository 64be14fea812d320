"""The next step on the board's cards: its date (overdue marked) and →? for open deals without one."""

from __future__ import annotations

import datetime as dt

from rich.style import Style

from models.operations import deals
from tests.tui.board_steps import go_to
from tests.tui.cards import card as make_card
from tests.tui.conftest import FIXED_NOW, query, settle, type_text
from tui.screens.detail import DealScreen
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CardList
from tui.widgets.card_step import NO_STEP_MARK, step_day, step_mark

TODAY = FIXED_NOW.date()  # Friday 27 November 2026


def set_step(db_file, title: str, step: str, day: str | None = None) -> None:
    deal = query(db_file, "SELECT id FROM deal WHERE title = ?", title)[0][0]
    deals.edit_deal(deal, {"next_step": step, "next_step_date": day}, actor="t")


def organization_line(app, title: str) -> tuple[str, list[tuple[str, Style | None]]]:
    """The text and segments of the organization line of the card titled ``title``."""
    for card_list in app.screen.query(CardList):
        for index, card in enumerate(card_list.cards):
            if card.title == title:
                strip = card_list.render_line(index * 5 + 1 - int(card_list.scroll_y))
                return strip.text, [(seg.text, seg.style) for seg in strip]
    raise AssertionError(f"{title} is not shown")


async def test_cards_show_the_next_step_date_and_mark_deals_without_one(make_app, db_file):
    set_step(db_file, "Website redesign", "Call Anna", "2026-11-20")
    set_step(db_file, "Support contract", "Send the quote", "2026-11-27")
    set_step(db_file, "ERP implementation", "Think")
    set_step(db_file, "Training days", "Demo", "2027-01-04")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        text, segments = organization_line(app, "Website redesign")
        assert text.rstrip().endswith("!→20 Nov")
        # Its own segment, bold as the overdue close date (the cursor's colours win here).
        assert any(seg == "!→20 Nov" and style and style.bold for seg, style in segments)
        assert organization_line(app, "Support contract")[0].rstrip().endswith("→today")
        assert organization_line(app, "ERP implementation")[0].rstrip().endswith(" →")
        assert organization_line(app, "Training days")[0].rstrip().endswith("→04 Jan")
        text, segments = organization_line(app, "Cloud migration")
        assert text.rstrip().endswith(NO_STEP_MARK)
        assert NO_STEP_MARK in [seg for seg, _ in segments]
        assert "Van der" in text  # the organization keeps its start
        # Closed deals show no next-step mark.
        await pilot.press("f", "f")  # open → won → lost
        await settle(pilot, app)
        assert "→" not in organization_line(app, "Data platform")[0]


async def test_a_next_step_saved_in_the_detail_replaces_the_mark(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert organization_line(app, "Cloud migration")[0].rstrip().endswith(NO_STEP_MARK)
        await go_to(pilot, app, "Cloud migration")
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DealScreen)
        screen.query_one("#input-next_step").focus()
        await type_text(pilot, "Book the workshop")
        await pilot.press("tab")
        await type_text(pilot, "2026-12-02")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.query_one(BoardView).current_card.title == "Cloud migration"
        assert organization_line(app, "Cloud migration")[0].rstrip().endswith("→02 Dec")
        assert query(
            db_file, "SELECT next_step, next_step_date FROM deal WHERE title = 'Cloud migration'"
        ) == [("Book the workshop", "2026-12-02")]


def test_step_marks_by_width_and_status():
    assert tuple(step_mark(make_card(), TODAY, 14)) == (NO_STEP_MARK, "card--nostep")
    assert tuple(step_mark(make_card(has_next_step=True), TODAY, 14)) == ("→", "card--dim")
    dated = make_card(has_next_step=True, next_step_date="2026-11-26")
    assert tuple(step_mark(dated, TODAY, 12)) == ("!→26 Nov", "card--overdue")
    assert tuple(step_mark(dated, TODAY, 11)) == ("!→", "card--overdue")  # too narrow
    closed = make_card(status="accepted", next_step_date="2026-11-26")
    assert tuple(step_mark(closed, TODAY, 30)) == ("", "")
    assert step_day(dt.date(2027, 1, 4), TODAY) == "04 Jan"
    assert step_day(dt.date(2027, 9, 4), TODAY) == "Sep '27"
    assert step_day(TODAY, TODAY) == "today"
