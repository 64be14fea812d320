"""The pipeline as it stood at the end of a past day, rebuilt from the history in SQL.

"What did our pipeline look like on 1 October?" A deal counts when it was created before the
end of that day, was not deleted then, and its status then was open; it counts with the
phase, value and probability override it had then. Everything comes from ``deal_event``:

- The phase: the phase of the last ``created``/``phase`` event before the boundary (those
  events carry the id of the phase entered).
- Status, deletion, value, override, owner and source: the *old* value of the first change
  of each after the boundary, else the deal's value today. The history records every change
  as old → new, so the value just before the next change is the value at the boundary; this
  needs only the events after the boundary, and no event means it never changed since.

One statement per report: a window function numbers the changes after the boundary per
deal and item, and each deal's phase is one look-up in the ``deal_event (deal_id, at)``
index (a correlated subquery, not a join: PostgreSQL misjudges the size of a windowed
join and chose a nested loop that ran for minutes on 100k deals). Nothing is loaded into
Python per deal. The phase's own probability is today's: phase configuration is not part of
the history. Owner and source filter on the deal's owner and source at the boundary.
The boundary is the end of the day in the database's time zone (``day_end``), the same days
as every other period of the reports.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict, cast

from models.domain.errors import ValidationError
from models.domain.i18n import _
from models.domain.periods import days_bounds, local_date
from models.domain.probability import weighted_sql
from models.domain.status import Status
from models.domain.validation import parse_date
from models.operations.history import utcnow
from models.operations.settings import database_zone, get_settings
from models.reports.csv_export import report_csv
from models.reports.management import report_to_json
from models.reports.sections import OpenTotals, Pipeline, PipelinePhase, Section
from models.reports.sql import exact_sum, joined
from models.storage.schema import database_proxy

if TYPE_CHECKING:
    from models.reports.sections import Report


class AsOfFilters(TypedDict):
    """The filters of an as-of report as the JSON shows them."""

    owner: str | None
    source: str | None


class AsOfReport(TypedDict):
    """The pipeline at the end of ``as_of`` (amounts in cents), like the report's ``pipeline``."""

    as_of: str
    currency: str
    filters: AsOfFilters
    pipeline: Pipeline


def day_end(day: dt.date, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The stored-time (naive UTC) instant at which ``day`` ends: the next day's start.

    Days are the database's time zone's (setting ``timezone``) unless ``tz`` is given. Every
    as-of query compares history times with this one value (before it: then; from it on:
    later), so the boundary is decided here only.
    """
    end = days_bounds(day, day, tz if tz is not None else database_zone())[1]
    assert end is not None  # a closed range of days always has an end
    return end


# The history events that change what the as-of pipeline reads, and the name of the thing
# each one changes ("item"): the status, deletion, or an edited field.
_CHANGES = (
    "(e.kind IN ('status', 'deleted', 'restored')"
    " OR (e.kind = 'field' AND e.field IN ('value', 'probability_override', 'owner', 'source')))"
)
_ITEM = (
    "CASE WHEN e.kind = 'status' THEN 'status'"
    " WHEN e.kind IN ('deleted', 'restored') THEN 'deleted' ELSE e.field END"
)


def _undone(item: str) -> str:
    """Two columns per item: whether it changed after the boundary, and its old value."""
    return (
        f"MAX(CASE WHEN item = '{item}' THEN 1 ELSE 0 END) AS has_{item},"
        f" MAX(CASE WHEN item = '{item}' THEN old_value END) AS old_{item}"
    )


def _state_sql() -> str:
    """Each deal created before the boundary, with its phase, status and fields at it.

    Parameters: the boundary five times (later changes, the phase entered before it, the
    fallbacks of a deal closed or deleted without history, created before it).
    """
    items = ("status", "value", "probability_override", "owner", "source")
    return (
        "WITH later AS ("
        f"  SELECT e.deal_id, {_ITEM} AS item, e.kind, e.old_value,"
        f"   ROW_NUMBER() OVER (PARTITION BY e.deal_id, {_ITEM} ORDER BY e.at, e.id) AS n"
        f"  FROM deal_event e WHERE e.at >= ? AND {_CHANGES}"
        "), undone AS ("
        f"  SELECT deal_id, {', '.join(_undone(item) for item in items)},"
        "   MAX(CASE WHEN item = 'deleted' THEN 1 ELSE 0 END) AS has_deleted,"
        "   MAX(CASE WHEN item = 'deleted' AND kind = 'restored' THEN 1 ELSE 0 END) AS was_deleted"
        "  FROM later WHERE n = 1 GROUP BY deal_id"
        "), state AS ("
        "  SELECT d.id, COALESCE((SELECT e.phase_id FROM deal_event e"
        "    WHERE e.deal_id = d.id AND e.at < ? AND e.kind IN ('created', 'phase')"
        "    AND e.phase_id IS NOT NULL ORDER BY e.at DESC, e.id DESC LIMIT 1),"
        "   d.phase_id) AS phase_id,"
        "   CASE WHEN u.has_status = 1 THEN u.old_status"
        f"    WHEN d.status <> '{Status.OPEN}' AND d.closed_at >= ? THEN '{Status.OPEN}'"
        "    ELSE d.status END AS status,"
        "   CASE WHEN u.has_deleted = 1 THEN u.was_deleted"
        "    WHEN d.deleted_at IS NULL OR d.deleted_at >= ? THEN 0 ELSE 1 END AS deleted,"
        "   CASE WHEN u.has_value = 1 THEN CAST(REPLACE(u.old_value, '.', '') AS BIGINT)"
        "    ELSE d.value_cents END AS value_cents,"
        "   CASE WHEN u.has_probability_override = 1"
        "    THEN CAST(u.old_probability_override AS INTEGER)"
        "    ELSE d.probability_override END AS probability_override,"
        "   CASE WHEN u.has_owner = 1 THEN COALESCE(u.old_owner, '') ELSE d.owner END AS owner,"
        "   CASE WHEN u.has_source = 1 THEN COALESCE(u.old_source, '') ELSE d.source END"
        "    AS source"
        "  FROM deal d"
        "  LEFT JOIN undone u ON u.deal_id = d.id"
        "  WHERE d.created_at < ?"
        ")"
    )


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    db = database_proxy.obj
    return list(db.execute_sql(sql.replace("?", db.param), params).fetchall())


def pipeline_rows(
    boundary: dt.datetime, owner: str | None = None, source: str | None = None
) -> list[tuple[int, int, int, int]]:
    """Per phase id: open deals at ``boundary``, their value and weighted value (cents)."""
    weighted = weighted_sql("s.value_cents", "s.probability_override", "p.probability")
    conditions = [f"s.status = '{Status.OPEN}'", "s.deleted = 0"]
    params: list[Any] = [boundary] * 5
    if owner is not None:
        conditions.append("s.owner = ?")
        params.append(owner)
    if source is not None:
        conditions.append("s.source = ?")
        params.append(source)
    sql = (
        f"{_state_sql()} SELECT s.phase_id, COUNT(*), {exact_sum('s.value_cents')},"
        f" {exact_sum(weighted)} FROM state s JOIN phase p ON p.id = s.phase_id"
        f" WHERE {' AND '.join(conditions)} GROUP BY s.phase_id"
    )
    return [(r[0], int(r[1]), joined(r[2], r[3]), joined(r[4], r[5])) for r in _rows(sql, params)]


def check_as_of(text: str, today: dt.date | None = None) -> dt.date:
    """The day of ``--as-of``: a valid date, not in the future, not before the first deal."""
    day = parse_date(text, "as_of")
    if day is None:
        raise ValidationError("as_of", _("Give the day as YYYY-MM-DD."))
    zone = database_zone()
    today = today or local_date(utcnow(), zone)
    if day > today:
        raise ValidationError(
            "as_of",
            _(
                "{day} is in the future (today is {today}); a pipeline can only be rebuilt for today or a day before it."
            ).format(day=day, today=today),
        )
    first = _rows("SELECT MIN(created_at) FROM deal", [])[0][0]
    if first is None:
        raise ValidationError("as_of", _("There are no deals yet, so there is no past pipeline."))
    if isinstance(first, str):  # SQLite hands back the stored text
        first = dt.datetime.fromisoformat(first)
    first_day = local_date(first, zone)
    if day < first_day:
        raise ValidationError(
            "as_of",
            _(
                "No deal existed yet at the end of {day}: the first was created on {first_day}."
            ).format(day=day, first_day=first_day),
        )
    return day


def build_as_of(day: dt.date, owner: str | None = None, source: str | None = None) -> AsOfReport:
    """The pipeline at the end of ``day``: open deals per phase and in total (cents).

    Phases in today's board order: the active ones, and an archived one only if it held open
    deals then. Each shows today's probability (phases keep no history of it).
    """
    rows = {row[0]: row[1:] for row in pipeline_rows(day_end(day), owner, source)}
    phases = _rows("SELECT id, name, probability, archived FROM phase ORDER BY position, id", [])
    listed: list[PipelinePhase] = []
    for phase_id, name, probability, archived in phases:
        count, value, weighted = rows.get(phase_id, (0, 0, 0))
        if archived and not count:
            continue
        listed.append(
            {
                "phase": name,
                "probability": probability,
                "open_count": count,
                "open_value": value,
                "weighted_value": weighted,
            }
        )
    total: OpenTotals = {
        "open_count": sum(row["open_count"] for row in listed),
        "open_value": sum(row["open_value"] for row in listed),
        "weighted_value": sum(row["weighted_value"] for row in listed),
    }
    return {
        "as_of": day.isoformat(),
        "currency": get_settings()["currency"],
        "filters": {"owner": owner, "source": source},
        "pipeline": {"phases": listed, "total": total},
    }


def as_of_to_json(report: AsOfReport) -> dict[str, Any]:
    """The as-of report with amounts as exact decimal strings, as ``report --format json``."""
    return report_to_json(cast("Report", report))


def as_of_csv(report: AsOfReport) -> str:
    """The as-of report as the report's CSV: a row with the day, then its ``pipeline`` rows.

    ``report_csv`` reads only the sections asked for, so the pipeline is flattened exactly as
    in the full report (same names, metrics and formula-safe cells).
    """
    text = report_csv(cast("Report", report), [Section.PIPELINE])
    header, _, rows = text.partition("\n")
    return f"{header}\nas_of,,date,{report['as_of']}\n{rows}"
