"""Pilot tests of the management information screen: same numbers as `report --format json`."""

from __future__ import annotations

import csv
import json

from models.reports.management import build_report, make_filter, report_to_json
from tests.tui.cli.conftest import run_process
from tests.tui.conftest import FIXED_NOW, screen_text, settle, type_text
from tui.screens.management import ManagementScreen


async def open_management(pilot, app) -> ManagementScreen:
    await settle(pilot, app)
    await pilot.press("m")
    await settle(pilot, app)
    assert isinstance(app.screen, ManagementScreen)
    return app.screen


async def test_the_screen_shows_the_numbers_of_report_json(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_management(pilot, app)
        cli = run_process("report", "--format", "json", "--db", str(db_file))
        assert cli.returncode == 0, cli.stderr
        from_cli = json.loads(cli.stdout)
        shown = report_to_json(screen.report)
        for key in (
            "pipeline",
            "outcomes_by_phase",
            "funnel",
            "calibration",
            "reasons",
            "competitors",
            "forecast",
            "win_rate",
            "days_to_close",
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
        await pilot.press("7", "right")
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
