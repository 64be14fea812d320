"""The management screen's tabs show and export every report section, each exactly once."""

from __future__ import annotations

from models.reports.sections import SECTIONS
from tui.widgets.report_view import TAB_BY_KEY, TABS


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
    ]
    assert set(TAB_BY_KEY) == {tab.key for tab in TABS}
