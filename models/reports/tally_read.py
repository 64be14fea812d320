"""The management report over the whole database, read from the report tallies.

``models.storage.tally`` keeps the sums each section needs as deals change; ``TallyReader``
answers the same questions as ``ReportSql`` and the section functions beside it, from those
rows, for a report without filters (an owner, a source or a period asks the deals: the
tallies are not split that way). What concerns open deals now — pipeline, forecast,
overdue — is still read from the deals, a quarter of them at most. Every method returns what
its scanning counterpart returns, to the digit; tests/models/reports/test_report_tally.py
holds them side by side.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from models.domain.status import Status
from models.reports.sections import ConversionStep, PhaseTime, ReportPhase, TrendMonth
from models.reports.sql import ReportSql
from models.reports.sql_closed import group_averages
from models.reports.sql_flow import _days, _moment, conversion_steps, report_now, time_in_phase
from models.reports.trend import _average, trend_months
from models.storage import tally
from models.storage.schema import database_proxy
from models.storage.sql_parts import SECONDS_PER_DAY, joined, whole_seconds

Row = tuple[Any, ...]  # kind, k1, k2, k3, t1, t2, t3, t4, n, m1 … m7
KIND, K1, K2, K3, T1, T2, T3, T4, N, M1, M2, M3, M4, M5, M6, M7 = range(16)


class TallyReader(ReportSql):
    """``ReportSql`` for the whole database, its closed-deal sections read from the tallies."""

    def __init__(self, zone: dt.tzinfo) -> None:
        super().__init__(zone=zone)
        self.rows: dict[str, list[Row]] = defaultdict(list)
        for row in tally.read(self.db, ("closed", "created", "closed_month", "reached", "pair", "correction", "current", "stay")):  # fmt: skip
            self.rows[row[KIND]].append(row)
        self.reasons_by_id = dict(self._rows("SELECT id, name FROM reason", []))
        self._phases: list[ReportPhase] | None = None
        self._table: list[ReportPhase] | None = None

    def phases_table(self) -> list[ReportPhase]:
        """Every phase, archived ones too, in board order (read once)."""
        if self._table is None:
            self._table = super().phases_table()
        return self._table

    @classmethod
    def usable(cls, zone_name: str) -> bool:
        """Whether the open database's tallies are current for ``zone_name``."""
        return tally.tallies_usable(database_proxy.obj, zone_name)

    # -- what ReportSql answers ---------------------------------------------------------

    def phases(self) -> list[ReportPhase]:
        """Active phases, and archived ones any (not deleted) deal is in or has reached."""
        if self._phases is None:
            used = {row[K1] for kind in ("current", "reached") for row in self.rows[kind]}
            self._phases = [
                phase
                for phase in self.phases_table()
                if not phase["archived"] or phase["id"] in used
            ]
        return self._phases

    def outcomes_by_phase(self) -> list[tuple[int, str, int, int]]:
        """Per phase at close and outcome: closed deals and their value."""
        sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in self.rows["closed"]:
            summed = sums[(row[K1], row[T1])]
            summed[0] += row[N]
            summed[1] += joined(row[M1], row[M2])
        return [(phase, status, n, value) for (phase, status), (n, value) in sums.items()]

    def reached(self, phases: list[ReportPhase], *, closed_only: bool) -> dict[int, dict[str, int]]:
        """Per phase, how many deals reached it ('all', and per outcome when closed)."""
        counted: dict[int, dict[str, int]] = defaultdict(dict)
        for row in self.rows["reached"]:
            counted[row[K1]][row[T1]] = counted[row[K1]].get(row[T1], 0) + row[N]
        result: dict[int, dict[str, int]] = {}
        for phase in phases:
            counts: dict[str, int] = {
                status: counted[phase["id"]].get(status, 0) for status in Status
            }
            if closed_only:
                counts[Status.OPEN] = 0
            result[phase["id"]] = {**counts, "all": sum(counts.values())}
        return result

    def _reason(self, reason_id: int) -> str | None:
        return self.reasons_by_id.get(reason_id) if reason_id else None

    def reasons(self) -> list[tuple[str | None, str, int, int]]:
        """Per reason and outcome: closed deals and their value (None = no reason given)."""
        sums: dict[tuple[str | None, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in self.rows["closed"]:
            summed = sums[(self._reason(row[K2]), row[T1])]
            summed[0] += row[N]
            summed[1] += joined(row[M1], row[M2])
        ordered = sorted(
            sums.items(),
            key=lambda item: (item[0][1], -item[1][0], item[0][0] is not None, item[0][0] or ""),
        )
        return [(name, status, n, value) for (name, status), (n, value) in ordered]

    def competitors(self) -> list[tuple[str, int, int]]:
        """Per competitor: lost deals and their value."""
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in self.rows["closed"]:
            if row[T1] == Status.REJECTED and row[T4] != "":
                sums[row[T4]][0] += row[N]
                sums[row[T4]][1] += joined(row[M1], row[M2])
        ordered = sorted(sums.items(), key=lambda item: (-item[1][0], item[0]))
        return [(name, n, value) for name, (n, value) in ordered]

    def win_totals(self) -> tuple[int, int]:
        """Closed deals and how many of them were won."""
        closed = sum(row[N] for row in self.rows["closed"])
        won = sum(row[N] for row in self.rows["closed"] if row[T1] == Status.ACCEPTED)
        return closed, won

    def win_by(self, column: str) -> list[tuple[str, int, int]]:
        """Closed and won deals per owner or per source."""
        index = {"owner": T2, "source": T3}[column]
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in self.rows["closed"]:
            sums[row[index]][0] += row[N]
            if row[T1] == Status.ACCEPTED:
                sums[row[index]][1] += row[N]
        ordered = sorted(sums.items(), key=lambda item: (-item[1][0], item[0]))
        return [(name, n, won) for name, (n, won) in ordered]

    def average_days_to_close(self) -> float | None:
        """Average days from creation to close over the closed deals (whole seconds)."""
        deals = sum(row[M3] for row in self.rows["closed"])
        seconds = sum(row[M4] for row in self.rows["closed"])
        return seconds / deals / SECONDS_PER_DAY if deals else None

    # -- what the section functions answer ----------------------------------------------

    def reasons_by_phase(self) -> list[tuple[str, str, str | None, int, int]]:
        """Per phase at close, outcome and reason: closed deals and their value."""
        sums: dict[tuple[int, str, str | None], list[int]] = defaultdict(lambda: [0, 0])
        for row in self.rows["closed"]:
            summed = sums[(row[K1], row[T1], self._reason(row[K2]))]
            summed[0] += row[N]
            summed[1] += joined(row[M1], row[M2])
        order = self._phase_order()
        ordered = sorted(
            sums.items(),
            key=lambda item: (
                order[item[0][0]][:2],
                item[0][1],
                -item[1][0],
                item[0][2] is not None,
                item[0][2] or "",
            ),
        )
        return [
            (order[phase][2], status, name, n, value)
            for (phase, status, name), (n, value) in ordered
        ]

    def competitors_by_phase(self) -> list[tuple[str, str, int, int]]:
        """Per phase at close and competitor: lost deals and their value (board order)."""
        sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
        for row in self.rows["closed"]:
            if row[T1] == Status.REJECTED and row[T4] != "":
                sums[(row[K1], row[T4])][0] += row[N]
                sums[(row[K1], row[T4])][1] += joined(row[M1], row[M2])
        order = self._phase_order()
        ordered = sorted(
            sums.items(), key=lambda item: (order[item[0][0]][:2], -item[1][0], item[0][1])
        )
        return [(order[phase][2], name, n, value) for (phase, name), (n, value) in ordered]

    def days_to_close_groups(self) -> dict[str, list[tuple[str, int, float]]]:
        """Per owner, source and phase at close: deals behind the average, and the average."""
        totals: dict[str, dict[Any, list[int]]] = {key: {} for key in ("owner", "source", "phase")}
        order = self._phase_order()
        for row in self.rows["closed"]:
            if not row[M3]:
                continue
            for key, group in (("owner", row[T2]), ("source", row[T3]), ("phase", order[row[K1]])):
                summed = totals[key].setdefault(group, [0, 0])
                summed[0] += row[M3]
                summed[1] += row[M4]
        return group_averages(totals)

    def forecast_accuracy(self) -> tuple[int, int, float | None]:
        """Won deals with an expected date at close, how many closed late, average slip."""
        dated = sum(row[M5] for row in self.rows["closed"])
        late = sum(row[M6] for row in self.rows["closed"])
        slip = sum(row[M7] for row in self.rows["closed"])
        return dated, late, slip / late if late else None

    def corrections(self) -> tuple[int, int]:
        """Outcomes undone (reopened) and corrected (switched)."""
        counts = {row[T1]: row[N] for row in self.rows["correction"]}
        return counts.get("reopened", 0), counts.get("switched", 0)

    def conversion(
        self, phases: list[ReportPhase], reached: dict[int, dict[str, int]]
    ) -> list[ConversionStep]:
        """Per active phase but the last (board order): deals that reached it, and the next."""
        pairs = {(row[K1], row[K2]): row[N] for row in self.rows["pair"]}
        return conversion_steps(phases, reached, pairs)

    def trend(self, today: dt.date, months: int) -> list[TrendMonth]:
        """Per month of ``trend_months``: deals created, won and lost (amounts in cents)."""
        listed = trend_months(today, months)
        created = {row[T1]: row[N] for row in self.rows["created"]}
        closed: dict[tuple[str, str], tuple[int, int]] = {
            (row[T1], row[T2]): (row[N], joined(row[M1], row[M2]))
            for row in self.rows["closed_month"]
        }
        result: list[TrendMonth] = []
        for month in listed:
            won, won_value = closed.get((month, Status.ACCEPTED), (0, 0))
            lost, lost_value = closed.get((month, Status.REJECTED), (0, 0))
            result.append(
                {
                    "month": month,
                    "created": created.get(month, 0),
                    "won_count": won,
                    "won_value": won_value,
                    "lost_count": lost,
                    "lost_value": lost_value,
                    "win_rate": round(won / (won + lost), 4) if won + lost else None,
                    "average_won_value": _average(won_value, won),
                }
            )
        return result

    def time_in_phase(self, phases: list[ReportPhase], today: dt.date) -> list[PhaseTime]:
        """Per report phase: deals that spent time in it, average and median days.

        The finished per-deal times come from the ``stay`` tally (per whole day) and, for
        the one or two days the median falls in, from ``deal_phase_time``; the running ones
        are counted up to ``now`` here. A stay that starts or ends after ``now`` (a clock
        ahead, or a report about an earlier day) is capped by the scan: then it scans.
        """
        now = report_now(today, self.zone)
        later = self._rows(
            "SELECT COUNT(*) FROM (SELECT 1 FROM deal_phase_time WHERE latest > ? LIMIT 1) x",
            [now],
        )[0][0]
        if later:
            return time_in_phase(self, phases, today)
        running = (
            f"SELECT t.phase_id, t.seconds + CASE WHEN {self._since(now)} > 0"
            f" THEN {self._since(now)} ELSE 0 END"
            " FROM deal_phase_time t WHERE t.running_since IS NOT NULL"
        )
        days: dict[int, dict[int, list[int]]] = defaultdict(dict)  # phase → day → [n, s]
        for row in self.rows["stay"]:
            days[row[K1]][row[K2]] = [row[N], row[M1]]
        # The running times, a few per open deal, all at once: one pass over their index.
        running_values: dict[tuple[int, int], list[int]] = defaultdict(list)
        for phase_id, value in self._rows(running, []):
            seconds = int(value)
            day = seconds // SECONDS_PER_DAY
            running_values[(phase_id, day)].append(seconds)
            summed = days[phase_id].setdefault(day, [0, 0])
            summed[0] += 1
            summed[1] += seconds
        wanted: dict[int, tuple[int, int, list[tuple[int, int, int]]]] = {}
        for phase_id, per_day in days.items():
            deals = sum(n for n, _ in per_day.values())
            places = sorted({(deals + 1) // 2, (deals + 2) // 2})
            located: list[tuple[int, int, int]] = []  # (place, day, place within the day)
            seen = 0
            for day in sorted(per_day):
                n = per_day[day][0]
                located += [
                    (place, day, place - seen) for place in places if seen < place <= seen + n
                ]
                seen += n
            wanted[phase_id] = (deals, sum(s for _, s in per_day.values()), located)
        values = self._values_on_days(running_values, wanted)
        result: list[PhaseTime] = []
        for phase in phases:
            deals, total, located = wanted.get(phase["id"], (0, 0, []))
            middle = sum(values[(phase["id"], day)][within - 1] for _, day, within in located)
            result.append(
                {
                    "phase": phase["name"],
                    "deals": deals,
                    "average_days": _days(total, deals),
                    "median_days": _days(middle, len(located)),
                }
            )
        return result

    # -- plumbing ----------------------------------------------------------------------

    def _since(self, now: dt.datetime) -> str:
        return whole_seconds("t.running_since", _moment(self, now), self.sqlite)

    def _values_on_days(
        self,
        running: dict[tuple[int, int], list[int]],
        wanted: dict[int, tuple[int, int, list[tuple[int, int, int]]]],
    ) -> dict[tuple[int, int], list[int]]:
        """Every per-deal time on the days the medians fall on, sorted, per (phase, day)."""
        values: dict[tuple[int, int], list[int]] = {}
        for phase, (_, _, located) in wanted.items():
            for _, day, _ in located:
                if (phase, day) in values:
                    continue
                finished = self._rows(
                    "SELECT t.seconds FROM deal_phase_time t WHERE t.running_since IS NULL"
                    " AND t.phase_id = ? AND t.seconds >= ? AND t.seconds < ?",
                    [phase, day * SECONDS_PER_DAY, (day + 1) * SECONDS_PER_DAY],
                )
                found = [int(row[0]) for row in finished] + running.get((phase, day), [])
                values[(phase, day)] = sorted(found)
        return values

    def _phase_order(self) -> dict[int, tuple[int, int, str]]:
        """Every phase's (position, id, name), archived ones too."""
        return {
            phase["id"]: (phase["position"], phase["id"], phase["name"])
            for phase in self.phases_table()
        }
