"""A card list's scrollbar repaints only the cells its thumb leaves or enters.

A card moving into or out of a long column changes the bar's sizes but seldom its thumb;
a scroll moves the thumb by a cell or two. Whatever was repainted, the bar must look as it
would drawn from scratch.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip

from models.operations import deals
from tests.tui.conftest import settle
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CardList
from tui.widgets.fast_scrollbar import FastScrollBar


def drawn(bar: FastScrollBar) -> list[tuple[list, int]]:
    """The bar's lines as the screen gets them now."""
    lines: list[Strip] = bar.render_lines(Region(0, 0, *bar.outer_size))
    return [(list(line), line.cell_length) for line in lines]


def from_scratch(bar: FastScrollBar) -> list[tuple[list, int]]:
    """The bar's lines drawn anew, every line."""
    bar.forget_drawing()
    bar.refresh()
    return drawn(bar)


async def test_the_bar_repaints_the_cells_that_change_and_looks_as_drawn_anew(make_app, db_file):
    for n in range(40):
        deals.create_deal(f"Lead {n}", actor="anna", phase="Introduction", value="100")
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        card_list: CardList = app.screen.query_one(BoardView).lists[0]
        card_list.focus()
        await settle(pilot, app)
        bar = card_list.vertical_scrollbar
        assert isinstance(bar, FastScrollBar) and card_list.show_vertical_scrollbar
        top = drawn(bar)

        def repainted() -> set[int]:
            lines = {y for region in bar._repaint_regions for y in region.line_range}
            bar._repaint_regions.clear()
            return lines

        repainted()
        bar.window_virtual_size = bar.window_virtual_size  # the same: nothing to repaint
        bar.refresh()
        assert repainted() == set()
        bar.window_virtual_size -= 5  # a card fewer: the thumb's end a shade shorter at most
        assert len(repainted()) <= 1
        bar.position += 10  # two cards further: the thumb moves down less than a cell
        assert 0 < len(repainted()) <= 3 < bar.outer_size.height
        bar.position += 50  # the cells it passes change their mouse action (scroll up)
        assert 3 < len(repainted()) < bar.outer_size.height
        await settle(pilot, app)
        moved = drawn(bar)
        assert moved != top
        assert moved == from_scratch(bar)

        await pilot.press("end")  # the keys scroll the list and its bar
        await settle(pilot, app)
        at_end = drawn(bar)
        assert at_end not in (top, moved)
        assert at_end == from_scratch(bar)
