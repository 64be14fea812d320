"""Moving a card repaints the columns it touched without laying out the whole screen."""

from __future__ import annotations

import pytest
from textual._compositor import Compositor
from textual.screen import Screen

from models.operations import deals
from tests.tui.board_steps import focused_card, go_to
from tests.tui.conftest import query, settle
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CARD_HEIGHT


@pytest.fixture
def long_column(db_file) -> None:
    """Eight more open deals in Introduction and Presentation: more than a column shows."""
    for n in range(8):
        deals.create_deal(f"Lead {n}", actor="anna", phase="Introduction", value="100")
        deals.create_deal(f"Demo {n}", actor="anna", phase="Presentation", value="100")


def layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the layout passes of the whole screen."""
    calls: list[int] = []
    real = Screen._refresh_layout

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return calls


async def test_moving_a_card_lays_out_nothing_and_keeps_the_scrollbars_right(
    make_app, db_file, long_column, monkeypatch
):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Lead 3")
        first, second = app.screen.query_one(BoardView).lists[:2]
        before = len(first.cards)
        for key in ("right", "left"):  # Textual styles a column's scrollbar when first focused
            await pilot.press(key)
        await settle(pilot, app)
        passes = layouts(monkeypatch)
        await pilot.press("shift+right")
        await settle(pilot, app)
        assert focused_card(app).title == "Lead 3"
        assert query(db_file, "SELECT p.name FROM deal d JOIN phase p ON p.id = d.phase_id"
                     " WHERE d.title = 'Lead 3'") == [("Presentation",)]  # fmt: skip
        assert passes == []  # no layout pass of the whole screen
        assert len(first.cards) == before - 1
        # The longer and the shorter list scroll exactly as far as their cards reach.
        for card_list in (first, second):
            view = card_list.scrollable_content_region.height
            height = len(card_list.cards) * CARD_HEIGHT
            if height > view:
                height = -(-(height - view) // CARD_HEIGHT) * CARD_HEIGHT + view
            assert card_list.virtual_size.height == height
            if card_list.show_vertical_scrollbar:
                assert card_list.vertical_scrollbar.window_virtual_size == height
        assert first.show_vertical_scrollbar and second.show_vertical_scrollbar


def full_repaints(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the frames that repaint the whole screen."""
    calls: list[int] = []
    real = Compositor.render_full_update

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_full_update", counting)
    return calls


@pytest.mark.paints_frames  # counts the frames painted
async def test_moving_a_card_or_the_cursor_to_another_column_repaints_part_of_the_screen(
    make_app, db_file, long_column, monkeypatch
):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Lead 3")
        first, second = app.screen.query_one(BoardView).lists[:2]
        full = full_repaints(monkeypatch)
        await pilot.press("shift+right")  # the focus follows the card to the next column
        await settle(pilot, app)
        assert focused_card(app).title == "Lead 3"
        assert app.screen.focused is second
        assert query(db_file, "SELECT p.name FROM deal d JOIN phase p ON p.id = d.phase_id"
                     " WHERE d.title = 'Lead 3'") == [("Presentation",)]  # fmt: skip
        await pilot.press("left")
        await settle(pilot, app)
        assert app.screen.focused is first
        assert full == []  # the columns, headers and summary repaint; not the whole screen
