"""Pilot tests: the management screen shows its first tab before the other sections are computed."""

from __future__ import annotations

import threading

from models.reports.management import build_pipeline
from tests.tui.conftest import settle
from tui.formatting import Money
from tui.screens import management
from tui.screens.management import ManagementScreen
from tui.widgets.report_view import render_pipeline


def section_text(screen: ManagementScreen) -> str:
    return screen.query_one("#report-section").content.plain


def total_line(text: str) -> list[str]:
    return next(line for line in text.splitlines() if line.startswith("Total")).split()


async def until(pilot, condition, rounds: int = 400) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the screen never got there")


async def test_the_pipeline_shows_while_the_other_sections_are_computed(make_app, monkeypatch):
    release = threading.Event()
    real_build = management.build_report

    def slow_build(flt):
        assert release.wait(timeout=30), "the test never let the report finish"
        return real_build(flt)

    monkeypatch.setattr(management, "build_report", slow_build)
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        screen = app.screen
        assert isinstance(screen, ManagementScreen)
        await until(pilot, lambda: "Total" in section_text(screen))
        assert screen.report is None
        expected = render_pipeline(build_pipeline(), Money(), 10_000).plain
        assert total_line(section_text(screen)) == total_line(expected)
        await pilot.press("2")
        await until(pilot, lambda: screen.section == "outcomes")
        assert section_text(screen) == "Computing this section…"
        release.set()
        await settle(pilot, app)
        assert screen.report is not None and screen.first is None
        assert "Computing" not in section_text(screen)
        assert "won" in section_text(screen)


async def test_a_refresh_keeps_the_whole_report_on_screen(make_app, monkeypatch):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ManagementScreen) and screen.report is not None
        await pilot.press("2")
        await settle(pilot, app)
        before = section_text(screen)
        handed: list[object] = []
        monkeypatch.setattr(management, "build_pipeline", lambda flt: handed.append(flt))
        await pilot.press("r")
        await settle(pilot, app)
        assert handed == []  # no first-section step: the old numbers stay until the new ones
        assert section_text(screen) == before
