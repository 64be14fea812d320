"""Pilot tests of the management information screen: same numbers as `report --format json`."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

from models.reports.management import build_report, make_filter, report_to_json
from tests.tui.board_steps import open_management
from tests.tui.conftest import FIXED_NOW, screen_text, settle, type_text
from tui.widgets.report_view import TABS

# ``dealboard report`` takes today from ``utcnow``: the process gets the app's fixed clock, so
# the forecast and overdue (which depend on today) compare without the wall clock.
FROZEN_CLI = (
    "import datetime as dt, runpy\n"
    "import models.operations.history as history\n"
    f"history.utcnow = lambda: dt.datetime.fromisoformat({FIXED_NOW.isoformat()!r})\n"
    "runpy.run_module('tui', run_name='__main__')\n"
)


def report_json_at_fixed_now(db_file) -> dict:
    """``dealboard report --format json`` in a process of its own, on the fixed clock."""
    done = subprocess.run(
        [sys.executable, "-c", FROZEN_CLI, "report", "--format", "json", "--db", str(db_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


async def test_the_screen_shows_the_numbers_of_report_json(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_management(pilot, app)
        from_cli = report_json_at_fixed_now(db_file)
        shown = report_to_json(screen.report)
        for key in (
            "pipeline",
            "outcomes_by_phase",
            "funnel",
            "calibration",
            "conversion",
            "time_in_phase",
            "reasons",
            "competitors",
            "forecast",
            "overdue",
            "win_rate",
            "days_to_close",
            "reasons_by_phase",
            "competitors_by_phase",
            "forecast_accuracy",
            "corrections",
            "trend",
            "currency",
        ):
            assert shown[key] == from_cli[key], key
        # and the screen draws those numbers: pipeline, then won/lost by phase
        text = screen_text(app)
        assert "€147.3k" in text  # total open value (4,800 + 42,000 + 12,500 + 85,000 + 3,000)
        assert "€71.2k" in text  # weighted: 480 + 10,500 + 6,250 + 51,000 (override 60 %) + 3,000
        await pilot.press("right")
        await settle(pilot, app)
        text = screen_text(app)
        assert "Proposal" in text and "won" in text and "lost" in text


async def test_sections_switch_with_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_management(pilot, app)
        await pilot.press("4")
        await settle(pilot, app)
        assert screen.section == "calibration"
        assert "Configured probability vs actual win rate" in screen_text(app)
        await pilot.press("left")
        assert screen.section == "funnel"
        await pilot.press(str(len(TABS)), "right")  # the last tab's digit
        assert screen.section == "pipeline"  # wraps around
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "BoardScreen"


async def test_filter_by_owner_and_period_on_the_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_management(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        await pilot.press("tab", "tab")
        await type_text(pilot, "Nobody")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "No deal has owner 'Nobody'" in screen_text(app)
        await pilot.press(*["backspace"] * 6)
        await type_text(pilot, "Bram")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert screen.filter.owner == "Bram"
        expected = build_report(make_filter(owner="Bram", today=FIXED_NOW.date()))
        assert report_to_json(screen.report) == report_to_json(expected)
        assert "owner Bram" in screen_text(app)


async def test_export_the_section_on_screen(make_app, tmp_path):
    app = make_app()
    target = tmp_path / "calibration.csv"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_management(pilot, app)
        await pilot.press("4", "e")
        await settle(pilot, app)
        field = app.screen.query_one("#field-path")
        field.value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        with target.open(newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == ["section", "name", "metric", "value"]
        assert {row[0] for row in rows[1:]} == {"calibration"}
        proposal = {row[2]: row[3] for row in rows[1:] if row[1] == "Proposal"}
        calibration = next(r for r in screen.report["calibration"] if r["phase"] == "Proposal")
        assert proposal["closed"] == str(calibration["closed"])
        # a second export to the same file is refused beside the field, the file untouched
        before = target.read_bytes()
        await pilot.press("e")
        await settle(pilot, app)
        app.screen.query_one("#field-path").value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "already exists" in screen_text(app)
        assert target.read_bytes() == before


async def test_forecast_tab_lists_the_future_and_the_overdue_deals_apart(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_management(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        assert screen.section == "forecast"
        text = screen_text(app)
        # Support contract (4,800 in Introduction, 10 %) was due 2026-10-01, before 11-27:
        # overdue, with its value and its weighted value, and no month of its own.
        assert "overdue     1       €480" in text  # first row: weighted, in the month column
        assert "Overdue: 1 open deals past their expected close date" in text
        assert "value €4,800.00, weighted €480.00" in text
        assert "2026-10" not in text
        assert "2026-12" in text and "2027-01" in text and "2027-02" in text
