"""The management screen's Trend tab: created, won and lost per calendar month, with bars.

One line per month, oldest first: deals created, the won and the lost value as bars side by
side (both scaled to the largest monthly value shown, so they compare), and the month's win
rate as a bar on a 0–100 % scale. Twelve months and the totals fit at 80×24.
"""

from __future__ import annotations

from textual.content import Content

from models.reports.sections import Report
from tui.formatting import Money
from tui.widgets.report_drawing import Part, bar, fit, heading, lines, percent, right

# Cells of a row that are not bars: month, created, two amounts, the rate and the gaps.
FIXED = 39


def trend_chart(report: Report, money: Money, width: int) -> Content:
    """Render the Trend tab for a view ``width`` cells wide (at least 60)."""
    data = report["trend"]
    spare = max(width - FIXED, 12)
    value_width = spare * 2 // 5
    rate_width = spare - 2 * value_width
    largest = max((max(r["won_value"], r["lost_value"]) for r in data), default=0)
    rows: list[list[Part]] = [
        heading("Deals created, value won and lost, and win rate per month"),
        [
            (
                f"{'Month':<8}{'New':>4}  {'Won':>7} {'':<{value_width}}  {'Lost':>7}"
                f" {'':<{value_width}}  {'Rate':>4}",
                "$text-muted",
            )
        ],
    ]
    for row in data:
        rows.append(
            [
                fit(row["month"], 8),
                right(str(row["created"]), 4),
                "  ",
                right(money.short(row["won_value"]), 7),
                " ",
                (fit(bar(row["won_value"], largest, value_width), value_width), "$success"),
                "  ",
                right(money.short(row["lost_value"]), 7),
                " ",
                (fit(bar(row["lost_value"], largest, value_width), value_width), "$error"),
                "  ",
                right(percent(row["win_rate"]), 4),
                " ",
                (bar((row["win_rate"] or 0) * 100, 100, rate_width), "$accent"),
            ]
        )
    created = sum(r["created"] for r in data)
    won = sum(r["won_count"] for r in data)
    lost = sum(r["lost_count"] for r in data)
    rate = round(won / (won + lost), 4) if won + lost else None
    rows.append([""])
    rows.append([(f"{len(data)} months: ", "bold"), f"{created} created, win rate {percent(rate)}"])
    rows.append(
        [
            (f"{won} won", "$text-success"),
            f" {money.short(sum(r['won_value'] for r in data))}, ",
            (f"{lost} lost", "$text-error"),
            f" {money.short(sum(r['lost_value'] for r in data))}",
        ]
    )
    rows.append([("Won and lost by the month they closed; bars share a scale.", "$text-muted")])
    return lines(*rows)
