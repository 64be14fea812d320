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
from tui.i18n import _, pgettext
from tui.widgets.report_drawing import (
    Part,
    bar,
    column,
    fit,
    heading,
    lines,
    one_decimal,
    percent,
    right,
)


def flow(report: Report, money: Money, width: int) -> Content:
    """Render the Flow tab: ``conversion`` then ``time_in_phase``, ``width`` cells wide."""
    rows: list[list[Part]] = [heading(_("Conversion: deals that reached a phase, and the next"))]
    steps = report["conversion"]
    reached, after, rate = _("Reached"), pgettext("column", "Next"), pgettext("column", "Rate")
    reached_w = column([reached, *(str(step["reached"]) for step in steps)], 8, 1)
    after_w = column([after, *(str(step["reached_next"]) for step in steps)], 6, 1)
    rate_w = column([rate, *(percent(step["rate"]) for step in steps)], 6, 1)
    rows.append(
        [
            (
                fit(_("Phase"), 14)
                + "   "
                + fit(pgettext("column", "Next phase"), 14)
                + right(reached, reached_w)
                + right(after, after_w)
                + right(rate, rate_w),
                "$text-muted",
            )
        ]
    )
    bar_width = width - (33 + reached_w + after_w + rate_w)
    for step in steps:
        rows.append(
            [
                fit(safe(step["phase"]), 14),
                (" → ", "$text-muted"),
                fit(safe(step["next_phase"]), 14),
                right(str(step["reached"]), reached_w),
                right(str(step["reached_next"]), after_w),
                right(percent(step["rate"]), rate_w),
                "  ",
                (bar((step["rate"] or 0) * 100, 100, bar_width), "$primary"),
            ]
        )
    if not steps:
        rows.append([("  " + _("only one active phase: nothing comes next"), "$text-muted")])
    rows += [[""], heading(_("Days spent open in each phase (per deal, all its stays)"))]
    times = report["time_in_phase"]
    deals, average, median = _("Deals"), _("Average"), _("Median")
    averages = [one_decimal(row["average_days"]) for row in times]
    medians = [one_decimal(row["median_days"]) for row in times]
    deals_w = column([deals, *(str(row["deals"]) for row in times)], 6, 1)
    average_w = column([average, *averages], 9, 1)
    median_w = column([median, *medians], 8, 1)
    rows.append(
        [
            (
                fit(_("Phase"), 16)
                + right(deals, deals_w)
                + right(average, average_w)
                + right(median, median_w),
                "$text-muted",
            )
        ]
    )
    largest = max((row["average_days"] or 0 for row in times), default=0)
    for row, shown_average, shown_median in zip(times, averages, medians, strict=True):
        rows.append(
            [
                fit(safe(row["phase"]), 16),
                right(str(row["deals"]), deals_w),
                right(shown_average, average_w),
                right(shown_median, median_w),
                "  ",
                (
                    bar(
                        row["average_days"] or 0,
                        largest,
                        width - 18 - deals_w - average_w - median_w,
                    ),
                    "$accent",
                ),
            ]
        )
    note = _(
        "Open deals: up to the end of today. Closed: up to the close."
        "\nTime between a close and a reopen counts nowhere."
    )
    rows.append([("\n" + note, "$text-muted")])
    return lines(*rows)
