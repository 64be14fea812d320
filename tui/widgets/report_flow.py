"""The management screen's Flow tab: conversion to the next phase, and days spent in each phase.

Two tables with bar charts, drawn with the primitives of ``report_drawing`` so they read at
80×24: the conversion rate of each active phase into the next one (bars on a 0–100 % scale),
then the deals that spent time in each phase with their average and median days (bars
scaled to the longest average). Phase names are user text: plain text, never markup.
"""

from __future__ import annotations

from textual.content import Content

from models.reports.sections import Report
from tui.formatting import Money, safe
from tui.widgets.report_drawing import Part, bar, fit, heading, lines, percent, right


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def flow(report: Report, money: Money, width: int) -> Content:
    """Render the Flow tab: ``conversion`` then ``time_in_phase``, ``width`` cells wide."""
    rows: list[list[Part]] = [heading("Conversion: deals that reached a phase, and the next")]
    steps = report["conversion"]
    rows.append(
        [(f"{'Phase':<14}   {'Next phase':<14}{'Reached':>8}{'Next':>6}{'Rate':>6}", "$text-muted")]
    )
    for step in steps:
        rows.append(
            [
                fit(safe(step["phase"]), 14),
                (" → ", "$text-muted"),
                fit(safe(step["next_phase"]), 14),
                right(str(step["reached"]), 8),
                right(str(step["reached_next"]), 6),
                right(percent(step["rate"]), 6),
                "  ",
                (bar((step["rate"] or 0) * 100, 100, width - 53), "$primary"),
            ]
        )
    if not steps:
        rows.append([("  only one active phase: nothing comes next", "$text-muted")])
    rows += [[""], heading("Days spent open in each phase (per deal, all its stays)")]
    times = report["time_in_phase"]
    rows.append([(f"{'Phase':<16}{'Deals':>6}{'Average':>9}{'Median':>8}", "$text-muted")])
    largest = max((row["average_days"] or 0 for row in times), default=0)
    for row in times:
        rows.append(
            [
                fit(safe(row["phase"]), 16),
                right(str(row["deals"]), 6),
                right(_days(row["average_days"]), 9),
                right(_days(row["median_days"]), 8),
                "  ",
                (bar(row["average_days"] or 0, largest, width - 41), "$accent"),
            ]
        )
    rows.append(
        [
            (
                "\nOpen deals: up to the end of today. Closed: up to the close."
                "\nTime between a close and a reopen counts nowhere.",
                "$text-muted",
            )
        ]
    )
    return lines(*rows)
