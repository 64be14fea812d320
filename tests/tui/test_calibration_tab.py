"""The Calibration tab shows each phase's 95 % interval and marks a probability outside it."""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len

from models.operations.deals import accept_deal, create_deal, reject_deal
from models.reports.management import ReportFilter, build_report
from tests.models.reports.report_cases import ACTOR, TODAY
from tui.formatting import Money
from tui.widgets.report_view import render_section

START = dt.datetime(2026, 1, 5, 9, 0)


def test_calibration_tab_shows_the_interval_and_outside(db):
    # Introduction (10 %): 3 won of 4 closed → 0.3006 … 0.9544, so 10 % lies outside.
    for number in range(4):
        deal = create_deal(f"Deal {number}", actor=ACTOR, at=START).id
        close = accept_deal if number < 3 else reject_deal
        extra = {} if number < 3 else {"reason": "No budget"}
        close(deal, actor=ACTOR, at=START + dt.timedelta(hours=1), **extra)
    report = build_report(ReportFilter(today=TODAY, min_deals=2))
    text = render_section("calibration", report, Money(), 80).plain
    lines = text.splitlines()
    introduction = next(i for i, line in enumerate(lines) if line.startswith("Introduction"))
    assert lines[introduction].split()[-1] == "outside"
    assert lines[introduction + 1].endswith(" 3/4 · 30–95%")
    presentation = next(line for line in lines if line.startswith("Presentation"))
    assert "outside" not in presentation  # nothing closed there: no verdict
    assert max(cell_len(line) for line in lines) <= 80
