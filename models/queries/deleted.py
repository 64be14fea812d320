"""The soft-deleted deals, newest deletion first, with who deleted each one and when."""

from __future__ import annotations

import datetime as dt

from models.domain.validation import cents_to_decimal_string
from models.queries.deal_views import iso_utc
from models.queries.view_types import DeletedDeal
from models.storage.rows import tuples
from models.storage.schema import Deal, DealEvent, Phase
from models.storage.stored_values import marked


def _deleters() -> dict[int, tuple[object, str]]:
    """Per deleted deal, the time and actor of its latest ``deleted`` history line."""
    events = (
        DealEvent.select(DealEvent.deal, DealEvent.at, DealEvent.actor)
        .join(Deal, on=DealEvent.deal == Deal.id)
        .where(DealEvent.kind == "deleted", Deal.deleted_at.is_null(False))
        .order_by(DealEvent.id)
    )
    return {deal_id: (at, actor) for deal_id, at, actor in tuples(events)}


def deleted_deals() -> list[DeletedDeal]:
    """Every soft-deleted deal, the most recently deleted first.

    Who deleted a deal comes from the history line that deleted it. A deal whose
    ``deleted_at`` another client set without such a line (or that was deleted again since
    the line) has no ``deleted_by``: the history does not say who, so neither does this.
    """
    deleters = _deleters()
    query = (
        Deal.select(Deal, Phase)
        .join(Phase)
        .where(Deal.deleted_at.is_null(False))
        .order_by(Deal.deleted_at.desc(), Deal.id.desc())
    )
    rows: list[DeletedDeal] = []
    for deal in query:
        cents = deal.value_cents if isinstance(deal.value_cents, int) else None
        event_at, actor = deleters.get(deal.id, (None, None))
        same_moment = isinstance(event_at, dt.datetime) and event_at == deal.deleted_at
        rows.append(
            {
                "id": deal.id,
                "title": marked(deal.title),
                "organization": marked(deal.organization),
                "value": cents_to_decimal_string(cents)
                if cents is not None
                else marked(deal.value_cents),
                "value_cents": cents,
                "phase": deal.phase.name,
                "status": deal.status,
                "deleted_at": iso_utc(deal.deleted_at),
                "deleted_by": actor if same_moment else None,
                "version": deal.version,
            }
        )
    return rows
