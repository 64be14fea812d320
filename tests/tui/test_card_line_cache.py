"""A card's drawn lines are kept per column and drawn again when what they show changes."""

from __future__ import annotations

import datetime as dt

from models.operations import deals
from tests.tui.board_steps import focused_card, go_to
from tests.tui.conftest import settle
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CARD_HEIGHT, CardList


def card_lines(card_list: CardList, index: int) -> list[str]:
    """The four drawn lines of the card at ``index`` (as the screen asks for them)."""
    top = index * CARD_HEIGHT - int(card_list.scroll_y)
    return [card_list.render_line(top + row).text for row in range(CARD_HEIGHT - 1)]


def first_list(app) -> CardList:
    return app.screen.query_one(BoardView).lists[0]


async def test_an_edited_title_a_new_theme_and_a_new_width_draw_the_card_again(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        card_list = first_list(app)
        card = card_list.cards[0]
        before = card_lines(card_list, 0)
        assert card_lines(card_list, 0) == before  # drawn once, then kept
        assert card_list._lines

        # Another client renames the deal; the board reloads and shows the new title.
        deals.edit_deal(card.id, {"title": "Renamed deal"}, actor="other")
        app.screen.reload()
        await settle(pilot, app)
        index = card_list.index_of(card.id)
        assert index is not None and card_list.cards[index].title == "Renamed deal"
        assert card_lines(card_list, index)[0].strip() == "Renamed deal"
        assert card_lines(card_list, 0) != before or index != 0

        # Another theme: the kept lines take the new theme's colours.
        dark = list(card_list.render_line(0))
        app.theme = "textual-light"
        await settle(pilot, app)
        light = list(card_list.render_line(0))
        assert [s.style for s in light] != [s.style for s in dark]
        card_list._lines.clear()
        assert list(card_list.render_line(0)) == light  # as drawn afresh

        # A wider terminal: wider columns, lines drawn to the new width.
        narrow = card_list.scrollable_content_region.width
        await pilot.resize_terminal(120, 40)
        await settle(pilot, app)
        wide = card_list.scrollable_content_region.width
        assert wide > narrow
        assert all(len(line) == wide for line in card_lines(card_list, 0))
        assert focused_card(app) is not None


async def test_the_cursor_card_is_drawn_with_the_cursor_and_without_it_when_it_leaves(
    make_app, db_file
):
    for n in range(3):
        deals.create_deal(f"Lead {n}", actor="anna", phase="Introduction", value="100")
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        card_list = first_list(app)
        await go_to(pilot, app, card_list.cards[0].title)
        assert app.screen.focused is card_list and card_list.cursor == 0
        on_cursor = card_list.render_line(0)._segments[0].style
        await pilot.press("down")
        await settle(pilot, app)
        assert card_list.cursor == 1
        assert card_list.render_line(0)._segments[0].style != on_cursor
        await pilot.press("up")
        await pilot.press("right")  # the cursor stays on the card, the focus leaves the column
        await settle(pilot, app)
        blurred = card_list.render_line(0)._segments[0].style
        assert blurred not in (on_cursor, card_list.rich_style)


async def test_a_later_load_marks_a_card_stale_on_its_kept_lines(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        card_list = first_list(app)
        card = card_list.cards[0]
        now = card_list.now
        value_row = 2 - int(card_list.scroll_y)
        fresh = card_list.render_line(value_row).text
        later = now + dt.timedelta(days=card_list.stale_days + 400)
        assert card.is_stale(later, card_list.stale_days) != card.is_stale(
            now, card_list.stale_days
        )
        shown = dict(keep_id=card.id, money=card_list.money, stale_days=card_list.stale_days)
        card_list.set_cards(card_list.cards, now=later, today=card_list.today, **shown)
        stale = card_list.render_line(value_row).text
        assert stale != fresh and ("◷" in stale) != ("◷" in fresh)
        card_list.set_cards(card_list.cards, now=now, today=card_list.today, **shown)
        assert card_list.render_line(value_row).text == fresh
