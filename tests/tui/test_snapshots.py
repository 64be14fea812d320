"""SVG snapshots of every screen at 80×24 and 120×40, on fixed data with a fixed clock.

After an intended change to a screen, review the new pictures and update them with
``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from models.operations import deals
from tests.tui.conftest import at, query
from tests.tui.snapshot_steps import SIZES, settled
from tui.widgets.report_view import TABS

# The Trend tab's digit on the management screen.
TREND_DIGIT = str([tab.key for tab in TABS].index("trend") + 1)
# The Flow tab's digit on the management screen.
FLOW_DIGIT = str([tab.key for tab in TABS].index("flow") + 1)
SCREENS = {
    "board": [],
    "list": ["t"],
    "detail": ["right", "right", "enter"],
    "phases": ["p"],
    "merge": ["p", "down", "down", "down", "g"],
    "merge-confirm": ["p", "down", "down", "down", "g", "ctrl+s"],
    "help": ["question_mark"],
    "accept": ["right", "right", "a"],
    "management": ["m"],
    "calibration": ["m", "4"],
    "trend": ["m", TREND_DIGIT],
    "flow": ["m", FLOW_DIGIT],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, make_app, screen, size):
    keys = SCREENS[screen]

    async def run_before(pilot) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_deleted_deals_screen(snap_compare, make_app, db_file, size):
    """The Deleted deals screen (`D` on the board) with two deals deleted at fixed times."""
    for title, actor, days_ago in (
        ("Support contract", "anna", 1),
        ("Cloud migration", "bram", 0.5),
    ):
        [(deal_id,)] = query(db_file, "SELECT id FROM deal WHERE title = ?", title)
        deals.delete_deal(deal_id, actor=actor, at=at(days_ago))

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("D")
        await settled(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_agenda_screen(snap_compare, make_app, db_file, size):
    """The Agenda screen (`g` on the board) with a next step in every group, set at fixed times."""
    for title, step, day in (
        ("Website redesign", "Call Anna about the offer", "2026-11-20"),
        ("Cloud migration", "Book the workshop", "2026-11-27"),
        ("ERP implementation", "Send the contract", "2026-11-29"),
        ("Training days", "Plan the dates", "2026-12-14"),
        ("Support contract", "Think about it", None),
    ):
        [(deal_id,)] = query(db_file, "SELECT id FROM deal WHERE title = ?", title)
        changes = {"next_step": step, "next_step_date": day}
        deals.edit_deal(deal_id, changes, actor="anna", at=at(1))

    async def run_before(pilot) -> None:
        await settled(pilot)
        await pilot.press("g")
        await settled(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
