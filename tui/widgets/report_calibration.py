"""The management screen's Calibration tab: configured probability against the actual win rate.

Two bars per active phase on a 0–100 % scale: the probability configured for the phase, and
the win rate of the closed deals that reached it, with won/closed (or "only N deals" when too
few are behind it) and its 95 % Wilson interval; "outside" marks a configured probability
outside that interval. Phase names are user text: plain text, never markup.
"""

from __future__ import annotations

from textual.content import Content

from models.reports.sections import Calibration, Report
from tui.formatting import Money, safe
from tui.i18n import _, ngettext
from tui.widgets.report_drawing import (
    bar,
    column,
    fit,
    heading,
    interval,
    lines,
    percent,
    right,
    whole_percent,
)


def calibration(report: Report, money: Money, width: int) -> Content:
    """Render the Calibration tab for a view ``width`` cells wide (at least 60)."""
    data = report["calibration"]
    min_deals = report["filters"]["min_deals"]
    configured, actual = _("configured"), _("actual")
    label_w = column([configured, actual], 0, 1)
    notes = [_calibration_note(row) for row in data]
    shown = [whole_percent(row["probability"]) for row in data]
    pct_w = column([*shown, *(percent(row["actual_win_rate"]) for row in data)], 4)
    # Room after the bar for the "won/closed · interval" note (or "outside").
    bar_width = width - (16 + label_w + pct_w + 1) - column(notes, 22)
    rows = [heading(_("Configured probability vs actual win rate of closed deals that reached it"))]
    for row, note, probability in zip(data, notes, shown, strict=True):
        rate = row["actual_win_rate"]
        rows.append(
            [
                fit(safe(row["phase"]), 16),
                fit(configured, label_w),
                right(probability, pct_w),
                " ",
                (fit(bar(row["probability"], 100, bar_width), bar_width), "$secondary"),
                (" " + _("outside") if row["outside"] else "", "bold $text-error"),
            ]
        )
        rows.append(
            [
                " " * 16,
                fit(actual, label_w),
                right(percent(rate), pct_w),
                " ",
                (
                    bar((rate or 0) * 100, 100, bar_width),
                    "$warning" if row["too_few"] else "$accent",
                ),
                (note, "$text-muted"),
            ]
        )
    legend = _(
        "Rates behind fewer than {count} deals are marked 'only N deals'."
        "\na–b%: 95% Wilson interval of the actual rate; 'outside': the configured"
        "\nprobability lies outside it (judged from that many deals or more)."
    ).format(count=min_deals)
    rows.append([("\n" + legend, "$text-muted")])
    return lines(*rows)


def _calibration_note(row: Calibration) -> str:
    """After the actual rate: won of closed (or too few deals), and the interval."""
    closed = row["closed"]
    if row["too_few"]:
        note = " " + ngettext("only {count} deals", "only {count} deals", closed).format(
            count=closed
        )
    else:
        note = f" {row['won']}/{closed}"
    low, high = row["interval_low"], row["interval_high"]
    if low is not None and high is not None:
        note += f" · {interval(low, high)}"
    return note
