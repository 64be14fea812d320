"""The management screen's tables about closed deals: per phase at close, and how they closed.

Shown inside the Reasons and Win rate tabs (the tab bar has no room for more labels at 80
columns): reasons and competitors per phase, days to close per owner, source and phase,
forecast accuracy and corrections.
"""

from __future__ import annotations

from rich.cells import cell_len

from models.domain.i18n import format_measure
from models.domain.status import CLOSED_STATUSES, STATUS_LABELS, Status
from models.reports.sections import Report
from tui.formatting import Money, safe
from tui.i18n import _, ngettext
from tui.widgets.report_drawing import Part, bar, column, fit, heading, one_decimal, right


def by_phase(report: Report, money: Money, width: int) -> list[list[Part]]:
    """Closed deals per phase at close with outcome and reason, then lost ones per competitor."""
    rows: list[list[Part]] = [[""], heading(_("Closed by phase at close, outcome and reason"))]
    data = report["reasons_by_phase"]
    largest = max((row["count"] for row in data), default=0)
    # The outcome's word and the reason share 26 cells; a longer word takes from the reason.
    outcome_w = column([STATUS_LABELS[outcome] for outcome in CLOSED_STATUSES], 5, 1)
    for row in data:
        won = row["outcome"] == Status.ACCEPTED
        reason = safe(row["reason"]) if row["reason"] is not None else _("(no reason)")
        rows.append(
            [
                fit(safe(row["phase"]), 14),
                (
                    fit(STATUS_LABELS[row["outcome"]], outcome_w),
                    "$text-success" if won else "$text-error",
                ),
                fit(reason, 26 - outcome_w),
                right(str(row["count"]), 5),
                right(money.short(row["value"]), 10),
                "  ",
                (bar(row["count"], largest, width - 60), "$success" if won else "$error"),
            ]
        )
    if not data:
        rows.append([("  " + _("none"), "$text-muted")])
    rows += [[""], heading(_("Lost to competitors by phase at close"))]
    lost = report["competitors_by_phase"]
    largest = max((row["count"] for row in lost), default=0)
    for rival in lost:
        rows.append(
            [
                fit(safe(rival["phase"]), 14),
                fit(safe(rival["competitor"]), 26),
                right(str(rival["count"]), 5),
                right(money.short(rival["value"]), 10),
                "  ",
                (bar(rival["count"], largest, width - 60), "$error"),
            ]
        )
    if not lost:
        rows.append([("  " + _("none"), "$text-muted")])
    return rows


def closing(report: Report, width: int) -> list[list[Part]]:
    """Days to close per owner, source and phase; forecast accuracy; corrections."""
    rows: list[list[Part]] = []
    days = report["days_to_close"]
    groups = (
        (
            _("Average days to close by owner"),
            [(r["owner"], r["closed"], r["average"]) for r in days["by_owner"]],
        ),
        (
            _("Average days to close by source"),
            [(r["source"], r["closed"], r["average"]) for r in days["by_source"]],
        ),
        (
            _("Average days to close by phase at close"),
            [(r["phase"], r["closed"], r["average"]) for r in days["by_phase"]],
        ),
    )
    # One width for the three tables, so their columns line up: room for three digits
    # (11 cells in English), more for more.
    every = [closed for _title, data in groups for _name, closed, _average in data]
    closed_w = column([_closed_text(closed) for closed in every], cell_len(_closed_text(0)) + 3, 1)
    for title, data in groups:
        largest = max((average for _name, _closed, average in data), default=0)
        rows.append(heading(title))
        for name, closed, average in data:
            closed_text = _closed_text(closed)
            rows.append(
                [
                    fit(safe(name) or _("(none)"), 24),
                    right(one_decimal(average), 6),
                    right(closed_text, closed_w),
                    "  ",
                    (bar(average, largest, width - 34 - closed_w), "$accent"),
                ]
            )
        if not data:
            rows.append([("  " + _("none"), "$text-muted")])
        rows.append([""])
    accuracy = report["forecast_accuracy"]
    fixes = report["corrections"]
    rows.append(heading(_("Forecast accuracy")))
    rows.append(
        [
            _(
                "{late} of {dated} won deals closed after the expected date,"
                " {days} days late on average"
            ).format(
                late=accuracy["won_late"],
                dated=accuracy["won_with_date"],
                days=format_measure(accuracy["average_slip_days"]),
            )
        ]
    )
    rows.append(
        [
            (_("Corrections:") + " ", "bold"),
            _("{reopened} outcomes undone (reopened), {switched} corrected (switched)").format(
                reopened=fixes["reopened"], switched=fixes["switched"]
            ),
        ]
    )
    return rows


def _closed_text(count: int) -> str:
    return ngettext("{count} closed", "{count} closed", count).format(count=count)
