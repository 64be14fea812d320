"""Pilot steps on the board: its cursor and cards, its filter, and what its keys open.

Put the cursor on a card with the arrow keys, read the card under it and the titles shown,
step the status filter, wait for a change another process makes to appear, and open the
new-deal form (`n`), the phase screen (`p`) and the management screen (`m`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from models.queries.board import Card
from tests.tui.conftest import settle
from tui.app import DealboardApp
from tui.screens.management import ManagementScreen
from tui.screens.phases import PhasesScreen
from tui.widgets.board_view import BoardView


def focused_card(app: DealboardApp) -> Card | None:
    """The card under the board's cursor."""
    return app.screen.query_one(BoardView).current_card


async def go_to(pilot: Pilot[Any], app: DealboardApp, title: str) -> None:
    """Put the board's cursor on the deal with ``title`` using the arrow keys."""
    board = app.screen.query_one(BoardView)
    for column_index, card_list in enumerate(board.lists):
        for index, card in enumerate(card_list.cards):
            if card.title == title:
                current = board.lists.index(board.focused_list)
                key = "right" if column_index > current else "left"
                for _ in range(abs(column_index - current)):
                    await pilot.press(key)
                await pilot.press("home")
                for _ in range(index):
                    await pilot.press("down")
                await pilot.pause()
                assert focused_card(app).title == title
                return
    raise AssertionError(f"{title} is not on the board")


def titles_on_board(app: DealboardApp) -> list[str]:
    """The titles of the cards the board shows, column by column."""
    return [
        card.title
        for card_list in app.screen.query_one(BoardView).lists
        for card in card_list.cards
    ]


async def show_filter(pilot: Pilot[Any], app: DealboardApp, presses: int) -> None:
    """Step the board's status filter: 1 = won, 2 = lost."""
    for _ in range(presses):
        await pilot.press("f")
        await settle(pilot, app)


async def wait_for(
    pilot: Pilot[Any], app: DealboardApp, condition: Callable[[], object], timeout: float
) -> float:
    """Seconds until ``condition()`` holds, pumping the app; fail after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        await asyncio.sleep(0.05)
        await pilot.pause()
        if condition():
            return time.perf_counter() - start
    raise AssertionError(f"not seen within {timeout} s")


async def open_form(pilot: Pilot[Any], app: DealboardApp) -> None:
    """Open the new-deal form from the board (`n`)."""
    await settle(pilot, app)
    await pilot.press("n")
    await settle(pilot, app)


async def tab_to(pilot: Pilot[Any], app: DealboardApp, field: str) -> None:
    """Press tab until the form's ``field`` input has the cursor."""
    for _ in range(12):
        if app.screen.focused is not None and app.screen.focused.id == f"field-{field}":
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {field}")


async def open_phases(pilot: Pilot[Any], app: DealboardApp) -> PhasesScreen:
    """Open the phase screen from the board (`p`)."""
    await settle(pilot, app)
    await pilot.press("p")
    await settle(pilot, app)
    assert isinstance(app.screen, PhasesScreen)
    return app.screen


async def open_management(pilot: Pilot[Any], app: DealboardApp) -> ManagementScreen:
    """Open the management screen from the board (`m`)."""
    await settle(pilot, app)
    await pilot.press("m")
    await settle(pilot, app)
    assert isinstance(app.screen, ManagementScreen)
    return app.screen
