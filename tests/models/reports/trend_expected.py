"""The trend by plain Python over a database file's rows, for cross-checks.

An independent reading of the definitions in ``models.reports.trend``: every deal row is
read, its creation and close turned into the database time zone's wall time with
``zoneinfo``, and counted in Python, where the report groups by month in SQL.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def _deals(path: Any) -> list[dict[str, Any]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute("SELECT * FROM deal")]
    finally:
        connection.close()


def _local(stored: str, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC).astimezone(zone)


def expected_trend(
    path: Any,
    today: dt.date,
    zone: dt.tzinfo,
    months: int = 12,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    owner: str | None = None,
    source: str | None = None,
) -> list[dict[str, Any]]:
    """The trend's rows (amounts in cents) for the deals in the SQLite file at ``path``."""
    end = date_to or (max(today, date_from) if date_from else today)
    first = end.year * 12 + end.month - 1 - (months - 1)
    if date_from is not None:
        first = max(first, date_from.year * 12 + date_from.month - 1)
    listed = [
        f"{index // 12:04d}-{index % 12 + 1:02d}"
        for index in range(first, end.year * 12 + end.month)
    ]
    rows = {month: {"created": 0, "won": [0, 0], "lost": [0, 0]} for month in listed}

    def in_period(moment: dt.datetime) -> bool:
        day = moment.date()
        return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)

    for deal in _deals(path):
        if deal["deleted_at"] is not None:
            continue
        if (owner is not None and deal["owner"] != owner) or (
            source is not None and deal["source"] != source
        ):
            continue
        created = _local(deal["created_at"], zone)
        month = created.strftime("%Y-%m")
        if month in rows and in_period(created):
            rows[month]["created"] += 1
        if deal["status"] in ("accepted", "rejected"):
            closed = _local(deal["closed_at"], zone)
            month = closed.strftime("%Y-%m")
            if month in rows and in_period(closed):
                kind = "won" if deal["status"] == "accepted" else "lost"
                rows[month][kind][0] += 1
                rows[month][kind][1] += deal["value_cents"]

    result = []
    for month in listed:
        row = rows[month]
        (won, won_value), (lost, lost_value) = row["won"], row["lost"]
        average = None
        if won:
            exact = Decimal(won_value) / won
            average = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        result.append(
            {
                "month": month,
                "created": row["created"],
                "won_count": won,
                "won_value": won_value,
                "lost_count": lost,
                "lost_value": lost_value,
                "win_rate": round(won / (won + lost), 4) if won + lost else None,
                "average_won_value": average,
            }
        )
    return result
