"""SQL fragments the reports and the report tallies are both built from.

Exact sums of money, a stored UTC time as wall time in a zone, its local month, and the
whole seconds between two times — each written once, for SQLite and PostgreSQL, so the
report's queries (``models.reports``) and the tallies kept as deals change
(``models.storage.tally``) cannot count a deal two ways.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.domain.periods import offset_changes

# SQLite's SUM stops at 2**63 with "integer overflow" (TOTAL is a float, not exact): sums of
# money add the amounts' high and low parts separately, each far from overflowing.
SPLIT = 10**9
SECONDS_PER_DAY = 86400


def exact_sum(expression: str) -> str:
    """Two SQL sums (high and low part) that ``joined`` turns back into one exact integer."""
    high = f"({expression}) / {SPLIT}"
    # Not %: psycopg2 reads it as a parameter marker. Amounts are never negative.
    return f"SUM({high}), SUM(({expression}) - ({high}) * {SPLIT})"


def joined(high: Any, low: Any) -> int:
    """The exact sum from the two parts ``exact_sum`` selects (NULL parts count as 0)."""
    return int(high or 0) * SPLIT + int(low or 0)


def local_time(
    column: str,
    zone: dt.tzinfo,
    sqlite: bool,
    within: tuple[dt.datetime, dt.datetime] | None = None,
) -> str:
    """SQL of a stored UTC timestamp ``column`` as wall time in ``zone``.

    The offset is a CASE over the zone's offset changes since 1970, nested as a binary
    search so a row costs a few comparisons; a zone without changes (UTC) leaves ``column``
    as it is. When the query keeps ``column`` within ``[start, end)`` (naive UTC), pass
    ``within=(start, end)``: only the changes inside count, a cheaper CASE.
    """
    initial, changes = offset_changes(zone)
    if within is not None:
        start, end = within
        initial = next((after for at, after in reversed(changes) if at <= start), initial)
        changes = tuple(change for change in changes if start < change[0] < end)
    if not changes and initial == 0:
        return column

    def offset(low: int, high: int, before: int) -> str:
        # The offset for times between changes[low] and changes[high] (exclusive), where
        # ``before`` is in force before changes[low].
        if low == high:
            return str(before)
        middle = (low + high) // 2
        instant = changes[middle][0].isoformat(sep=" ")
        after = changes[middle][1]
        return (
            f"CASE WHEN {column} < '{instant}' THEN {offset(low, middle, before)}"
            f" ELSE {offset(middle + 1, high, after)} END"
        )

    seconds = offset(0, len(changes), initial)
    if sqlite:
        return f"datetime({column}, ({seconds}) || ' seconds')"
    return f"({column} + ({seconds}) * INTERVAL '1 second')"


def month_text(column: str, sqlite: bool) -> str:
    """SQL of a timestamp's (or date's) month as ``YYYY-MM`` text."""
    if sqlite:
        return f"strftime('%Y-%m', {column})"
    return f"to_char({column}, 'YYYY-MM')"


def local_day(column: str, zone: dt.tzinfo, sqlite: bool) -> str:
    """SQL of a stored UTC timestamp's calendar day in ``zone`` (a date)."""
    if sqlite:
        return f"date({local_time(column, zone, sqlite)})"
    return f"CAST({local_time(column, zone, sqlite)} AS DATE)"


def whole_seconds(start: str, end: str, sqlite: bool) -> str:
    """SQL of the whole seconds from ``start`` to ``end`` (timestamps), as an integer."""
    if sqlite:
        return (
            f"CAST(ROUND((julianday({end}) - julianday({start})) * {SECONDS_PER_DAY}) AS INTEGER)"
        )
    return f"CAST(ROUND(EXTRACT(EPOCH FROM ({end} - {start}))) AS BIGINT)"
