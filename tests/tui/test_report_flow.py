"""The management screen's Flow tab: conversion to the next phase and days in each phase.

The small pipeline of ``tests/tui/conftest.py`` on its fixed clock (2026-11-27 09:00, so open
deals count up to 11-28 00:00, 15 hours after the clock's time of day):
  Support contract  Introduction, created 5 days ago, open:   5.625 days
  Cloud migration   Presentation, 90 days ago, open:         90.625
  Website redesign  Proposal, 20 days ago, open:             20.625
  Intranet          Proposal, 60 days ago, won 2 days ago:   58
  ERP               Negotiation, 40 days ago, open:          40.625
  Data platform     Negotiation, 80 days ago, lost 7 ago:    73
  Training days     Order, 3 days ago, open:                  3.625
Each was created in its phase, so it reached every phase before it.
"""

from __future__ import annotations

from rich.cells import cell_len

from models.operations.phases import rename_phase
from models.reports.management import ReportFilter, build_report
from tests.tui.board_steps import open_management
from tests.tui.conftest import FIXED_NOW, screen_text, settle
from tui.formatting import Money
from tui.widgets.report_view import TABS, render_section

FLOW_KEY = str([tab.key for tab in TABS].index("flow") + 1)  # the digit that opens the tab

# (phase, next phase, reached, reached next, rate): all 7 reached Introduction, all but
# Support contract Presentation; Proposal: Website, Intranet, ERP, Data platform, Training;
# Negotiation: ERP, Data platform, Training; Order: Training.
CONVERSION_LINES = [
    ["Introduction", "→", "Presentation", "7", "6", "86%"],
    ["Presentation", "→", "Proposal", "6", "5", "83%"],
    ["Proposal", "→", "Negotiation", "5", "3", "60%"],
    ["Negotiation", "→", "Order", "3", "1", "33%"],
]
# (phase, deals, average, median): Proposal (20.625 + 58) / 2 = 39.3125; Negotiation
# (40.625 + 73) / 2 = 56.8125.
TIME_LINES = [
    ["Introduction", "1", "5.6", "5.6"],
    ["Presentation", "1", "90.6", "90.6"],
    ["Proposal", "2", "39.3", "39.3"],
    ["Negotiation", "2", "56.8", "56.8"],
    ["Order", "1", "3.6", "3.6"],
]


async def test_the_flow_tab_shows_conversion_and_days_in_phase(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_management(pilot, app)
        await pilot.press(FLOW_KEY)
        await settle(pilot, app)
        assert screen.section == "flow"
        text = screen_text(app)
        assert "Conversion: deals that reached a phase, and the next" in text
        assert "Days spent open in each phase (per deal, all its stays)" in text
        words = [line.split() for line in text.splitlines()]
        assert [line[:6] for line in words if "→" in line] == CONVERSION_LINES
        after = text.split("Days spent open")[1]
        rows = [line.split()[:4] for line in after.splitlines()[2:7]]
        assert rows == TIME_LINES
        assert "Time between a close and a reopen counts nowhere." in text  # all of it on screen
        await pilot.press("left")  # the tab before it
        assert screen.section == TABS[int(FLOW_KEY) - 2].key


def test_flow_tab_shows_names_as_plain_text_within_the_width(db_file):
    rename_phase("Proposal", "[b]Offer[/b]")
    report = build_report(ReportFilter(today=FIXED_NOW.date()))
    for width in (60, 78, 118):
        content = render_section("flow", report, Money(), width)
        lines = content.plain.splitlines()
        # literally, not as markup: as a phase and a next phase, and in the days table
        assert content.plain.count("[b]Offer[/b]") == 3
        assert max(cell_len(line) for line in lines) <= width
