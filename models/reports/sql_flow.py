"""How deals flow through the phases: conversion to the next phase, and time spent in each.

Both sections use the funnel's scope (all deals, or with a period the deals closed in it;
owner and source filters; soft-deleted deals nowhere) and are aggregated in SQL that runs on
SQLite and PostgreSQL alike (window functions, no dialect beyond ``ReportSql``'s helpers).

- ``conversion``: for each active phase but the last, in today's board order, the deals that
  reached it and, of those, the deals that reached the next active phase. "Reached" is what
  ``deal_reached`` recorded when it happened, never today's order applied to history.
- ``time_in_phase``: from ``deal_stay`` (the stays recorded as deals entered phases, closed
  and reopened; ``models.operations.stay_rows``), the days each deal spent open in a
  phase, summed per deal over all its stays there; then per phase the number of deals, and
  the average and median of those per-deal sums. An open deal's last stay runs up to the end
  of the report's day in the database's time zone (``report_now``), a closed deal's up to
  its close; the time between a close and a reopen counts nowhere. Durations are whole
  seconds, so both databases give the same numbers to the last digit.
"""

from __future__ import annotations

import datetime as dt
import itertools

from models.domain.periods import day_start
from models.reports.sections import ConversionStep, PhaseTime, ReportPhase
from models.reports.sql import ReportSql
from models.storage.sql_parts import SECONDS_PER_DAY, whole_seconds


def report_now(today: dt.date, tz: dt.tzinfo = dt.UTC) -> dt.datetime:
    """The moment open stays are counted up to: the end of the report's day in ``tz``.

    That is the UTC instant (naive, as stored) at which the next local day begins.
    """
    return day_start(today + dt.timedelta(days=1), tz)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _days(seconds: int, deals: int) -> float | None:
    return round(seconds / deals / SECONDS_PER_DAY, 1) if deals else None


def conversion(
    sql: ReportSql, phases: list[ReportPhase], reached: dict[int, dict[str, int]]
) -> list[ConversionStep]:
    """Per active phase but the last (board order): deals that reached it, and the next one.

    ``reached`` is the funnel's count per phase (``ReportSql.reached``, same scope), so the
    two always agree; ``reached_next`` counts the deals among them that also reached the
    next active phase, whenever (a deal created straight in a later phase reached the ones
    it skipped, so it counts in both). One query, driven by ``deal_reached``'s indexes.
    """
    where, params = sql._scope("funnel")
    onward = {
        (phase_id, next_id): int(count)
        for phase_id, next_id, count in sql._rows(
            "SELECT o.id, o.next_id, COUNT(*)"
            " FROM (SELECT p.id AS id, LEAD(p.id) OVER (ORDER BY p.position, p.id) AS next_id"
            "       FROM phase p WHERE NOT p.archived) o"
            " JOIN deal_reached r ON r.phase_id = o.id JOIN deal d ON d.id = r.deal_id"
            " JOIN deal_reached n ON n.deal_id = r.deal_id AND n.phase_id = o.next_id"
            f" WHERE {where} GROUP BY o.id, o.next_id",
            params,
        )
    }
    return conversion_steps(phases, reached, onward)


def conversion_steps(
    phases: list[ReportPhase],
    reached: dict[int, dict[str, int]],
    onward: dict[tuple[int, int], int],
) -> list[ConversionStep]:
    """The conversion rows from the funnel's counts and the deals that reached both phases.

    ``onward`` maps (phase id, next phase id) to the deals that reached both (a pair missing
    is none); the scan and the report tallies (``models.reports.tally_read``) both give it.
    """
    active = [phase for phase in phases if not phase["archived"]]
    steps: list[ConversionStep] = []
    for phase, following in itertools.pairwise(active):
        count = reached[phase["id"]]["all"]
        onward_count = onward.get((phase["id"], following["id"]), 0)
        steps.append(
            {
                "phase": phase["name"],
                "next_phase": following["name"],
                "reached": count,
                "reached_next": onward_count,
                "rate": _rate(onward_count, count),
            }
        )
    return steps


def _seconds(sql: ReportSql, start: str, end: str) -> str:
    """SQL of the whole seconds from ``start`` to ``end`` (timestamps), as an integer."""
    return whole_seconds(start, end, sql.sqlite)


def _moment(sql: ReportSql, now: dt.datetime) -> str:
    """``now`` as an SQL timestamp literal (a value of ours, not user input: no parameter)."""
    text = now.isoformat(sep=" ")
    return f"'{text}'" if sql.sqlite else f"TIMESTAMP '{text}'"


def phase_seconds(sql: ReportSql, now: dt.datetime) -> dict[int, tuple[int, int, int, int]]:
    """Per phase id: deals that stayed in it, their seconds there, the median's parts.

    The median's parts are the sum of the one or two middle per-deal sums and their number.

    Reads ``deal_stay``, the stays the operations recorded as they happened: each stay
    started by ``now`` counts from its start to its end, or to ``now`` if it runs on or ends
    later; a stay of no or negative length counts its deal with no time. The rows are
    summed per deal and phase, then ranked per phase for the median.
    """
    where, params = sql._scope("funnel")
    moment = _moment(sql, now)
    capped = (
        f"CASE WHEN s.ended_at IS NULL OR s.ended_at > {moment} THEN {moment} ELSE s.ended_at END"
    )
    rows = sql._rows(
        "WITH stays AS ("
        "  SELECT s.deal_id AS deal_id, s.phase_id AS phase_id,"
        f"  {_seconds(sql, 's.started_at', capped)} AS seconds"
        "  FROM deal_stay s JOIN deal d ON d.id = s.deal_id"
        f"  WHERE {where} AND s.started_at <= {moment}),"
        " per_deal AS ("
        "  SELECT t.phase_id AS phase_id, t.deal_id AS deal_id,"
        "   SUM(CASE WHEN t.seconds > 0 THEN t.seconds ELSE 0 END) AS seconds"
        "  FROM stays t GROUP BY t.deal_id, t.phase_id),"
        " ranked AS ("
        "  SELECT p.phase_id AS phase_id, p.seconds AS seconds,"
        "   ROW_NUMBER() OVER (PARTITION BY p.phase_id ORDER BY p.seconds) AS place,"
        "   COUNT(*) OVER (PARTITION BY p.phase_id) AS deals"
        "  FROM per_deal p)"
        " SELECT r.phase_id, COUNT(*), SUM(r.seconds),"
        "  SUM(CASE WHEN r.place IN ((r.deals + 1) / 2, (r.deals + 2) / 2) THEN r.seconds"
        "      ELSE 0 END),"
        "  SUM(CASE WHEN r.place IN ((r.deals + 1) / 2, (r.deals + 2) / 2) THEN 1 ELSE 0 END)"
        " FROM ranked r GROUP BY r.phase_id",
        params,
    )
    return {
        phase_id: (int(deals), int(total), int(middle), int(middles))
        for phase_id, deals, total, middle, middles in rows
    }


def time_in_phase(sql: ReportSql, phases: list[ReportPhase], today: dt.date) -> list[PhaseTime]:
    """Per report phase (board order): deals that spent time in it, average and median days."""
    counted = phase_seconds(sql, report_now(today, sql.zone))
    result: list[PhaseTime] = []
    for phase in phases:
        deals, total, middle, middles = counted.get(phase["id"], (0, 0, 0, 0))
        result.append(
            {
                "phase": phase["name"],
                "deals": deals,
                "average_days": _days(total, deals),
                "median_days": _days(middle, middles),
            }
        )
    return result
