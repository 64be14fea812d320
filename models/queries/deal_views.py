"""Read-side queries: deals as plain dicts, a deal's history, phases with their totals.

The dicts are TypedDicts (``models.queries.view_types``): JSON-ready values, printed as
they are by the command line's ``--json``.
"""

from __future__ import annotations

import datetime as dt

from peewee import fn

from models.domain import probability
from models.domain.status import Status, StatusFilter
from models.domain.validation import cents_to_decimal_string
from models.operations.deals import effective_probability
from models.operations.lookup import find_deal, find_phase
from models.queries.view_types import DealView, HistoryEntry, PhaseSummary
from models.storage.rows import tuples
from models.storage.schema import Deal, DealEvent, Phase, Reason
from models.storage.stored_values import BadValue, marked


def iso_utc(value: dt.datetime | BadValue | None) -> str | None:
    """Render a stored UTC timestamp as ISO 8601 with a Z (a bad stored value marked)."""
    if value is None:
        return None
    if isinstance(value, BadValue):  # written by another client in another shape
        return value.marked
    if isinstance(value, str):
        return value
    return value.replace(microsecond=0).isoformat() + "Z"


def iso_date(value: dt.date | BadValue | None) -> str | None:
    """Render a stored date as ``2026-12-31`` (a bad stored value marked)."""
    return value.isoformat() if isinstance(value, dt.date) else marked(value)


def probability_source(deal: Deal) -> str:
    """Say where a deal's effective probability comes from: close, override or phase."""
    at_close = deal.probability_at_close if deal.status != Status.OPEN else None
    return probability.probability_source(deal.probability_override, at_close)


def deal_problems(deal: Deal) -> dict[str, str]:
    """The fields of ``deal`` whose stored values their column cannot hold, and why."""
    return {
        name: value.problem for name, value in deal.__data__.items() if isinstance(value, BadValue)
    }


def deal_to_dict(deal: Deal) -> DealView:
    """Return every field of a deal, plus its effective probability, as JSON-ready values.

    A value another client stored in a shape its column cannot hold is given marked
    (``'abc' ⚠ not a whole number of cents``; ``value_cents`` is then None) and listed
    under ``problems``, which is present only then.
    """
    phase = deal.phase
    chance = effective_probability(deal, phase)
    cents = deal.value_cents if isinstance(deal.value_cents, int) else None
    weighted = None
    if deal.status == Status.OPEN and cents is not None:
        weighted = probability.weighted_cents(cents, chance)
    reason = Reason.get_or_none(Reason.id == deal.reason_id) if deal.reason_id else None
    data: DealView = {
        "id": deal.id,
        "title": marked(deal.title),
        "organization": marked(deal.organization),
        "contact": marked(deal.contact),
        "owner": marked(deal.owner),
        "source": marked(deal.source),
        "value": cents_to_decimal_string(cents) if cents is not None else marked(deal.value_cents),
        "value_cents": cents,
        "phase": phase.name,
        "phase_id": phase.id,
        "phase_probability": phase.probability,
        "status": deal.status,
        "probability_override": deal.probability_override,
        "probability_at_close": deal.probability_at_close,
        "effective_probability": chance,
        "probability_source": probability_source(deal),
        "weighted_value": cents_to_decimal_string(weighted) if weighted is not None else None,
        "reason": reason.name if reason else None,
        "competitor": marked(deal.competitor),
        "close_note": marked(deal.close_note),
        "note": marked(deal.note),
        "expected_close": iso_date(deal.expected_close),
        "created_at": iso_utc(deal.created_at),
        "updated_at": iso_utc(deal.updated_at),
        "closed_at": iso_utc(deal.closed_at),
        "deleted_at": iso_utc(deal.deleted_at),
        "version": deal.version,
        "next_step": marked(deal.next_step),
        "next_step_date": iso_date(deal.next_step_date),
    }
    problems = deal_problems(deal)
    if problems:
        data["problems"] = problems
    return data


def deal_history(deal_id: int | str) -> list[HistoryEntry]:
    """Return a deal's history, oldest first, as plain dicts."""
    deal = find_deal(deal_id, include_deleted=True)
    events = DealEvent.select().where(DealEvent.deal == deal.id).order_by(DealEvent.id)
    return [
        {
            "at": iso_utc(event.at),
            "actor": event.actor,
            "kind": event.kind,
            "field": event.field,
            "old_value": marked(event.old_value),
            "new_value": marked(event.new_value),
            "version": event.version,
        }
        for event in events
    ]


def list_deals(
    status: str = StatusFilter.OPEN,
    phase: str | int | None = None,
    *,
    include_deleted: bool = False,
    limit: int | None = None,
) -> list[Deal]:
    """Return deals filtered by status (or 'all') and phase, in board order."""
    query = Deal.select(Deal, Phase).join(Phase)
    if status != StatusFilter.ALL:
        query = query.where(Deal.status == status)
    if phase is not None:
        query = query.where(Deal.phase == find_phase(phase).id)
    if not include_deleted:
        query = query.where(Deal.deleted_at.is_null())
    query = query.order_by(Phase.position, Deal.id)
    if limit is not None:
        query = query.limit(limit)
    return list(query)


def phase_overview() -> list[PhaseSummary]:
    """Return every phase in order with its open deals' count, value and weighted value."""
    from models.reports.sql import ReportSql

    open_stats = {row[0]: row[1:] for row in ReportSql().pipeline()}
    all_deals: dict[int, int] = dict(
        tuples(Deal.select(Deal.phase, fn.COUNT(Deal.id)).group_by(Deal.phase))
    )
    rows: list[PhaseSummary] = []
    for phase in Phase.select().order_by(Phase.position, Phase.id):
        count, cents, weighted = open_stats.get(phase.id, (0, 0, 0))
        rows.append(
            {
                "id": phase.id,
                "position": phase.position,
                "name": phase.name,
                "probability": phase.probability,
                "archived": bool(phase.archived),
                "deals": int(all_deals.get(phase.id, 0)),
                "open_count": count,
                "open_value": cents_to_decimal_string(cents),
                "open_value_cents": cents,
                "weighted_value": cents_to_decimal_string(weighted),
                "weighted_value_cents": weighted,
            }
        )
    return rows
