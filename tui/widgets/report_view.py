"""Draw each section of the management information as aligned lines with bar charts.

Bars are block characters scaled to the largest value shown, coloured through theme
variables, so they read at 80×24 and in 256 colours. User text (phase, reason, owner names)
goes in as plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from textual.content import Content

from models.domain.status import Status
from models.reports.sections import Pipeline, Report, Section
from tui.formatting import Money, safe
from tui.widgets.report_closed import by_phase, closing
from tui.widgets.report_drawing import Part, bar, fit, heading, lines, percent, right
from tui.widgets.report_flow import flow
from tui.widgets.report_trend import trend_chart


def render_section(tab: str, report: Report, money: Money, width: int) -> Content:
    """Render one tab of a report (from ``build_report``) for a view ``width`` wide."""
    return TAB_BY_KEY[tab].render(report, money, max(width, 60))


def _pipeline(report: Report, money: Money, width: int) -> Content:
    return render_pipeline(report["pipeline"], money, width)


def render_pipeline(pipeline: Pipeline, money: Money, width: int) -> Content:
    """The Pipeline tab from its section alone (shown before the other sections arrive)."""
    width = max(width, 60)
    phases = pipeline["phases"]
    bar_width = width - 56
    largest = max((row["weighted_value"] for row in phases), default=0)
    rows = [heading(f"{'Phase':<16}{'Prob':>5}{'Open':>6}{'Value':>13}{'Weighted':>13}  weighted")]
    for row in phases:
        rows.append(
            [
                fit(safe(row["phase"]), 16),
                right(f"{row['probability']}%", 5),
                right(str(row["open_count"]), 6),
                right(money.short(row["open_value"]), 13),
                right(money.short(row["weighted_value"]), 13) + "  ",
                (bar(row["weighted_value"], largest, bar_width), "$accent"),
            ]
        )
    total = pipeline["total"]
    rows.append(
        [
            (
                fit("Total", 21)
                + right(str(total["open_count"]), 6)
                + right(money.short(total["open_value"]), 13)
                + right(money.short(total["weighted_value"]), 13),
                "bold",
            ),
        ]
    )
    rows.append(
        [("\nValue × effective probability (override or phase), open deals only.", "$text-muted")]
    )
    return lines(*rows)


def _outcomes(report: Report, money: Money, width: int) -> Content:
    data = report["outcomes_by_phase"]
    bar_width = max((width - 48) // 2, 6)
    largest = max((max(r["accepted_count"], r["rejected_count"]) for r in data), default=0)
    rows = [heading("Closed deals by the phase they closed in")]
    for row in data:
        rows.append(
            [
                fit(safe(row["phase"]), 14),
                right(f"{row['probability']}%", 5),
                "  ",
                ("won ", "$text-success"),
                right(str(row["accepted_count"]), 5),
                " ",
                (fit(bar(row["accepted_count"], largest, bar_width), bar_width), "$success"),
                ("  lost ", "$text-error"),
                right(str(row["rejected_count"]), 5),
                " ",
                (bar(row["rejected_count"], largest, bar_width), "$error"),
            ]
        )
        rows.append(
            [
                " " * 21,
                (
                    f"won {money.short(row['accepted_value'])} · lost {money.short(row['rejected_value'])}",
                    "$text-muted",
                ),
            ]
        )
    return lines(*rows)


def _funnel(report: Report, money: Money, width: int) -> Content:
    data = report["funnel"]
    largest = max((row["reached"] for row in data), default=0)
    rows = [heading("Deals that reached each phase (history, or now in it or later)")]
    for row in data:
        rows.append(
            [
                fit(safe(row["phase"]), 16),
                right(str(row["reached"]), 7),
                right(percent(row["share"]), 6),
                "  ",
                (bar(row["reached"], largest, width - 33), "$primary"),
            ]
        )
    return lines(*rows)


def _calibration(report: Report, money: Money, width: int) -> Content:
    data = report["calibration"]
    min_deals = report["filters"]["min_deals"]
    bar_width = width - 54  # room for the "won/closed · interval" note after the bar
    rows = [heading("Configured probability vs actual win rate of closed deals that reached it")]
    for row in data:
        actual = row["actual_win_rate"]
        note = (
            f" only {row['closed']} deals" if row["too_few"] else f" {row['won']}/{row['closed']}"
        )
        low, high = row["interval_low"], row["interval_high"]
        if low is not None and high is not None:
            note += f" · {low * 100:.0f}–{high * 100:.0f}%"
        rows.append(
            [
                fit(safe(row["phase"]), 16),
                "configured ",
                right(f"{row['probability']}%", 4),
                " ",
                (fit(bar(row["probability"], 100, bar_width), bar_width), "$secondary"),
                (" outside" if row["outside"] else "", "bold $text-error"),
            ]
        )
        rows.append(
            [
                " " * 16,
                "actual     ",
                right(percent(actual), 4),
                " ",
                (
                    bar((actual or 0) * 100, 100, bar_width),
                    "$warning" if row["too_few"] else "$accent",
                ),
                (note, "$text-muted"),
            ]
        )
    rows.append(
        [
            (
                f"\nRates behind fewer than {min_deals} deals are marked 'only N deals'."
                "\na–b%: 95% Wilson interval of the actual rate; 'outside': the configured"
                "\nprobability lies outside it (judged from that many deals or more).",
                "$text-muted",
            )
        ]
    )
    return lines(*rows)


def _reasons(report: Report, money: Money, width: int) -> Content:
    rows: list[list[Part]] = []
    for outcome, title, colour in (
        (Status.ACCEPTED, "Why deals were won", "$success"),
        (Status.REJECTED, "Why deals were lost", "$error"),
    ):
        data = [row for row in report["reasons"] if row["outcome"] == outcome]
        largest = max((row["count"] for row in data), default=0)
        rows.append(heading(title))
        for row in data:
            name = safe(row["reason"]) if row["reason"] is not None else "(no reason)"
            rows.append(
                [
                    fit(name, 30),
                    right(str(row["count"]), 6),
                    right(money.short(row["value"]), 10),
                    "  ",
                    (bar(row["count"], largest, width - 50), colour),
                ]
            )
        if not data:
            rows.append([("  none", "$text-muted")])
        rows.append([""])
    competitors = report["competitors"]
    largest = max((row["count"] for row in competitors), default=0)
    rows.append(heading("Lost to competitors"))
    for lost in competitors:
        rows.append(
            [
                fit(safe(lost["competitor"]), 30),
                right(str(lost["count"]), 6),
                right(money.short(lost["value"]), 10),
                "  ",
                (bar(lost["count"], largest, width - 50), "$error"),
            ]
        )
    if not competitors:
        rows.append([("  none", "$text-muted")])
    return lines(*rows, *by_phase(report, money, width))


def _forecast(report: Report, money: Money, width: int) -> Content:
    data = report["forecast"]
    largest = max((row["weighted_value"] for row in data), default=0)
    undated = report["forecast_undated"]
    overdue = report["overdue"]
    rows = [heading("Weighted value of open deals by expected close month")]
    # Overdue deals first, in the colour of the sentence below, so the column adds up to the
    # pipeline's weighted total and no past month looks like a forecast.
    rows.append(
        [
            (
                f"{'overdue':>8}{overdue['count']:>6}"
                f"{right(money.short(overdue['weighted_value']), 11)}",
                "$text-error",
            )
        ]
    )
    for row in data:
        rows.append(
            [
                right(row["month"], 8),
                right(str(row["open_count"]), 6),
                right(money.short(row["weighted_value"]), 11),
                "  ",
                (bar(row["weighted_value"], largest, width - 30), "$accent"),
            ]
        )
    rows.append(
        [
            (
                f"{'no date':>8}{undated['open_count']:>6}"
                f"{right(money.short(undated['weighted_value']), 11)}",
                "$text-muted",
            )
        ]
    )
    rows.append([""])
    rows.append(
        [
            ("Overdue: ", "bold"),
            (f"{overdue['count']} open deals", "$text-error"),
            " past their expected close date:",
        ]
    )
    rows.append(
        [
            f"         value {money.full(overdue['value'])},"
            f" weighted {money.full(overdue['weighted_value'])}"
        ]
    )
    return lines(*rows)


def _win_rate(report: Report, money: Money, width: int) -> Content:
    win = report["win_rate"]
    overall = win["overall"]
    days = report["days_to_close"]["average"]
    rows: list[list[Part]] = [
        [
            ("Overall ", "bold"),
            (percent(overall["rate"]), "bold $text-success"),
            f"  ({overall['won']} won of {overall['closed']} closed)",
        ],
        [f"Average days from creation to close: {'–' if days is None else days}"],
        [""],
    ]
    groups = (
        ("By owner", [(r["owner"], r["rate"], r["won"], r["closed"]) for r in win["by_owner"]]),
        ("By source", [(r["source"], r["rate"], r["won"], r["closed"]) for r in win["by_source"]]),
    )
    for title, rates in groups:
        rows.append(heading(title))
        for name, rate, won, closed in rates:
            rows.append(
                [
                    fit(safe(name) or "(none)", 24),
                    right(percent(rate), 5),
                    right(f"{won}/{closed}", 11),
                    "  ",
                    (bar((rate or 0) * 100, 100, width - 44), "$success"),
                ]
            )
        rows.append([""])
    return lines(*rows, *closing(report, width))


class ReportTab(NamedTuple):
    """One tab of the management screen: the report sections it draws and exports to CSV."""

    key: str
    label: str
    sections: tuple[Section, ...]
    render: Callable[[Report, Money, int], Content]


# The tabs in order; together they show every section of ``models.reports.sections``.
TABS: tuple[ReportTab, ...] = (
    ReportTab("pipeline", "Pipeline", (Section.PIPELINE,), _pipeline),
    ReportTab("outcomes", "Won/lost", (Section.OUTCOMES_BY_PHASE,), _outcomes),
    ReportTab("funnel", "Funnel", (Section.FUNNEL,), _funnel),
    ReportTab("calibration", "Calibration", (Section.CALIBRATION,), _calibration),
    ReportTab(
        "reasons",
        "Reasons",
        (
            Section.REASONS,
            Section.COMPETITORS,
            Section.REASONS_BY_PHASE,
            Section.COMPETITORS_BY_PHASE,
        ),
        _reasons,
    ),
    ReportTab("forecast", "Forecast", (Section.FORECAST, Section.OVERDUE), _forecast),
    ReportTab(
        "win_rate",
        "Win rate",
        (
            Section.WIN_RATE,
            Section.DAYS_TO_CLOSE,
            Section.FORECAST_ACCURACY,
            Section.CORRECTIONS,
        ),
        _win_rate,
    ),
    ReportTab("flow", "Flow", (Section.CONVERSION, Section.TIME_IN_PHASE), flow),
    ReportTab("trend", "Trend", (Section.TREND,), trend_chart),
)
TAB_BY_KEY = {tab.key: tab for tab in TABS}
