"""Starting on the board: no frame of columns without their cards, footer keys styled once."""

from __future__ import annotations

import pytest
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from models.operations import phases
from tests.tui.conftest import screen_text, settle
from tui.widgets.board_view import ColumnHeader


def frames_with_empty_headers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the frames drawn while a mounted column header has nothing to show yet."""
    empty: list[int] = []
    real = Screen._compositor_refresh

    def checking(self: Screen[object]) -> None:
        headers = list(self.query(ColumnHeader))
        if any(header.shown is None for header in headers):
            empty.append(len(headers))
        real(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", checking)
    return empty


async def test_new_columns_are_drawn_with_their_cards_in_their_first_frame(make_app, monkeypatch):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        empty = frames_with_empty_headers(monkeypatch)
        phases.add_phase("Pilot", 60, position=2)
        await pilot.press("f")  # another status filter: the board reloads, with six columns
        await settle(pilot, app)
        assert len(app.screen.query(ColumnHeader)) == 6
        assert "Pilot" in screen_text(app)
        # Mounting new columns awaits; a frame drawn then painted them empty, in full.
        assert empty == []


def restyled_footer_keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The footer keys styled again after they were first styled (by key)."""
    keys: list[str] = []
    real = Stylesheet.update_nodes

    def recording(self: Stylesheet, nodes, animate: bool = False) -> None:
        nodes = list(nodes)
        keys.extend(node.key for node in nodes if isinstance(node, FooterKey))
        real(self, nodes, animate=animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", recording)
    return keys


async def test_the_footer_keys_are_styled_once(make_app, monkeypatch):
    restyled = restyled_footer_keys(monkeypatch)
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        keys = list(app.screen.query(FooterKey))
        assert [key.key for key in keys][-1] == "question_mark"
        assert all(key.has_class("-compact") for key in keys)
        assert keys[-1].has_class("-help")
        assert "? Help" in screen_text(app).splitlines()[-1]
        assert restyled == []
