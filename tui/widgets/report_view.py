"""Draw each section of the management information as aligned lines with bar charts.

Bars are block characters scaled to the largest value shown, coloured through theme
variables, so they read at 80×24 and in 256 colours. User text (phase, reason, owner names)
goes in as plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from textual.content import Content

from models.domain.i18n import format_measure
from models.domain.status import STATUS_LABELS, Status
from models.reports.sections import Pipeline, Report, Section
from tui.formatting import Money, safe
from tui.i18n import N_, _, ngettext, pgettext
from tui.widgets.report_calibration import calibration
from tui.widgets.report_closed import by_phase, closing
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
    whole_percent,
)
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
    total = pipeline["total"]
    probs = [whole_percent(row["probability"]) for row in phases]
    counts = [str(row["open_count"]) for row in (*phases, total)]
    values = [money.short(row["open_value"]) for row in (*phases, total)]
    weighted = [money.short(row["weighted_value"]) for row in (*phases, total)]
    prob_w = column([_("Prob"), *probs], 5, 1)
    open_w = column([_("Open"), *counts], 6, 1)
    value_w = column([_("Value"), *values], 13, 1)
    weighted_w = column([_("Weighted"), *weighted], 13, 1)
    bar_width = width - (16 + prob_w + open_w + value_w + weighted_w + 3)
    largest = max((row["weighted_value"] for row in phases), default=0)
    rows = [
        heading(
            fit(_("Phase"), 16)
            + right(_("Prob"), prob_w)
            + right(_("Open"), open_w)
            + right(_("Value"), value_w)
            + right(_("Weighted"), weighted_w)
            + "  "
            + _("weighted")
        )
    ]
    for index, row in enumerate(phases):
        rows.append(
            [
                fit(safe(row["phase"]), 16),
                right(probs[index], prob_w),
                right(counts[index], open_w),
                right(values[index], value_w),
                right(weighted[index], weighted_w) + "  ",
                (bar(row["weighted_value"], largest, bar_width), "$accent"),
            ]
        )
    rows.append(
        [
            (
                fit(_("Total"), 16 + prob_w)
                + right(counts[-1], open_w)
                + right(values[-1], value_w)
                + right(weighted[-1], weighted_w),
                "bold",
            ),
        ]
    )
    note = _("Value × effective probability (override or phase), open deals only.")
    rows.append([("\n" + note, "$text-muted")])
    return lines(*rows)


def _outcomes(report: Report, money: Money, width: int) -> Content:
    data = report["outcomes_by_phase"]
    prob_w = column([whole_percent(row["probability"]) for row in data], 5, 1)
    won = STATUS_LABELS[Status.ACCEPTED] + " "
    lost = "  " + STATUS_LABELS[Status.REJECTED] + " "
    fixed = 14 + prob_w + 2 + cell_len(won) + 6 + cell_len(lost) + 6
    bar_width = max((width - fixed - 4) // 2, 6)
    largest = max((max(r["accepted_count"], r["rejected_count"]) for r in data), default=0)
    rows = [heading(_("Closed deals by the phase they closed in"))]
    for row in data:
        rows.append(
            [
                fit(safe(row["phase"]), 14),
                right(whole_percent(row["probability"]), prob_w),
                "  ",
                (won, "$text-success"),
                right(str(row["accepted_count"]), 5),
                " ",
                (fit(bar(row["accepted_count"], largest, bar_width), bar_width), "$success"),
                (lost, "$text-error"),
                right(str(row["rejected_count"]), 5),
                " ",
                (bar(row["rejected_count"], largest, bar_width), "$error"),
            ]
        )
        amounts = _("won {won} · lost {lost}").format(
            won=money.short(row["accepted_value"]), lost=money.short(row["rejected_value"])
        )
        rows.append([" " * (14 + prob_w + 2), (amounts, "$text-muted")])
    return lines(*rows)


def _funnel(report: Report, money: Money, width: int) -> Content:
    data = report["funnel"]
    largest = max((row["reached"] for row in data), default=0)
    share_w = column([percent(row["share"]) for row in data], 6, 2)
    rows = [heading(_("Deals that reached each phase (history, or now in it or later)"))]
    for row in data:
        rows.append(
            [
                fit(safe(row["phase"]), 16),
                right(str(row["reached"]), 7),
                right(percent(row["share"]), share_w),
                "  ",
                (bar(row["reached"], largest, width - 27 - share_w), "$primary"),
            ]
        )
    return lines(*rows)


def _reasons(report: Report, money: Money, width: int) -> Content:
    rows: list[list[Part]] = []
    for outcome, title, colour in (
        (Status.ACCEPTED, _("Why deals were won"), "$success"),
        (Status.REJECTED, _("Why deals were lost"), "$error"),
    ):
        data = [row for row in report["reasons"] if row["outcome"] == outcome]
        largest = max((row["count"] for row in data), default=0)
        rows.append(heading(title))
        for row in data:
            name = safe(row["reason"]) if row["reason"] is not None else _("(no reason)")
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
            rows.append([("  " + _("none"), "$text-muted")])
        rows.append([""])
    competitors = report["competitors"]
    largest = max((row["count"] for row in competitors), default=0)
    rows.append(heading(_("Lost to competitors")))
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
        rows.append([("  " + _("none"), "$text-muted")])
    return lines(*rows, *by_phase(report, money, width))


def _forecast(report: Report, money: Money, width: int) -> Content:
    data = report["forecast"]
    largest = max((row["weighted_value"] for row in data), default=0)
    undated = report["forecast_undated"]
    overdue = report["overdue"]
    months = [month(row["month"]) for row in data]
    overdue_label, undated_label = _("overdue"), _("no date")
    first_w = column([overdue_label, undated_label, *months], 8, 1)
    rows = [heading(_("Weighted value of open deals by expected close month"))]
    # Overdue deals first, in the colour of the sentence below, so the column adds up to the
    # pipeline's weighted total and no past month looks like a forecast.
    rows.append(
        [
            (
                right(overdue_label, first_w)
                + right(str(overdue["count"]), 6)
                + right(money.short(overdue["weighted_value"]), 11),
                "$text-error",
            )
        ]
    )
    for row, shown in zip(data, months, strict=True):
        rows.append(
            [
                right(shown, first_w),
                right(str(row["open_count"]), 6),
                right(money.short(row["weighted_value"]), 11),
                "  ",
                (bar(row["weighted_value"], largest, width - 22 - first_w), "$accent"),
            ]
        )
    rows.append(
        [
            (
                right(undated_label, first_w)
                + right(str(undated["open_count"]), 6)
                + right(money.short(undated["weighted_value"]), 11),
                "$text-muted",
            )
        ]
    )
    rows.append([""])
    label = _("Overdue:") + " "
    count = overdue["count"]
    deals = ngettext("{count} open deals", "{count} open deals", count).format(count=count)
    sentence = _("{deals} past their expected close date:")
    rows.append([(label, "bold"), *styled(sentence, deals=(deals, "$text-error"))])
    amounts = _("value {value}, weighted {weighted}").format(
        value=money.full(overdue["value"]), weighted=money.full(overdue["weighted_value"])
    )
    rows.append([" " * cell_len(label) + amounts])
    return lines(*rows)


def _win_rate(report: Report, money: Money, width: int) -> Content:
    win = report["win_rate"]
    overall = win["overall"]
    days = report["days_to_close"]["average"]
    counts = _("({won} won of {closed} closed)").format(
        won=overall["won"], closed=overall["closed"]
    )
    rows: list[list[Part]] = [
        [
            (_("Overall") + " ", "bold"),
            (percent(overall["rate"]), "bold $text-success"),
            "  " + counts,
        ],
        [_("Average days from creation to close: {days}").format(days=format_measure(days))],
        [""],
    ]
    groups = (
        (_("By owner"), [(r["owner"], r["rate"], r["won"], r["closed"]) for r in win["by_owner"]]),
        (
            _("By source"),
            [(r["source"], r["rate"], r["won"], r["closed"]) for r in win["by_source"]],
        ),
    )
    shown = [percent(rate) for _title, rates in groups for _name, rate, _won, _closed in rates]
    rate_w = column(shown, 5, 1)
    for title, rates in groups:
        rows.append(heading(title))
        for name, rate, won, closed in rates:
            rows.append(
                [
                    fit(safe(name) or _("(none)"), 24),
                    right(percent(rate), rate_w),
                    right(f"{won}/{closed}", 11),
                    "  ",
                    (bar((rate or 0) * 100, 100, width - 39 - rate_w), "$success"),
                ]
            )
        rows.append([""])
    return lines(*rows, *closing(report, width))


class ReportTab(NamedTuple):
    """One tab of the management screen: the report sections it draws and exports to CSV."""

    key: str
    label: str  # marked ``N_``: the section's name in help; ``tab_label`` gives the tab's
    sections: tuple[Section, ...]
    render: Callable[[Report, Money, int], Content]


# The tabs in order; together they show every section of ``models.reports.sections``.
TABS: tuple[ReportTab, ...] = (
    ReportTab("pipeline", N_("Pipeline"), (Section.PIPELINE,), _pipeline),
    ReportTab("outcomes", N_("Won/lost"), (Section.OUTCOMES_BY_PHASE,), _outcomes),
    ReportTab("funnel", N_("Funnel"), (Section.FUNNEL,), _funnel),
    ReportTab("calibration", N_("Calibration"), (Section.CALIBRATION,), calibration),
    ReportTab(
        "reasons",
        N_("Reasons"),
        (
            Section.REASONS,
            Section.COMPETITORS,
            Section.REASONS_BY_PHASE,
            Section.COMPETITORS_BY_PHASE,
        ),
        _reasons,
    ),
    ReportTab("forecast", N_("Forecast"), (Section.FORECAST, Section.OVERDUE), _forecast),
    ReportTab(
        "win_rate",
        N_("Win rate"),
        (
            Section.WIN_RATE,
            Section.DAYS_TO_CLOSE,
            Section.FORECAST_ACCURACY,
            Section.CORRECTIONS,
        ),
        _win_rate,
    ),
    ReportTab("flow", N_("Flow"), (Section.CONVERSION, Section.TIME_IN_PHASE), flow),
    ReportTab("trend", N_("Trend"), (Section.TREND,), trend_chart),
)
TAB_BY_KEY = {tab.key: tab for tab in TABS}


def tab_label(key: str) -> str:
    """The name on the tab bar: short enough in every language for nine tabs at 80 columns."""
    labels = {
        "pipeline": pgettext("management tab", "Pipeline"),
        "outcomes": pgettext("management tab", "Won/lost"),
        "funnel": pgettext("management tab", "Funnel"),
        "calibration": pgettext("management tab", "Calibration"),
        "reasons": pgettext("management tab", "Reasons"),
        "forecast": pgettext("management tab", "Forecast"),
        "win_rate": pgettext("management tab", "Win rate"),
        "flow": pgettext("management tab", "Flow"),
        "trend": pgettext("management tab", "Trend"),
    }
    return labels[key]
