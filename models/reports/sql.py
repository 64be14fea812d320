"""The SQL behind the management information: one aggregate query per section.

Written as plain SQL because these are reports: a reader (or support staff with ``sqlite3``
or ``psql``) can follow each GROUP BY. The same statements run on SQLite and PostgreSQL; the
three places where the dialects differ (month of a date, days between timestamps, the order
of names) are chosen by ``ReportSql`` from the open database. Every method returns plain
Python numbers.

Days and months are the database's time zone's (setting ``timezone``): the closing period
becomes two UTC bounds computed in Python (``models.domain.periods``), and where a row's own
local day or month is needed, ``ReportSql.local`` shifts the stored UTC time by the offset in
force at that instant, a CASE over the zone's offset changes (none for UTC).

Names (reasons, competitors, owners, sources) that tie on a count are ordered by code point
(``"B" < "_x" < "a" < "Ä"``), on both databases: SQLite compares text byte by byte (UTF-8,
so by code point), and PostgreSQL is told ``COLLATE "C"``, because its default is the
database's collation, which may be linguistic (ICU or ``en_US``: ``"a" < "B"``) and would
give the same data a different JSON. The rule stays in SQL so each ORDER BY reads whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import peewee

from models.domain.periods import days_bounds
from models.domain.probability import weighted_sql
from models.domain.status import Status
from models.operations.settings import database_zone
from models.storage.schema import database_proxy
from models.storage.sql_parts import (
    SECONDS_PER_DAY,
    SPLIT,
    exact_sum,
    joined,
    local_time,
    month_text,
    whole_seconds,
)

if TYPE_CHECKING:
    from models.reports.sections import ReportPhase

# Weighted value of one open deal in cents (``deal d JOIN phase p``), by the domain's rule.
WEIGHTED = weighted_sql()
__all__ = ["SPLIT", "WEIGHTED", "ReportSql", "exact_sum", "joined"]


class ReportSql:
    """Aggregate queries over the deals in one scope (owner, source, closing period)."""

    def __init__(
        self,
        owner: str | None = None,
        source: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        zone: dt.tzinfo | None = None,
    ) -> None:
        self.db = database_proxy.obj
        self.sqlite = isinstance(self.db, peewee.SqliteDatabase)
        # The zone whose days the period and ``local`` count in (default: the setting).
        self.zone: dt.tzinfo = zone if zone is not None else database_zone()
        self.base: list[str] = ["d.deleted_at IS NULL"]
        self.base_params: list[Any] = []
        if owner is not None:
            self.base.append("d.owner = ?")
            self.base_params.append(owner)
        if source is not None:
            self.base.append("d.source = ?")
            self.base_params.append(source)
        self.period: list[str] = []
        self.period_params: list[Any] = []
        start, end = days_bounds(date_from, date_to, self.zone)
        if start is not None:
            self.period.append("d.closed_at >= ?")
            self.period_params.append(start)
        if end is not None:
            self.period.append("d.closed_at < ?")
            self.period_params.append(end)
        self._reached: dict[int, dict[str, int]] | None = None  # see ``reached``

    # -- plumbing ---------------------------------------------------------------------

    def _rows(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        sql = sql.replace("?", self.db.param)
        return list(self.db.execute_sql(sql, params).fetchall())

    def _scope(self, kind: str) -> tuple[str, list[Any]]:
        """WHERE text and parameters for 'open' deals, 'closed' deals or the 'funnel'."""
        conditions, params = list(self.base), list(self.base_params)
        if kind == Status.OPEN:
            conditions.append(f"d.status = '{Status.OPEN}'")
        elif kind == "closed" or (kind == "funnel" and self.period):
            conditions.append(f"d.status <> '{Status.OPEN}'")
            conditions += self.period
            params += self.period_params
        return " AND ".join(conditions), params

    def _month(self, column: str) -> str:
        return month_text(column, self.sqlite)

    def local(self, column: str, within: tuple[dt.datetime, dt.datetime] | None = None) -> str:
        """SQL of a stored UTC timestamp ``column`` as wall time in the report's zone.

        Give it to ``_month`` or a date cast for a row's local month or day; ``within`` as
        ``models.storage.sql_parts.local_time`` takes it (a cheaper CASE for a known range).
        """
        return local_time(column, self.zone, self.sqlite, within)

    def bucket(self, column: str, edges: Sequence[tuple[str, dt.datetime, dt.datetime]]) -> str:
        """SQL giving each row the label of the ``[start, end)`` stretch its ``column`` is in.

        ``edges`` are consecutive stretches of naive UTC time, each ending where the next
        begins (``models.domain.periods.months_bounds`` gives local months so); a time outside
        them all is NULL. A binary search of comparisons, cheaper per row than shifting every
        time to wall time with ``local`` and formatting it.
        """
        if not edges:
            return "NULL"

        def stamp(moment: dt.datetime) -> str:
            return f"'{moment.isoformat(sep=' ')}'"

        def search(low: int, high: int) -> str:
            if high - low == 1:
                label = edges[low][0].replace("'", "''")
                return f"'{label}'"
            middle = (low + high) // 2
            return (
                f"CASE WHEN {column} < {stamp(edges[middle][1])} THEN {search(low, middle)}"
                f" ELSE {search(middle, high)} END"
            )

        return (
            f"CASE WHEN {column} < {stamp(edges[0][1])} OR {column} >= {stamp(edges[-1][2])}"
            f" THEN NULL ELSE {search(0, len(edges))} END"
        )

    def _by_code_point(self, column: str) -> str:
        """``column`` for an ORDER BY that sorts text by code point on both databases."""
        if self.sqlite:
            return column  # SQLite's default BINARY collation already is code-point order
        return f'{column} COLLATE "C"'

    # -- sections ---------------------------------------------------------------------

    def phases(self) -> list[ReportPhase]:
        """Active phases, and archived ones any (not deleted) deal is in or has reached.

        Every phase a deal's history entered is in ``deal_reached``, and so is every phase
        it skipped: archiving a phase that deals only skipped keeps it in the funnel.
        """
        rows = self._rows(
            "SELECT p.id, p.name, p.probability, p.position, p.archived FROM phase p"
            " WHERE NOT p.archived"
            " OR p.id IN (SELECT d.phase_id FROM deal d WHERE d.deleted_at IS NULL)"
            " OR p.id IN (SELECT r.phase_id FROM deal_reached r JOIN deal d ON d.id = r.deal_id"
            "             WHERE d.deleted_at IS NULL)"
            " ORDER BY p.position, p.id",
            [],
        )
        return [_report_phase(r) for r in rows]

    def phases_table(self) -> list[ReportPhase]:
        """Every phase, archived ones too, in board order (``position``, then id)."""
        rows = self._rows(
            "SELECT p.id, p.name, p.probability, p.position, p.archived FROM phase p"
            " ORDER BY p.position, p.id",
            [],
        )
        return [_report_phase(r) for r in rows]

    def pipeline(self) -> list[tuple[int, int, int, int]]:
        """Per phase: open deals, their value and weighted value."""
        where, params = self._scope(Status.OPEN)
        rows = self._rows(
            f"SELECT d.phase_id, COUNT(*), {exact_sum('d.value_cents')}, {exact_sum(WEIGHTED)}"
            f" FROM deal d JOIN phase p ON p.id = d.phase_id WHERE {where} GROUP BY d.phase_id",
            params,
        )
        return [(r[0], int(r[1]), joined(r[2], r[3]), joined(r[4], r[5])) for r in rows]

    def outcomes_by_phase(self) -> list[tuple[int, str, int, int]]:
        """Per phase at close and outcome: closed deals and their value."""
        where, params = self._scope("closed")
        rows = self._rows(
            f"SELECT d.phase_id, d.status, COUNT(*), {exact_sum('d.value_cents')} FROM deal d"
            f" WHERE {where} GROUP BY d.phase_id, d.status",
            params,
        )
        return [(r[0], r[1], int(r[2]), joined(r[3], r[4])) for r in rows]

    def reached(self, phases: list[ReportPhase], *, closed_only: bool) -> dict[int, dict[str, int]]:
        """Per phase, how many deals reached it ('all', and per outcome when closed).

        What a deal reached is recorded when it happens (``deal_reached``: the phase it
        entered and the active phases it skipped, by the order of that moment), so
        reordering, renaming or archiving phases later changes no count here.

        One query serves both calls: the closed deals of the funnel's scope are exactly the
        "closed" scope (without a period the funnel takes every deal, with one only the
        deals closed in it). The rows stream in ``deal_reached``'s (phase, deal) order and
        are counted per status in the same pass, so the database sorts nothing.
        """
        if self._reached is None:
            where, params = self._scope("funnel")
            per_status = ", ".join(
                f"SUM(CASE WHEN d.status = '{status}' THEN 1 ELSE 0 END)" for status in Status
            )
            self._reached = {
                row[0]: {
                    status: int(count or 0) for status, count in zip(Status, row[1:], strict=True)
                }
                for row in self._rows(
                    f"SELECT r.phase_id, {per_status} FROM deal_reached r"
                    f" JOIN deal d ON d.id = r.deal_id WHERE {where} GROUP BY r.phase_id",
                    params,
                )
            }
        result: dict[int, dict[str, int]] = {}
        for phase in phases:
            counted = self._reached.get(phase["id"], {})
            counts: dict[str, int] = {status: counted.get(status, 0) for status in Status}
            if closed_only:
                counts[Status.OPEN] = 0
            result[phase["id"]] = {**counts, "all": sum(counts.values())}
        return result

    def reasons(self) -> list[tuple[str | None, str, int, int]]:
        """Per reason and outcome: closed deals and their value (None = no reason given)."""
        where, params = self._scope("closed")
        rows = self._rows(
            f"SELECT r.name, d.status, COUNT(*), {exact_sum('d.value_cents')} FROM deal d"
            f" LEFT JOIN reason r ON r.id = d.reason_id WHERE {where}"
            " GROUP BY r.name, d.status ORDER BY d.status, COUNT(*) DESC,"
            # "No reason" first on both databases (PostgreSQL sorts NULL last by default).
            f" CASE WHEN r.name IS NULL THEN 0 ELSE 1 END, {self._by_code_point('r.name')}",
            params,
        )
        return [(r[0], r[1], int(r[2]), joined(r[3], r[4])) for r in rows]

    def competitors(self) -> list[tuple[str, int, int]]:
        """Per competitor: lost deals and their value."""
        where, params = self._scope("closed")
        rows = self._rows(
            f"SELECT d.competitor, COUNT(*), {exact_sum('d.value_cents')} FROM deal d"
            f" WHERE {where} AND d.status = '{Status.REJECTED}' AND d.competitor <> ''"
            " GROUP BY d.competitor"
            f" ORDER BY COUNT(*) DESC, {self._by_code_point('d.competitor')}",
            params,
        )
        return [(r[0], int(r[1]), joined(r[2], r[3])) for r in rows]

    def forecast(self, today: dt.date) -> list[tuple[str, int, int]]:
        """Per expected-close month: open deals due ``today`` or later, their weighted value.

        The current month holds only the deals due from ``today`` on; those due earlier are
        overdue (``overdue``), so forecast, overdue and undated deals add up to the pipeline.
        """
        where, params = self._scope(Status.OPEN)
        month = self._month("d.expected_close")
        rows = self._rows(
            f"SELECT {month}, COUNT(*), {exact_sum(WEIGHTED)} FROM deal d"
            f" JOIN phase p ON p.id = d.phase_id"
            f" WHERE {where} AND d.expected_close >= ? GROUP BY {month} ORDER BY {month}",
            [*params, today],
        )
        return [(r[0], int(r[1]), joined(r[2], r[3])) for r in rows]

    def undated(self) -> tuple[int, int]:
        """Open deals without an expected close date: count and weighted value."""
        where, params = self._scope(Status.OPEN)
        row = self._rows(
            f"SELECT COUNT(*), {exact_sum(WEIGHTED)} FROM deal d JOIN phase p ON p.id = d.phase_id"
            f" WHERE {where} AND d.expected_close IS NULL",
            params,
        )[0]
        return int(row[0]), joined(row[1], row[2])

    def overdue(self, today: dt.date) -> tuple[int, int, int]:
        """Open deals expected to close before ``today``: count, value and weighted value."""
        where, params = self._scope(Status.OPEN)
        row = self._rows(
            f"SELECT COUNT(*), {exact_sum('d.value_cents')}, {exact_sum(WEIGHTED)}"
            f" FROM deal d JOIN phase p ON p.id = d.phase_id WHERE {where}"
            " AND d.expected_close < ?",
            [*params, today],
        )[0]
        return int(row[0]), joined(row[1], row[2]), joined(row[3], row[4])

    def win_totals(self) -> tuple[int, int]:
        """Closed deals and how many of them were won."""
        where, params = self._scope("closed")
        row = self._rows(
            f"SELECT COUNT(*), SUM(CASE WHEN d.status = '{Status.ACCEPTED}' THEN 1 ELSE 0 END)"
            f" FROM deal d WHERE {where}",
            params,
        )[0]
        return int(row[0]), int(row[1] or 0)

    def win_by(self, column: str) -> list[tuple[str, int, int]]:
        """Closed and won deals per owner or per source."""
        if column not in ("owner", "source"):
            raise ValueError(column)
        where, params = self._scope("closed")
        rows = self._rows(
            f"SELECT d.{column}, COUNT(*),"
            f" SUM(CASE WHEN d.status = '{Status.ACCEPTED}' THEN 1 ELSE 0 END)"
            f" FROM deal d WHERE {where} GROUP BY d.{column}"
            f" ORDER BY COUNT(*) DESC, {self._by_code_point(f'd.{column}')}",
            params,
        )
        return [(r[0], int(r[1]), int(r[2] or 0)) for r in rows]

    def average_days_to_close(self) -> float | None:
        """Average days from creation to close over the closed deals.

        Days of elapsed time (whole seconds ÷ 86,400), not calendar days, so the time zone
        does not enter: a deal created at 23:00 and closed at 01:00 took 0.08 days, in any
        zone. Whole seconds, so the tallies (``models.storage.tally``) and both databases
        add up the same integers. A deal closed before it was created (a client's clock was
        off; ``dealboard check`` names it) is left out: its negative duration would pull the
        average down.
        """
        where, params = self._scope("closed")
        seconds = whole_seconds("d.created_at", "d.closed_at", self.sqlite)
        row = self._rows(
            f"SELECT COUNT(*), SUM({seconds}) FROM deal d WHERE {where} AND {seconds} >= 0",
            params,
        )[0]
        return int(row[1]) / int(row[0]) / SECONDS_PER_DAY if row[0] else None


def _report_phase(row: tuple[Any, ...]) -> ReportPhase:
    """A phase row (id, name, probability, position, archived) as the report shows it."""
    return {
        "id": row[0],
        "name": row[1],
        "probability": row[2],
        "position": row[3],
        "archived": bool(row[4]),
    }
