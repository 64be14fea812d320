"""The text of the report tallies' statements: one GROUP BY per kind (models.storage.tally).

Each returns rows of (kind, k1, k2, k3, t1, t2, t3, t4, n, m1 … m7) over the live deals that
``only`` (an SQL condition on ``d.id``, or '') selects; ``models.storage.tally`` both rebuilds
the tallies and counts one deal's contribution with them. Built once per zone, dialect and
restriction (the zone's offset changes make the text costly).
"""

from __future__ import annotations

import datetime as dt
import functools

from models.domain.status import Status
from models.storage.sql_parts import exact_sum, local_day, local_time, month_text
from models.storage.sql_parts import whole_seconds as _whole_seconds

OPEN, ACCEPTED, REJECTED = Status.OPEN, Status.ACCEPTED, Status.REJECTED
# The kinds, in the order ``statements`` returns their SELECTs.
KINDS = ("closed", "created", "closed_month", "reached", "pair", "correction", "current", "stay")


def expected_at_close(sqlite: bool) -> str:
    """SQL of a closed deal ``d``'s expected close date as it stood when it closed.

    Today's date unless it was edited at or after the close: then the first such edit's old
    value (history keeps it as ``YYYY-MM-DD`` text, or NULL when there was none). One lookup
    per deal: an edit from no date reads as '' and becomes NULL again.
    """
    edited = (
        "(SELECT COALESCE(x.old_value, '') FROM deal_event x WHERE x.deal_id = d.id"
        " AND x.kind = 'field' AND x.field = 'expected_close' AND x.at >= d.closed_at"
        " ORDER BY x.at, x.id LIMIT 1)"
    )
    if sqlite:
        return f"NULLIF(COALESCE({edited}, d.expected_close), '')"
    return f"CAST(NULLIF(COALESCE({edited}, CAST(d.expected_close AS TEXT)), '') AS DATE)"


def slip_days(closed_day: str, expected: str, sqlite: bool) -> str:
    """SQL of the whole days from the ``expected`` date to the ``closed_day`` date."""
    if sqlite:
        return f"CAST(julianday({closed_day}) - julianday({expected}) AS INTEGER)"
    return f"({closed_day} - {expected})"


@functools.lru_cache(maxsize=64)
def statements(zone: dt.tzinfo, sqlite: bool, only: str) -> list[str]:
    """Every kind's SELECT, cached (``TallySql.statements``)."""
    return _texts(zone, sqlite, only)


@functools.lru_cache(maxsize=64)
def joined(zone: dt.tzinfo, sqlite: bool, only: str, without: tuple[str, ...] = ()) -> str:
    """Every kind's SELECT but those ``without`` names, as one statement (UNION ALL)."""
    texts = zip(KINDS, statements(zone, sqlite, only), strict=True)
    return " UNION ALL ".join(text for kind, text in texts if kind not in without)


def _texts(zone: dt.tzinfo, sqlite: bool, only: str) -> list[str]:
    """The statements ``TallySql.statements`` returns (see there)."""
    month = lambda column: month_text(local_time(column, zone, sqlite), sqlite)  # noqa: E731
    secs = _whole_seconds("d.created_at", "d.closed_at", sqlite)
    closed_day = local_day("d.closed_at", zone, sqlite)
    slip = slip_days("x.closed_day", "x.expected", sqlite)
    live = f"d.deleted_at IS NULL{only}"
    return [
        # closed: everything the sections about closed deals add up.
        "SELECT 'closed', x.phase_id, x.reason, 0, x.status, x.owner, x.source, x.competitor,"
        f" COUNT(*), {exact_sum('x.value_cents')},"
        " SUM(CASE WHEN x.secs >= 0 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN x.secs >= 0 THEN x.secs ELSE 0 END),"
        " SUM(CASE WHEN x.expected IS NOT NULL THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN x.expected IS NOT NULL AND {slip} > 0 THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN x.expected IS NOT NULL AND {slip} > 0 THEN {slip} ELSE 0 END)"
        " FROM (SELECT d.phase_id AS phase_id, COALESCE(d.reason_id, 0) AS reason,"
        "  d.status AS status, d.owner AS owner, d.source AS source,"
        "  d.competitor AS competitor, d.value_cents AS value_cents,"
        f"  {secs} AS secs,"
        f"  CASE WHEN d.status = '{ACCEPTED}' THEN {expected_at_close(sqlite)} END"
        "   AS expected,"
        f"  {closed_day} AS closed_day"
        f"  FROM deal d WHERE {live} AND d.status <> '{OPEN}'"
        # One row per deal either way; grouped, the subquery is not merged into the outer
        # query, which would work out the expected date once per use (six times a deal).
        "  GROUP BY d.id) x"
        " GROUP BY x.phase_id, x.reason, x.status, x.owner, x.source, x.competitor",
        # created: deals created per local month (the trend).
        f"SELECT 'created', 0, 0, 0, {month('d.created_at')}, '', '', '', COUNT(*),"
        " 0, 0, 0, 0, 0, 0, 0"
        f" FROM deal d WHERE {live} GROUP BY {month('d.created_at')}",
        # closed_month: deals won and lost per local month of their close (the trend).
        f"SELECT 'closed_month', 0, 0, 0, {month('d.closed_at')}, d.status, '', '',"
        f" COUNT(*), {exact_sum('d.value_cents')}, 0, 0, 0, 0, 0"
        f" FROM deal d WHERE {live} AND d.status <> '{OPEN}' AND d.closed_at IS NOT NULL"
        f" GROUP BY {month('d.closed_at')}, d.status",
        # reached: the funnel and the calibration.
        "SELECT 'reached', r.phase_id, 0, 0, d.status, '', '', '', COUNT(*),"
        " 0, 0, 0, 0, 0, 0, 0"
        f" FROM deal_reached r JOIN deal d ON d.id = r.deal_id WHERE {live}"
        " GROUP BY r.phase_id, d.status",
        # pair: of the deals that reached one phase, those that reached another (conversion).
        "SELECT 'pair', a.phase_id, b.phase_id, 0, '', '', '', '', COUNT(*),"
        " 0, 0, 0, 0, 0, 0, 0"
        " FROM deal_reached a JOIN deal_reached b"
        "  ON b.deal_id = a.deal_id AND b.phase_id <> a.phase_id"
        f" JOIN deal d ON d.id = a.deal_id WHERE {live} GROUP BY a.phase_id, b.phase_id",
        # correction: outcomes undone (reopened) or corrected (switched).
        "SELECT 'correction', 0, 0, 0,"
        f" CASE WHEN e.new_value = '{OPEN}' THEN 'reopened' ELSE 'switched' END,"
        " '', '', '', COUNT(*), 0, 0, 0, 0, 0, 0, 0"
        # The events' own deal_id bounded too: by the deal's id alone, SQLite reads every
        # status event for each stretch of deals (ten times slower on 1M deals).
        " FROM deal_event e JOIN deal d ON d.id = e.deal_id"
        f" WHERE {live}{only.replace('d.id', 'e.deal_id')}"
        " AND e.kind = 'status' AND e.field = 'status'"
        f" AND e.old_value IN ('{ACCEPTED}', '{REJECTED}')"
        f" AND e.new_value IN ('{OPEN}', '{ACCEPTED}', '{REJECTED}')"
        f" GROUP BY CASE WHEN e.new_value = '{OPEN}' THEN 'reopened' ELSE 'switched' END",
        # current: deals per phase and status (which phases the report lists).
        "SELECT 'current', d.phase_id, 0, 0, d.status, '', '', '', COUNT(*),"
        " 0, 0, 0, 0, 0, 0, 0"
        f" FROM deal d WHERE {live} GROUP BY d.phase_id, d.status",
        # stay: finished per-deal times in a phase, per whole day (days in phase).
        # (deal_phase_time holds no deleted deal: no need to join ``deal``.)
        "SELECT 'stay', t.phase_id, t.seconds / 86400, 0, '', '', '', '', COUNT(*),"
        " SUM(t.seconds), 0, 0, 0, 0, 0, 0"
        f" FROM deal_phase_time t WHERE t.running_since IS NULL{only.replace('d.id', 't.deal_id')}"
        " GROUP BY t.phase_id, t.seconds / 86400",
    ]
