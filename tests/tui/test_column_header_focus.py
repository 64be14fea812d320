"""The focused column's header shows its colours as soon as the focus moves to that column.

With a ``:focus-within`` rule the header kept the previous colours until the next full
restyle (a theme change, say): Textual restyles, on a focus change, only below the topmost
ancestor of the focused widget that has such a rule of its own, and the header is a sibling
of the focused card list. The card list now marks its header (``-focused``).
"""

from __future__ import annotations

from typing import Any

from textual.color import Color

from tests.tui.conftest import settle
from tui.widgets.board_view import BoardView, ColumnHeader


def header_backgrounds(app: Any) -> list[Color]:
    """Each column header's background, left to right."""
    return [header.styles.background for header in app.screen.query(ColumnHeader)]


def picture(app: Any) -> list[str]:
    """The whole screen as text with colours, rendered from the widgets."""
    return [
        "".join(f"{segment.style}|{segment.text}" for segment in strip)
        for strip in app.screen._compositor.render_strips()
    ]


async def test_the_focused_header_is_coloured_at_once_and_the_left_one_plain(make_app):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        focus = Color.parse(app.theme_variables["block-cursor-blurred-background"])
        board = app.screen.query_one(BoardView)
        first, second = header_backgrounds(app)[:2]
        assert first == focus != second  # at start: the first column has the focus
        for key, focused in (("right", 1), ("right", 2), ("left", 1)):
            await pilot.press(key)
            await settle(pilot, app)
            assert board.lists.index(board.focused_list) == focused
            colours = header_backgrounds(app)
            assert [i for i, colour in enumerate(colours) if colour == focus] == [focused]
            seen = picture(app)
            app.refresh_css()  # a full restyle must find nothing stale
            await settle(pilot, app)
            assert picture(app) == seen
