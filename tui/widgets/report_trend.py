"""The management screen's Trend tab: created, won and lost per calendar month, with bars.

One line per month, oldest first: deals created, the won and the lost value as bars side by
side (both scaled to the largest monthly value shown, so they compare), and the month's win
rate as a bar on a 0–100 % scale. Twelve months and the totals fit at 80×24.
"""

from __future__ import annotations

from textual.content import Content

from models.reports.sections import Report
from tui.formatting import Money
from tui.i18n import _, ngettext, pgettext
from tui.widgets.report_drawing import (
    Part,
    bar,
    column,
    fit,
    heading,
    lines,
    month,
    percent,
    right,
    styled,
)

# Cells of a row in English that are not bars: month, created, two amounts, the rate and the
# gaps (wider when the language's words or amounts are).
FIXED = 39


def trend_chart(report: Report, money: Money, width: int) -> Content:
    """Render the Trend tab for a view ``width`` cells wide (at least 60)."""
    data = report["trend"]
    months = [month(row["month"]) for row in data]
    won_values = [money.short(row["won_value"]) for row in data]
    lost_values = [money.short(row["lost_value"]) for row in data]
    rates = [percent(row["win_rate"]) for row in data]
    won, lost, rate = _("Won"), _("Lost"), pgettext("column", "Rate")
    month_w = column([_("Month"), *months], 8, 1)
    new_w = column([_("New"), *(str(row["created"]) for row in data)], 4)
    money_w = column([won, lost, *won_values, *lost_values], 7)
    rate_w = column([rate, *rates], 4)
    fixed = FIXED + (month_w - 8) + (new_w - 4) + 2 * (money_w - 7) + (rate_w - 4)
    spare = max(width - fixed, 12)
    value_width = spare * 2 // 5
    rate_width = spare - 2 * value_width
    largest = max((max(r["won_value"], r["lost_value"]) for r in data), default=0)
    gap = " " * value_width
    rows: list[list[Part]] = [
        heading(_("Deals created, value won and lost, and win rate per month")),
        [
            (
                fit(_("Month"), month_w)
                + right(_("New"), new_w)
                + f"  {right(won, money_w)} {gap}  {right(lost, money_w)} {gap}  "
                + right(rate, rate_w),
                "$text-muted",
            )
        ],
    ]
    for index, row in enumerate(data):
        rows.append(
            [
                fit(months[index], month_w),
                right(str(row["created"]), new_w),
                "  ",
                right(won_values[index], money_w),
                " ",
                (fit(bar(row["won_value"], largest, value_width), value_width), "$success"),
                "  ",
                right(lost_values[index], money_w),
                " ",
                (fit(bar(row["lost_value"], largest, value_width), value_width), "$error"),
                "  ",
                right(rates[index], rate_w),
                " ",
                (bar((row["win_rate"] or 0) * 100, 100, rate_width), "$accent"),
            ]
        )
    created = sum(r["created"] for r in data)
    won_count = sum(r["won_count"] for r in data)
    lost_count = sum(r["lost_count"] for r in data)
    total_rate = round(won_count / (won_count + lost_count), 4) if won_count + lost_count else None
    count = len(data)
    rows.append([""])
    rows.append(
        [
            (
                ngettext("{count} months:", "{count} months:", count).format(count=count) + " ",
                "bold",
            ),
            _("{created} created, win rate {rate}").format(
                created=created, rate=percent(total_rate)
            ),
        ]
    )
    won_text = ngettext("{count} won", "{count} won", won_count).format(count=won_count)
    lost_text = ngettext("{count} lost", "{count} lost", lost_count).format(count=lost_count)
    rows.append(
        styled(
            _("{won} {won_value}, {lost} {lost_value}"),
            won=(won_text, "$text-success"),
            won_value=money.short(sum(r["won_value"] for r in data)),
            lost=(lost_text, "$text-error"),
            lost_value=money.short(sum(r["lost_value"] for r in data)),
        )
    )
    rows.append([(_("Won and lost by the month they closed; bars share a scale."), "$text-muted")])
    return lines(*rows)
