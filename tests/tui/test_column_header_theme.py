"""The focused column's header follows a change of theme, as a fresh app in that theme shows it.

The header wears its focused colours as inline styles (``ColumnHeader.show_focus``), which
Textual's restyle on a theme change leaves alone: the header takes the new theme's colours
itself as it is painted, without waiting for the focus to move. Frames are painted here as
on a terminal (``paints_frames``).
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.color import Color

from tests.tui.conftest import settle
from tui.widgets.board_view import BoardView, ColumnHeader

THEME = "textual-light"


def picture(app: Any) -> list[str]:
    """The whole screen as text with colours, rendered from the widgets."""
    return [
        "".join(f"{segment.style}|{segment.text}" for segment in strip)
        for strip in app.screen._compositor.render_strips()
    ]


@pytest.mark.paints_frames
async def test_the_focused_header_takes_a_new_themes_colours(make_app):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("right")  # the second column has the focus
        await settle(pilot, app)
        app.theme = THEME
        await settle(pilot, app)
        headers = list(app.screen.query(ColumnHeader))
        focus = Color.parse(app.theme_variables["block-cursor-blurred-background"])
        assert [header.styles.background == focus for header in headers[:3]] == [
            False,
            True,
            False,
        ]
        seen = picture(app)

    fresh = make_app(live_refresh=None)
    fresh.theme = THEME
    async with fresh.run_test(size=(80, 24)) as pilot:
        await settle(pilot, fresh)
        await pilot.press("right")
        await settle(pilot, fresh)
        assert (
            fresh.screen.query_one(BoardView).lists.index(
                fresh.screen.query_one(BoardView).focused_list
            )
            == 1
        )
        assert picture(fresh) == seen
