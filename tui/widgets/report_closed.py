"""The management screen's tables about closed deals: per phase at close, and how they closed.

Shown inside the Reasons and Win rate tabs (the tab bar has no room for more labels at 80
columns): reasons and competitors per phase, days to close per owner, source and phase,
forecast accuracy and corrections.
"""

from __future__ import annotations

from models.domain.status import STATUS_LABELS, Status
from models.reports.sections import Report
from tui.formatting import Money, safe
from tui.widgets.report_drawing import Part, bar, fit, heading, right


def by_phase(report: Report, money: Money, width: int) -> list[list[Part]]:
    """Closed deals per phase at close with outcome and reason, then lost ones per competitor."""
    rows: list[list[Part]] = [[""], heading("Closed by phase at close, outcome and reason")]
    data = report["reasons_by_phase"]
    largest = max((row["count"] for row in data), default=0)
    for row in data:
        won = row["outcome"] == Status.ACCEPTED
        reason = safe(row["reason"]) if row["reason"] is not None else "(no reason)"
        rows.append(
            [
                fit(safe(row["phase"]), 14),
                (fit(STATUS_LABELS[row["outcome"]], 5), "$text-success" if won else "$text-error"),
                fit(reason, 21),
                right(str(row["count"]), 5),
                right(money.short(row["value"]), 10),
                "  ",
                (bar(row["count"], largest, width - 60), "$success" if won else "$error"),
            ]
        )
    if not data:
        rows.append([("  none", "$text-muted")])
    rows += [[""], heading("Lost to competitors by phase at close")]
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
        rows.append([("  none", "$text-muted")])
    return rows


def closing(report: Report, width: int) -> list[list[Part]]:
    """Days to close per owner, source and phase; forecast accuracy; corrections."""
    rows: list[list[Part]] = []
    days = report["days_to_close"]
    groups = (
        ("owner", [(r["owner"], r["closed"], r["average"]) for r in days["by_owner"]]),
        ("source", [(r["source"], r["closed"], r["average"]) for r in days["by_source"]]),
        ("phase at close", [(r["phase"], r["closed"], r["average"]) for r in days["by_phase"]]),
    )
    for title, data in groups:
        largest = max((average for _, _, average in data), default=0)
        rows.append(heading(f"Average days to close by {title}"))
        for name, closed, average in data:
            rows.append(
                [
                    fit(safe(name) or "(none)", 24),
                    right(f"{average:.1f}", 6),
                    right(f"{closed} closed", 11),
                    "  ",
                    (bar(average, largest, width - 45), "$accent"),
                ]
            )
        if not data:
            rows.append([("  none", "$text-muted")])
        rows.append([""])
    accuracy = report["forecast_accuracy"]
    slip = accuracy["average_slip_days"]
    fixes = report["corrections"]
    rows.append(heading("Forecast accuracy"))
    rows.append(
        [
            f"{accuracy['won_late']} of {accuracy['won_with_date']} won deals closed after"
            f" the expected date, {'–' if slip is None else slip} days late on average"
        ]
    )
    rows.append(
        [
            ("Corrections: ", "bold"),
            f"{fixes['reopened']} outcomes undone (reopened),"
            f" {fixes['switched']} corrected (switched)",
        ]
    )
    return rows
