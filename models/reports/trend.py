"""The trend: deals created, won and lost per calendar month (docs/reports.md).

One row per month (``YYYY-MM``), oldest first, ending with the month of the report's
"today" (``ReportFilter.today``) — or, with a period, the months of the period, at most
``months`` of them (the last ones). A month with nothing in it is still listed, with zeros,
so a chart of the rows has no gaps.

- ``created``: deals created that month.
- ``won_*``/``lost_*``: deals now accepted/rejected whose ``closed_at`` falls in that month,
  and their value (cents). A deal reopened and closed again counts once, in the month of its
  last close, as in every other section about closed deals.
- ``win_rate``: won ÷ (won + lost) of that month, four decimals; None when none closed.
- ``average_won_value``: won value ÷ won deals, rounded half up to the cent; None when none won.

The scope is the report's: soft-deleted deals count nowhere, owner and source filter; the
period selects closed deals by ``closed_at`` and created deals by ``created_at``, so the first
and last month of a period hold only the period's days. Counting is one GROUP BY per kind
(created, closed) in SQL; which month a timestamp belongs to is decided by ``month_of`` alone:
the month in the database's time zone (setting ``timezone``), by comparing the stored time
with each month's UTC bounds, so both databases agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.domain.periods import month_bounds
from models.domain.status import Status
from models.reports.sections import TrendMonth
from models.reports.sql import ReportSql, exact_sum, joined

DEFAULT_MONTHS = 12
MAX_MONTHS = 120


def month_of(sql: ReportSql, column: str, months: list[str]) -> str:
    """SQL for which of ``months`` (``YYYY-MM`` text) a stored UTC timestamp belongs to.

    The month in the database's time zone (setting ``timezone``), as the period's days are:
    each month's UTC bounds are computed in Python (exact across daylight saving) and the
    SQL compares the stored time with them (``ReportSql.bucket``); NULL outside ``months``.
    """
    edges = []
    for month in months:
        year, number = (int(part) for part in month.split("-"))
        edges.append((month, *month_bounds(year, number, sql.zone)))
    return sql.bucket(column, edges)


def trend_months(
    today: dt.date,
    months: int = DEFAULT_MONTHS,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[str]:
    """The months the trend lists, oldest first (``YYYY-MM``).

    Without a period: the ``months`` months ending with today's. With one: from the month of
    its first day (or ``months`` back) to the month of its last day (or today's, or the
    first day's when that lies after today), keeping the last ``months`` of them.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months must be 1 to {MAX_MONTHS}, not {months}")
    end = date_to or (max(today, date_from) if date_from else today)
    last = end.year * 12 + end.month - 1
    first = last - (months - 1)
    if date_from is not None:
        first = max(first, date_from.year * 12 + date_from.month - 1)
    return [f"{index // 12:04d}-{index % 12 + 1:02d}" for index in range(first, last + 1)]


def _month_start(month: str) -> dt.datetime:
    year, number = (int(part) for part in month.split("-"))
    return dt.datetime(year, number, 1)


def _bounds(months: list[str]) -> tuple[dt.datetime, dt.datetime]:
    """Timestamps around the listed months, a day wider on each side.

    Lets the database use its indexes on the timestamps while ``month_of`` alone decides
    the month (a time zone moves a moment by less than a day).
    """
    start = _month_start(months[0])
    year, number = (int(part) for part in months[-1].split("-"))
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    try:
        low = start - dt.timedelta(days=1)
    except OverflowError:
        low = dt.datetime.min
    try:
        high = dt.datetime(year, number, 1) + dt.timedelta(days=1)
    except (OverflowError, ValueError):  # past the year 9999
        high = dt.datetime.max
    return low, high


def _average(total: int, count: int) -> int | None:
    """``total / count`` rounded half up to a whole cent (amounts are never negative)."""
    return (2 * total + count) // (2 * count) if count else None


def trend(
    sql: ReportSql,
    today: dt.date,
    months: int = DEFAULT_MONTHS,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[TrendMonth]:
    """Per month of ``trend_months``: deals created, won and lost (amounts in cents)."""
    listed = trend_months(today, months, date_from, date_to)
    low, high = _bounds(listed)
    counts: dict[str, dict[str, int]] = {
        month: {"created": 0, "won_count": 0, "won_value": 0, "lost_count": 0, "lost_value": 0}
        for month in listed
    }

    created = month_of(sql, "d.created_at", listed)
    conditions, params = list(sql.base), list(sql.base_params)
    conditions += [condition.replace("d.closed_at", "d.created_at") for condition in sql.period]
    params += sql.period_params
    rows: list[tuple[Any, ...]] = sql._rows(
        f"SELECT {created}, COUNT(*) FROM deal d WHERE {' AND '.join(conditions)}"
        f" AND d.created_at >= ? AND d.created_at < ? GROUP BY {created}",
        [*params, low, high],
    )
    for month, count in rows:
        if month in counts:
            counts[month]["created"] = int(count)

    closed = month_of(sql, "d.closed_at", listed)
    where, params = sql._scope("closed")
    # Named as well as implied by the scope: lets the index on (status, closed_at) serve the
    # month range (a third of the time on 100k deals).
    closed_statuses = f"('{Status.ACCEPTED}', '{Status.REJECTED}')"
    rows = sql._rows(
        f"SELECT {closed}, d.status, COUNT(*), {exact_sum('d.value_cents')} FROM deal d"
        f" WHERE {where} AND d.status IN {closed_statuses}"
        " AND d.closed_at >= ? AND d.closed_at < ?"
        f" GROUP BY {closed}, d.status",
        [*params, low, high],
    )
    outcome = {Status.ACCEPTED: "won", Status.REJECTED: "lost"}
    for month, status, count, high_part, low_part in rows:
        if month in counts and status in outcome:
            counts[month][f"{outcome[status]}_count"] += int(count)
            counts[month][f"{outcome[status]}_value"] += joined(high_part, low_part)

    result: list[TrendMonth] = []
    for month in listed:
        row = counts[month]
        won, lost = row["won_count"], row["lost_count"]
        result.append(
            {
                "month": month,
                "created": row["created"],
                "won_count": won,
                "won_value": row["won_value"],
                "lost_count": lost,
                "lost_value": row["lost_value"],
                "win_rate": round(won / (won + lost), 4) if won + lost else None,
                "average_won_value": _average(row["won_value"], won),
            }
        )
    return result
