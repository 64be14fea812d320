"""Steps on one deal of the small pipeline: open its detail screen, read and change it.

Open a deal's detail screen from the board, find a deal's id by its title, change a deal as
a colleague would (on a connection of its own), read how a deal closed, and give the deals
the next steps the Agenda groups.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from models.operations import deals
from models.storage.schema import database_proxy
from tests.tui.board_steps import go_to
from tests.tui.conftest import query, settle
from tui.app import DealboardApp
from tui.screens.detail import DealScreen

CLOSING = (
    "SELECT d.status, d.closed_at, d.phase_id, d.probability_at_close, r.name, d.competitor,"
    " d.close_note FROM deal d LEFT JOIN reason r ON r.id = d.reason_id WHERE d.title = ?"
)

# The tests' clock says Friday 27 November 2026 (tests/tui/conftest.py).
STEPS = {
    "Website redesign": ("Call Anna about the offer", "2026-11-20"),  # overdue, owner Anna
    "Cloud migration": ("Book the workshop", "2026-11-27"),  # today, owner Chris
    "ERP implementation": ("Send the contract", "2026-11-29"),  # this week (Sunday), Bram
    "Training days": ("Plan the dates", "2026-12-14"),  # later, Anna
    "Support contract": ("Think about it", None),  # no date, Anna
}


async def open_detail(pilot: Pilot[Any], app: DealboardApp, title: str) -> DealScreen:
    """Open the detail screen of the deal with ``title`` from the board (enter on its card)."""
    await settle(pilot, app)
    await go_to(pilot, app, title)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, DealScreen)
    return app.screen


def deal_id(db_file: Path, title: str) -> int:
    """The id of the deal with ``title``."""
    return query(db_file, "SELECT id FROM deal WHERE title = ?", title)[0][0]


def as_colleague(change: Callable[[], object]) -> None:
    """Run a change on another thread's connection, as a second process would."""

    def run() -> None:
        with database_proxy.connection_context():
            change()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def closing(db_file: Path, title: str) -> tuple:
    """How the deal with ``title`` closed: status, date, phase, probability, reason, etc."""
    return query(db_file, CLOSING, title)[0]


def give_steps(db_file: Path) -> dict[str, int]:
    """The next steps above, set through the operation; the deals' ids by title."""
    ids = {}
    for title, (step, day) in STEPS.items():
        ids[title] = deal_id(db_file, title)
        deals.edit_deal(ids[title], {"next_step": step, "next_step_date": day}, actor="t")
    return ids
