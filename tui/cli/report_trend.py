"""`dealboard report` table output of the trend: created, won and lost per calendar month."""

from __future__ import annotations

from typing import TextIO

from models.domain.i18n import current_language, format_rate
from models.domain.money import format_money
from models.operations.settings import get_settings
from models.reports.sections import Report
from tui.i18n import _
from tui.output import table


def print_trend(report: Report, out: TextIO) -> None:
    """Print the trend section as a titled table, one row per month, oldest first."""
    values = get_settings()

    def money(cents: int | None) -> str:
        if cents is None:
            return "–"
        return format_money(cents, values["currency"], current_language())

    rows = report["trend"]
    out.write(
        "\n" + _("Trend by month (deals created; won and lost by the month they closed)") + "\n"
    )
    table(
        [
            _("Month"),
            _("Created"),
            _("Won"),
            _("Won value"),
            _("Lost"),
            _("Lost value"),
            _("Win rate"),
            _("Avg. won"),
        ],
        [
            [
                r["month"],
                r["created"],
                r["won_count"],
                money(r["won_value"]),
                r["lost_count"],
                money(r["lost_value"]),
                "–" if r["win_rate"] is None else format_rate(r["win_rate"]),
                money(r["average_won_value"]),
            ]
            for r in rows
        ],
        right=(1, 2, 3, 4, 5, 6, 7),
        out=out,
    )
