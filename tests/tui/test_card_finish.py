"""A card list finishes its lines for the screen itself: the same segments as Textual's pass.

``CardList.render_lines`` skips Textual's styles cache (``tui/widgets/card_finish.py``); the
lines it gives the compositor must be exactly what that cache would have made, with and
without the focus, scrolled, cut at the sides, in a light theme, and for an empty column.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from models.operations import deals
from tests.tui.conftest import settle
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CARD_HEIGHT, CardList


def textuals_lines(card_list: CardList, crop: Region) -> list[Strip]:
    """The lines as Textual's own pass draws them (its cache emptied first)."""
    card_list._styles_cache.clear()
    return Widget.render_lines(card_list, crop)


def same(ours: list[Strip], theirs: list[Strip]) -> bool:
    """Equal segment for segment, and equally long."""
    return [(list(s), s.cell_length) for s in ours] == [(list(s), s.cell_length) for s in theirs]


def check(card_list: CardList) -> None:
    width, height = card_list.outer_size
    for crop in (Region(0, 0, width, height), Region(2, 3, width - 4, height - 5)):
        assert same(card_list.render_lines(crop), textuals_lines(card_list, crop)), crop


async def test_the_finished_lines_are_textuals_lines(make_app, db_file):
    for n in range(8):  # more cards than the column shows: a scrollbar and a scroll
        deals.create_deal(f"Lead {n}", actor="anna", phase="Introduction", value="100")
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        lists = app.screen.query_one(BoardView).lists
        first, last = lists[0], lists[-1]
        first.focus()
        await settle(pilot, app)
        assert first.show_vertical_scrollbar  # lines narrower than the list: padded
        check(first)  # the cursor card with the focus
        shown = dict(money=last.money, now=last.now, today=last.today, stale_days=30)
        last.set_cards([], keep_id=None, **shown)
        await settle(pilot, app)
        check(last)  # "No deals"
        await pilot.press("end")
        await settle(pilot, app)
        assert first.scroll_y >= CARD_HEIGHT
        check(first)
        await pilot.press("right")  # the focus leaves: the cursor card in its other colours
        await settle(pilot, app)
        check(first)
        app.theme = "textual-light"
        await settle(pilot, app)
        check(first)
