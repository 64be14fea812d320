"""The management screen's tabs show and export every report section, each exactly once."""

from __future__ import annotations

from rich.cells import cell_len

from models.reports.sections import SECTIONS
from tests.models.reports.report_cases import build_hand_database
from tests.models.reports.report_cases import report as hand_report
from tui.formatting import Money
from tui.widgets.report_view import TAB_BY_KEY, TABS, render_section


def test_every_section_belongs_to_exactly_one_tab():
    shown = [section for tab in TABS for section in tab.sections]
    assert sorted(shown) == sorted(SECTIONS)
    assert len(shown) == len(set(shown))


def test_tabs_keep_their_keys_and_order():
    assert [tab.key for tab in TABS] == [
        "pipeline",
        "outcomes",
        "funnel",
        "calibration",
        "reasons",
        "forecast",
        "win_rate",
        "flow",
        "trend",
    ]
    assert set(TAB_BY_KEY) == {tab.key for tab in TABS}


def test_reasons_and_win_rate_tabs_draw_the_sections_about_closed_deals(db):
    build_hand_database()
    report = hand_report()
    reasons = render_section("reasons", report, Money(), 78).plain.splitlines()
    assert [line.split()[:4] for line in reasons if line.startswith("Pilot")] == [
        ["Pilot", "lost", "No", "budget"],  # closed by phase, outcome and reason
        ["Pilot", "Acme", "Tools", "1"],  # lost to a competitor by phase
    ]
    win_rate = render_section("win_rate", report, Money(), 78).plain
    assert "Average days to close by phase at close" in win_rate
    assert any(line.split()[:3] == ["Negotiation", "39.5", "2"] for line in win_rate.splitlines())
    assert "0 of 0 won deals closed after the expected date, – days late on average" in win_rate
    assert "Corrections: 1 outcomes undone (reopened), 1 corrected (switched)" in win_rate
    assert max(cell_len(line) for line in (*reasons, *win_rate.splitlines())) <= 78
