"""Find values other clients stored that the schema let through but dealboard cannot use.

``dealboard check`` names each deal and field (see ``models.storage.maintenance``). The values are
read through the fields of ``models.storage.stored_values``, so what counts as wrong here is exactly
what the screens show marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from models.domain.wording import field_label
from models.storage.schema import Deal, DealEvent
from models.storage.stored_values import BadValue

MAX_LISTED = 20

_DEAL_FIELDS = (
    Deal.title,
    Deal.organization,
    Deal.contact,
    Deal.owner,
    Deal.source,
    Deal.value_cents,
    Deal.competitor,
    Deal.close_note,
    Deal.note,
    Deal.expected_close,
    Deal.created_at,
    Deal.updated_at,
    Deal.closed_at,
    Deal.deleted_at,
)


def _deal_problems() -> Iterator[str]:
    names = [field.name for field in _DEAL_FIELDS]
    rows = Deal.select(Deal.id, *_DEAL_FIELDS).order_by(Deal.id).tuples().iterator()
    for deal_id, *values in rows:
        row = dict(zip(names, values, strict=True))
        for name, value in row.items():
            if isinstance(value, BadValue):
                what = field_label(name, capital=False)
                yield f"Deal #{deal_id}: {what} {value.shown} is {value.problem}."
        created, closed = row["created_at"], row["closed_at"]
        dated = isinstance(created, dt.datetime) and isinstance(closed, dt.datetime)
        if dated and closed < created:
            yield (
                f"Deal #{deal_id}: closed at {closed:%Y-%m-%d %H:%M:%S} is before created at"
                f" {created:%Y-%m-%d %H:%M:%S}."
            )


def _history_problems() -> Iterator[str]:
    fields = (DealEvent.at, DealEvent.old_value, DealEvent.new_value)
    names = ("time", "old value", "new value")
    query = DealEvent.select(DealEvent.id, DealEvent.deal, *fields).order_by(DealEvent.id)
    for event_id, deal_id, *values in query.tuples().iterator():
        for name, value in zip(names, values, strict=True):
            if isinstance(value, BadValue):
                yield (
                    f"Deal #{deal_id}, history line {event_id}: {name} {value.shown} is"
                    f" {value.problem}."
                )


def stored_value_problems() -> list[str]:
    """One sentence per field stored in a shape dealboard cannot use (the first few listed)."""
    problems: list[str] = []
    extra = 0
    for problem in (*_deal_problems(), *_history_problems()):
        if len(problems) < MAX_LISTED:
            problems.append(problem)
        else:
            extra += 1
    if extra:
        problems.append(f"… and {extra} more values stored in a shape dealboard cannot use.")
    return problems
