"""What moving a card costs beyond a cursor move: the work that should not happen on a move.

A move repaints two columns and two headers (``test_board_move_incremental.py``); these
pilot tests press the real keys and count what a move does on the way that it need not do,
and check that what the screen shows stays what a full restyle paints. Frames are painted
here as on a terminal (``paints_frames``).
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tests.tui.conftest import settle
from tui.screens.board_find import BoardViews
from tui.widgets.board_view import BoardView, ColumnHeader, PhaseColumn
from tui.widgets.card_list import CardList


def picture(app: Any) -> list[str]:
    """The whole screen as text with colours, rendered from the widgets."""
    return [
        "".join(f"{segment.style}|{segment.text}" for segment in strip)
        for strip in app.screen._compositor.render_strips()
    ]


def count_header_styles(monkeypatch: pytest.MonkeyPatch) -> list[ColumnHeader]:
    """Records each time a header's ``visual_style`` is asked for."""
    asked: list[ColumnHeader] = []
    real = Widget.visual_style

    def counting(self: Widget) -> Any:
        if isinstance(self, ColumnHeader):
            asked.append(self)
        return real.fget(self)

    monkeypatch.setattr(Widget, "visual_style", property(counting))
    return asked


@pytest.mark.paints_frames
async def test_headers_drawn_before_are_repainted_without_working_out_their_style(
    make_app, monkeypatch
):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        keys = ("shift+right", "shift+left", "right", "left")
        for key in keys:  # each header's looks drawn once
            await pilot.press(key)
            await settle(pilot, app)
        asked = count_header_styles(monkeypatch)
        for key in keys:
            await pilot.press(key)
            await settle(pilot, app)
        # The focus colours come and go as inline styles, which make Textual work out a
        # header's style anew; the lines kept for that look are taken instead.
        assert asked == []
        seen = picture(app)
        app.refresh_css()  # a full restyle must find nothing stale
        await settle(pilot, app)
        assert picture(app) == seen


async def test_the_focus_follows_a_moved_card_without_the_focus_events(make_app, monkeypatch):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        board = app.screen.query_one(BoardView)
        first, second = board.lists[:2]
        events: list[tuple[str, CardList]] = []
        for name in ("_on_focus", "_on_blur"):
            real = getattr(CardList, name)

            def recording(self, event, real=real, name=name):
                events.append((name, self))
                return real(self, event)

            monkeypatch.setattr(CardList, name, recording)
        told: list[Any] = []

        def hear(self, event):
            told.append(event)

        for name in ("_on_descendant_focus", "_on_descendant_blur"):
            monkeypatch.setattr(BoardViews, name, hear, raising=False)
        moved = board.current_card
        await pilot.press("shift+right")
        await settle(pilot, app)
        # The focus was handed over at once: no Blur and Focus went round the queues; the
        # board's ancestors heard of it all the same.
        assert events == []
        assert [(type(event).__name__, event.widget) for event in told] == [
            ("DescendantBlur", first),
            ("DescendantFocus", second),
        ]
        assert board.current_card.id == moved.id
        assert app.screen.focused is second and second.has_focus and not first.has_focus
        headers = [column.header for column in app.screen.query(PhaseColumn)]
        assert [header.column_has_focus for header in headers[:3]] == [False, True, False]
        assert board.focused_list is second
        # The footer follows the focused widget's bindings, as after Textual's own focus.
        footer_keys = {key.action for key in app.screen.query(FooterKey)}
        await pilot.press("left")
        await settle(pilot, app)
        assert events == [("_on_blur", second), ("_on_focus", first)]  # an ordinary focus move
        await pilot.press("right")
        await settle(pilot, app)
        assert {key.action for key in app.screen.query(FooterKey)} == footer_keys
        seen = picture(app)
        app.refresh_css()
        await settle(pilot, app)
        assert picture(app) == seen


@pytest.mark.paints_frames
async def test_a_card_moved_there_and_back_again_draws_no_line_anew(make_app, monkeypatch):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        keys = ("shift+right", "down", "up", "shift+left", "down", "up")
        for key in keys:  # each look of each card drawn once
            await pilot.press(key)
            await settle(pilot, app)
        drawn: list[tuple[str, int]] = []
        real = CardList._draw_line

        def drawing(self, card, row, on_cursor, focus, width):
            drawn.append((card.title, row))
            return real(self, card, row, on_cursor, focus, width)

        monkeypatch.setattr(CardList, "_draw_line", drawing)
        moved = app.screen.query_one(BoardView).current_card
        for key in keys:
            await pilot.press(key)
            await settle(pilot, app)
        # Each move makes a new card (version, time of change), which reads as before.
        assert app.screen.query_one(BoardView).current_card.version == moved.version + 2
        assert drawn == []
        seen = picture(app)
        theme = app.theme
        app.theme = "textual-light" if theme != "textual-light" else "nord"  # all drawn anew
        await settle(pilot, app)
        app.theme = theme
        await settle(pilot, app)
        assert drawn
        assert picture(app) == seen
