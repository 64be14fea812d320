"""Pilot tests: a section longer than the screen scrolls with the arrow keys, without tab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Tabs

from models.operations import deals
from tests.tui.conftest import at, query, screen_text, settle
from tui.screens.management import ManagementScreen

RIVALS = [f"Rival {number:02}" for number in range(1, 13)]


@pytest.fixture
def many_rivals(db_file: Path) -> Path:
    """Twelve more deals lost, each to a competitor of its own: a long Reasons section."""
    for number, rival in enumerate(RIVALS):
        deal = deals.create_deal(
            f"Lost deal {number}", actor="tester", value="1000", phase="Negotiation", at=at(40)
        )
        deals.reject_deal(
            deal.id, actor="tester", reason="Price too high", competitor=rival, at=at(30 - number)
        )
    return db_file


def last_line(screen: ManagementScreen) -> re.Pattern[str]:
    """The section's last line: the last competitor per phase at close."""
    assert screen.report is not None
    row = screen.report["competitors_by_phase"][-1]
    return re.compile(rf"{re.escape(row['phase'])}\s+{re.escape(row['competitor'])}\s+1\b")


async def test_arrow_keys_scroll_the_reasons_section_right_after_m(make_app, many_rivals):
    rivals = query(
        many_rivals,
        "SELECT COUNT(DISTINCT competitor) FROM deal WHERE status = 'rejected'"
        " AND competitor IS NOT NULL AND deleted_at IS NULL",
    )[0][0]
    assert rivals == len(RIVALS) + 1  # and Datalux, from the small pipeline
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ManagementScreen)
        for _ in range(4):  # Pipeline → Won/lost → Funnel → Calibration → Reasons
            await pilot.press("right")
        await pilot.pause()
        assert screen.section == "reasons"
        assert screen.report is not None and len(screen.report["competitors"]) == rivals
        body = screen.query_one("#report-body", VerticalScroll)
        end = last_line(screen)
        assert not end.search(screen_text(app))
        assert body.max_scroll_y > 0

        for _ in range(body.max_scroll_y):
            await pilot.press("down")
        await pilot.pause()  # the scroll is applied; the next refresh paints it
        assert isinstance(app.focused, Tabs)  # no tab pressed: the tabs still have the focus
        assert body.scroll_y == body.max_scroll_y
        assert end.search(screen_text(app))
        assert "Lost to competitors by phase at close" in screen_text(app)

        await pilot.press("up")
        assert body.scroll_y == body.max_scroll_y - 1
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        assert "Why deals were won" in screen_text(app)
        await pilot.press("pagedown")
        assert body.scroll_y > 0
        await pilot.press("pageup")
        assert body.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert end.search(screen_text(app))

        await pilot.press("left")  # left and right still switch sections
        await pilot.pause()
        assert screen.section == "calibration"
        await pilot.press("right")
        await pilot.pause()
        assert screen.section == "reasons"


async def test_the_body_scrolls_the_same_when_it_has_the_focus(make_app, many_rivals):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ManagementScreen)
        await pilot.press("5")
        await pilot.press("tab")
        await pilot.pause()
        body = screen.query_one("#report-body", VerticalScroll)
        assert app.focused is body
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0
        assert last_line(screen).search(screen_text(app))
        await pilot.press("right")  # the body does not scroll sideways: the next section
        await pilot.pause()
        assert screen.section == "forecast"
