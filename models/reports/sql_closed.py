"""The SQL behind the questions about closed deals: where, why, to whom, how fast, how sure.

One aggregate query per section, over the scope of a ``ReportSql`` (owner, source, closing
period) and with its helpers, so these sections filter, sum and order names exactly as the
older ones do (docs/reports.md). Kept beside ``models.reports.sql`` to keep each file short.
"""

from __future__ import annotations

from typing import Any

from models.domain.status import Status
from models.reports.sql import ReportSql, exact_sum, joined
from models.storage.sql_parts import SECONDS_PER_DAY, whole_seconds
from models.storage.tally_statements import expected_at_close


def reasons_by_phase(sql: ReportSql) -> list[tuple[str, str, str | None, int, int]]:
    """Per phase at close, outcome and reason: closed deals and their value.

    Phases in board order; within a phase ordered as ``ReportSql.reasons`` orders its rows.
    """
    where, params = sql._scope("closed")
    rows = sql._rows(
        f"SELECT p.name, d.status, r.name, COUNT(*), {exact_sum('d.value_cents')} FROM deal d"
        " JOIN phase p ON p.id = d.phase_id LEFT JOIN reason r ON r.id = d.reason_id"
        f" WHERE {where} GROUP BY p.position, p.id, p.name, d.status, r.name"
        " ORDER BY p.position, p.id, d.status, COUNT(*) DESC,"
        f" CASE WHEN r.name IS NULL THEN 0 ELSE 1 END, {sql._by_code_point('r.name')}",
        params,
    )
    return [(r[0], r[1], r[2], int(r[3]), joined(r[4], r[5])) for r in rows]


def competitors_by_phase(sql: ReportSql) -> list[tuple[str, str, int, int]]:
    """Per phase at close and competitor: lost deals and their value (board order)."""
    where, params = sql._scope("closed")
    rows = sql._rows(
        f"SELECT p.name, d.competitor, COUNT(*), {exact_sum('d.value_cents')} FROM deal d"
        f" JOIN phase p ON p.id = d.phase_id WHERE {where}"
        f" AND d.status = '{Status.REJECTED}' AND d.competitor <> ''"
        " GROUP BY p.position, p.id, p.name, d.competitor"
        f" ORDER BY p.position, p.id, COUNT(*) DESC, {sql._by_code_point('d.competitor')}",
        params,
    )
    return [(r[0], r[1], int(r[2]), joined(r[3], r[4])) for r in rows]


def days_to_close_groups(sql: ReportSql) -> dict[str, list[tuple[str, int, float]]]:
    """Per owner, source and phase at close: deals behind the average, and the average days.

    Like the overall average, a deal closed before it was created is left out, of the count
    too, so ``closed`` is the number of deals the average is taken over. One scan groups by
    owner, source and phase together; the few groups are then added up per owner, source and
    phase. Owners and sources by count (most first) then code point; phases in board order.
    """
    where, params = sql._scope("closed")
    seconds = whole_seconds("d.created_at", "d.closed_at", sql.sqlite)
    rows = sql._rows(
        f"SELECT d.owner, d.source, p.position, p.id, p.name, COUNT(*), SUM({seconds})"
        f" FROM deal d JOIN phase p ON p.id = d.phase_id WHERE {where} AND {seconds} >= 0"
        " GROUP BY d.owner, d.source, p.position, p.id, p.name",
        params,
    )
    totals: dict[str, dict[Any, list[int]]] = {key: {} for key in ("owner", "source", "phase")}
    for owner, source, position, phase_id, phase, count, total in rows:
        for key, group in (
            ("owner", owner),
            ("source", source),
            ("phase", (position, phase_id, phase)),
        ):
            summed = totals[key].setdefault(group, [0, 0])
            summed[0] += int(count)
            summed[1] += int(total)
    return group_averages(totals)


def group_averages(
    totals: dict[str, dict[Any, list[int]]],
) -> dict[str, list[tuple[str, int, float]]]:
    """Per owner, source and phase: (name, deals, average days) from deals and whole seconds.

    The seconds are added up as integers and divided once, so the scan and the tallies
    (``models.reports.tally_read``) give the same float. Owners and sources by count (most
    first) then code point; phases by the (position, id, name) keys they come with.
    """
    result = {
        key: sorted(
            (
                (name, int(n), seconds / n / SECONDS_PER_DAY)
                for name, (n, seconds) in groups.items()
            ),
            key=lambda row: (-row[1], row[0]),
        )
        for key, groups in totals.items()
        if key != "phase"
    }
    result["phase"] = [
        (name[2], int(n), seconds / n / SECONDS_PER_DAY)
        for name, (n, seconds) in sorted(totals["phase"].items())
    ]
    return result


def corrections(sql: ReportSql) -> tuple[int, int]:
    """Outcomes undone (reopened) and corrected (switched), from the deals' history.

    Counts ``status`` events that leave a closed outcome: to open is a reopen, to the other
    outcome a switch. Owner and source are the deal's (deleted deals count nowhere); the
    period, if any, is on the event's time, not on when the deal closed.
    """
    conditions, params = list(sql.base), list(sql.base_params)
    conditions += [condition.replace("d.closed_at", "e.at") for condition in sql.period]
    params += sql.period_params
    closed = f"('{Status.ACCEPTED}', '{Status.REJECTED}')"
    row = sql._rows(
        f"SELECT SUM(CASE WHEN e.new_value = '{Status.OPEN}' THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN e.new_value IN {closed} THEN 1 ELSE 0 END)"
        " FROM deal_event e JOIN deal d ON d.id = e.deal_id"
        f" WHERE {' AND '.join(conditions)} AND e.kind = 'status' AND e.field = 'status'"
        f" AND e.old_value IN {closed}",
        params,
    )[0]
    return int(row[0] or 0), int(row[1] or 0)


def forecast_accuracy(sql: ReportSql) -> tuple[int, int, float | None]:
    """Won deals that had an expected close date at close, how many closed late, average slip.

    Late: closed (the day of ``closed_at`` in the database's time zone) after the expected
    day; the slip is the whole days between the two, averaged over the late deals (None
    when none was late).
    """
    where, params = sql._scope("closed")
    if sql.sqlite:
        closed_day = f"date({sql.local('d.closed_at')})"
        slip = "(julianday(w.closed_day) - julianday(w.expected))"
    else:
        closed_day = f"CAST({sql.local('d.closed_at')} AS DATE)"
        slip = "(w.closed_day - w.expected)"
    row = sql._rows(
        f"SELECT COUNT(*), SUM(CASE WHEN {slip} > 0 THEN 1 ELSE 0 END),"
        f" AVG(CASE WHEN {slip} > 0 THEN {slip} END)"
        f" FROM (SELECT {closed_day} AS closed_day, {expected_at_close(sql.sqlite)} AS expected"
        f"       FROM deal d WHERE {where} AND d.status = '{Status.ACCEPTED}') w"
        " WHERE w.expected IS NOT NULL",
        params,
    )[0]
    return int(row[0]), int(row[1] or 0), float(row[2]) if row[2] is not None else None
