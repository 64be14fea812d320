"""Management information (docs/reports.md): in which phase deals are won or lost, and why.

Every number is aggregated in SQL (GROUP BY over ``deal``, ``phase`` and ``deal_event``),
never by loading every deal into Python. ``build_report`` returns one dict with amounts in
integer cents (its shape: ``models.reports.sections.Report``); ``report_to_json`` turns it
into the JSON contract (amounts as exact decimal strings, rates as numbers 0–1 or null). The
command line and the management screen both use these two functions, so they always show the
same numbers.

Scope rules (also in the README):
- Soft-deleted deals count nowhere; ``owner`` and ``source`` filter every section.
- The period (``date_from``/``date_to`` on ``closed_at``, inclusive) selects closed deals;
  its days are the database's time zone's (setting ``timezone``), as are all days here.
  Sections about closed deals use it; "pipeline now", the forecast and overdue are about
  open deals today and ignore it.
- "Today" is ``ReportFilter.today``, else the date of ``utcnow()`` in the database's time
  zone (tests inject it). An open deal expected to close before today is overdue; the
  forecast lists the months from today's on, the current month only with the deals due
  today or later. Overdue, forecast and ``forecast_undated`` split the open deals, so their
  weighted values add up to the pipeline's. The funnel counts all deals, or, with a period,
  the deals closed in it.
- Weighted value is rounded half up to the cent per deal, so the phases add up to the total.
- ``corrections`` counts history events (reopens, switches of outcome); the period applies
  to when they happened. ``forecast_accuracy`` judges a won deal by the expected close date
  it had when it closed (``models.reports.sql_closed``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from models.domain.errors import ValidationError
from models.domain.i18n import N_, _
from models.domain.periods import local_date
from models.domain.status import Status
from models.domain.validation import cents_to_decimal_string, parse_date, shown, whole_number
from models.operations.history import utcnow
from models.operations.settings import get_settings
from models.reports.calibration import calibration_interval
from models.reports.pipeline import pipeline_section
from models.reports.sections import (
    Calibration,
    CompetitorCount,
    DaysToClose,
    ForecastMonth,
    FunnelStep,
    PhaseOutcomes,
    Pipeline,
    ReasonCount,
    Report,
    ReportFilters,
)
from models.reports.sql import ReportSql
from models.reports.sql_closed import (
    competitors_by_phase,
    corrections,
    days_to_close_groups,
    forecast_accuracy,
    reasons_by_phase,
)
from models.reports.sql_flow import conversion, time_in_phase
from models.reports.tally_read import TallyReader
from models.reports.trend import DEFAULT_MONTHS, MAX_MONTHS, trend
from models.storage.schema import Deal

DEFAULT_MIN_DEALS = 10


@dataclass(frozen=True)
class ReportFilter:
    """Which deals a report looks at."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    owner: str | None = None
    source: str | None = None
    min_deals: int = DEFAULT_MIN_DEALS
    today: dt.date | None = None
    months: int = DEFAULT_MONTHS

    def as_dict(self) -> ReportFilters:
        """The filter as JSON-ready values."""
        return {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "owner": self.owner,
            "source": self.source,
            "min_deals": self.min_deals,
        }


# An owner or source no deal has: the message, by field and whether any are known.
UNKNOWN = {
    ("owner", False): N_("No deal has owner {value}."),
    ("owner", True): N_("No deal has owner {value}; known: {known}."),
    ("source", False): N_("No deal has source {value}."),
    ("source", True): N_("No deal has source {value}; known: {known}."),
}


def make_filter(
    date_from: str | None = None,
    date_to: str | None = None,
    owner: str | None = None,
    source: str | None = None,
    min_deals: object = DEFAULT_MIN_DEALS,
    today: dt.date | None = None,
    months: object = DEFAULT_MONTHS,
) -> ReportFilter:
    """Check user input for a report's filter; an unknown owner or source is refused."""
    start = parse_date(date_from, "from") if date_from else None
    end = parse_date(date_to, "to") if date_to else None
    if start and end and start > end:
        raise ValidationError(
            "from",
            _("The period starts ({start}) after it ends ({end}).").format(start=start, end=end),
        )
    number = whole_number(min_deals)
    if number is None or not 1 <= number <= 10**6:
        raise ValidationError(
            "min_deals", _("The minimum number of deals must be a whole number of 1 or more.")
        )
    span = whole_number(months)
    if span is None or not 1 <= span <= MAX_MONTHS:
        raise ValidationError(
            "months",
            _("The number of months must be a whole number from 1 to {max_months}.").format(
                max_months=MAX_MONTHS
            ),
        )
    for field, value in (("owner", owner), ("source", source)):
        if value is not None and not _exists(field, value):
            known = _known(field)
            listed = ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
            message = UNKNOWN[field, bool(known)]
            raise ValidationError(field, _(message).format(value=shown(value), known=listed))
    return ReportFilter(start, end, owner, source, number, today, months=span)


def _exists(field: str, value: str) -> bool:
    column = getattr(Deal, field)
    return Deal.select().where(column == value, Deal.deleted_at.is_null()).exists()


def _known(field: str) -> list[str]:
    column = getattr(Deal, field)
    query = (
        Deal.select(column)
        .where(column != "", Deal.deleted_at.is_null())
        .distinct()
        .order_by(column)
    )
    return list(query.scalars())


def _rate(won: int, closed: int) -> float | None:
    return round(won / closed, 4) if closed else None


def build_pipeline(flt: ReportFilter | None = None) -> Pipeline:
    """The pipeline section alone, as ``build_report`` computes it (the screen's first tab)."""
    flt = flt or ReportFilter()
    sql = ReportSql(flt.owner, flt.source, flt.date_from, flt.date_to)
    return pipeline_section(sql, sql.phases())


def _tally_reader(flt: ReportFilter, sql: ReportSql) -> TallyReader | None:
    """The tallies' reader when they can answer ``flt``: no filter, tallies current."""
    if flt.owner is not None or flt.source is not None or flt.date_from or flt.date_to:
        return None
    name = getattr(sql.zone, "key", None)
    if name is None or not TallyReader.usable(name):
        return None
    return TallyReader(sql.zone)


def build_report(flt: ReportFilter | None = None) -> Report:
    """Compute every section of the management information for ``flt`` (amounts in cents)."""
    flt = flt or ReportFilter()
    sql = ReportSql(flt.owner, flt.source, flt.date_from, flt.date_to)
    today = flt.today or local_date(utcnow(), sql.zone)
    tallied = _tally_reader(flt, sql)
    if tallied is not None:
        sql = tallied
    phases = sql.phases()

    pipeline = pipeline_section(sql, phases)

    outcomes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for phase_id, status, count, value in sql.outcomes_by_phase():
        outcomes[phase_id][f"{status}_count"] += count
        outcomes[phase_id][f"{status}_value"] += value
    outcomes_by_phase: list[PhaseOutcomes] = [
        {
            "phase": phase["name"],
            "probability": phase["probability"],
            "accepted_count": outcomes[phase["id"]]["accepted_count"],
            "accepted_value": outcomes[phase["id"]]["accepted_value"],
            "rejected_count": outcomes[phase["id"]]["rejected_count"],
            "rejected_value": outcomes[phase["id"]]["rejected_value"],
        }
        for phase in phases
    ]

    reached = sql.reached(phases, closed_only=False)
    first = reached[phases[0]["id"]]["all"] if phases else 0
    funnel: list[FunnelStep] = [
        {
            "phase": phase["name"],
            "reached": reached[phase["id"]]["all"],
            "share": _rate(reached[phase["id"]]["all"], first),
        }
        for phase in phases
    ]

    reached_closed = sql.reached(phases, closed_only=True)
    calibration: list[Calibration] = []
    for phase in phases:
        counts = reached_closed[phase["id"]]
        closed = counts[Status.ACCEPTED] + counts[Status.REJECTED]
        won, too_few = counts[Status.ACCEPTED], closed < flt.min_deals
        calibration.append(
            {
                "phase": phase["name"],
                "probability": phase["probability"],
                "closed": closed,
                "won": won,
                "actual_win_rate": _rate(won, closed),
                "too_few": too_few,
                **calibration_interval(phase["probability"], won, closed, too_few),
            }
        )

    reasons: list[ReasonCount] = [
        {"reason": name, "outcome": status, "count": count, "value": value}
        for name, status, count, value in sql.reasons()
    ]
    competitors: list[CompetitorCount] = [
        {"competitor": name, "count": count, "value": value}
        for name, count, value in sql.competitors()
    ]
    forecast: list[ForecastMonth] = [
        {"month": month, "open_count": count, "weighted_value": weighted}
        for month, count, weighted in sql.forecast(today)
    ]
    undated_count, undated_weighted = sql.undated()
    overdue_count, overdue_value, overdue_weighted = sql.overdue(today)

    overall_closed, overall_won = sql.win_totals()
    days = sql.average_days_to_close()
    groups = tallied.days_to_close_groups() if tallied else days_to_close_groups(sql)
    days_to_close: DaysToClose = {
        "average": round(days, 1) if days is not None else None,
        "by_owner": [
            {"owner": name, "closed": closed, "average": round(average, 1)}
            for name, closed, average in groups["owner"]
        ],
        "by_source": [
            {"source": name, "closed": closed, "average": round(average, 1)}
            for name, closed, average in groups["source"]
        ],
        "by_phase": [
            {"phase": name, "closed": closed, "average": round(average, 1)}
            for name, closed, average in groups["phase"]
        ],
    }
    with_date, late, slip = tallied.forecast_accuracy() if tallied else forecast_accuracy(sql)
    reopened, switched = tallied.corrections() if tallied else corrections(sql)
    settings = get_settings()
    return {
        "currency": settings["currency"],
        "filters": flt.as_dict(),
        "pipeline": pipeline,
        "outcomes_by_phase": outcomes_by_phase,
        "funnel": funnel,
        "calibration": calibration,
        "conversion": (
            tallied.conversion(phases, reached) if tallied else conversion(sql, phases, reached)
        ),
        "time_in_phase": (
            tallied.time_in_phase(phases, today) if tallied else time_in_phase(sql, phases, today)
        ),
        "reasons": reasons,
        "competitors": competitors,
        "reasons_by_phase": [
            {"phase": phase, "outcome": status, "reason": name, "count": count, "value": value}
            for phase, status, name, count, value in (
                tallied.reasons_by_phase() if tallied else reasons_by_phase(sql)
            )
        ],
        "competitors_by_phase": [
            {"phase": phase, "competitor": name, "count": count, "value": value}
            for phase, name, count, value in (
                tallied.competitors_by_phase() if tallied else competitors_by_phase(sql)
            )
        ],
        "forecast": forecast,
        "forecast_undated": {"open_count": undated_count, "weighted_value": undated_weighted},
        "overdue": {
            "count": overdue_count,
            "value": overdue_value,
            "weighted_value": overdue_weighted,
        },
        "win_rate": {
            "overall": {
                "closed": overall_closed,
                "won": overall_won,
                "rate": _rate(overall_won, overall_closed),
            },
            "by_owner": [
                {"owner": owner, "closed": closed, "won": won, "rate": _rate(won, closed)}
                for owner, closed, won in sql.win_by("owner")
            ],
            "by_source": [
                {"source": source, "closed": closed, "won": won, "rate": _rate(won, closed)}
                for source, closed, won in sql.win_by("source")
            ],
        },
        "days_to_close": days_to_close,
        "forecast_accuracy": {
            "won_with_date": with_date,
            "won_late": late,
            "average_slip_days": round(slip, 1) if slip is not None else None,
        },
        "corrections": {"reopened": reopened, "switched": switched},
        "trend": (
            tallied.trend(today, flt.months)
            if tallied
            else trend(sql, today, flt.months, flt.date_from, flt.date_to)
        ),
    }


# Keys whose values are amounts in cents (turned into decimal strings for JSON and CSV).
MONEY_KEYS = frozenset(
    {
        "open_value",
        "weighted_value",
        "accepted_value",
        "rejected_value",
        "value",
        "won_value",
        "lost_value",
        "average_won_value",
    }
)


def report_to_json(report: Report) -> dict[str, Any]:
    """Return the report with every amount as an exact decimal string ("12500.00")."""

    def convert(node: Any, key: str | None = None) -> Any:
        if isinstance(node, dict):
            return {k: convert(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [convert(item) for item in node]
        if key in MONEY_KEYS and isinstance(node, int) and not isinstance(node, bool):
            return cents_to_decimal_string(node)
        return node

    return convert(report)
