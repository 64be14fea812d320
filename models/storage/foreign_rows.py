"""Find values other clients stored that the schema let through but dealboard cannot use.

``dealboard check`` names each deal and field (see ``models.storage.maintenance``). The values are
read through the fields of ``models.storage.stored_values``, so what counts as wrong here is exactly
what the screens show marked. A deal closed before it was created is named too: no database
refuses it (see migration 0005), and the reports leave it out of the average days to close.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import peewee

from models.domain.i18n import _
from models.domain.wording import field_label
from models.storage.schema import Deal, DealEvent, database_proxy
from models.storage.stored_values import (
    NOT_A_DATE,
    NOT_A_TIMESTAMP,
    NOT_AN_AMOUNT,
    NOT_TEXT,
    BadValue,
    usable_sql,
)

MAX_LISTED = 20
CLOSED_BEFORE_CREATED = "closed_before_created"
# Stable codes for ``--json``: the sentences may be reworded, these never are.
PROBLEM_CODES = {
    NOT_A_DATE: "not_a_date",
    NOT_A_TIMESTAMP: "not_a_timestamp",
    NOT_AN_AMOUNT: "not_an_amount",
    NOT_TEXT: "not_text",
}
_STAMP = "%Y-%m-%d %H:%M:%S"

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
    Deal.next_step,
    Deal.next_step_date,
)


@dataclass(frozen=True)
class Finding:
    """One stored value dealboard cannot use: which deal, field and value, and why."""

    deal: int
    field: str  # the column: ``closed_at``, ``expected_close``; ``at`` for a history time
    value: str  # as stored: text as it is, a BLOB as ``x'…'``
    problem: str  # a code from ``PROBLEM_CODES``, ``CLOSED_BEFORE_CREATED`` or reached_check
    message: str
    history_line: int | None = None  # the ``deal_event`` id, for a history value
    related_field: str | None = None  # the value it contradicts: ``created_at``
    related_value: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The finding with stable keys, for ``dealboard check --json``."""
        return {
            "deal": self.deal,
            "history_line": self.history_line,
            "field": self.field,
            "value": self.value,
            "problem": self.problem,
            "related_field": self.related_field,
            "related_value": self.related_value,
            "message": self.message,
        }


@dataclass
class StoredValueCheck:
    """The findings listed (the first ``MAX_LISTED``), their sentences, and how many more."""

    findings: list[Finding] = field(default_factory=list)
    left_off: int = 0

    @property
    def problems(self) -> list[str]:
        """One sentence per finding listed, and one for those left off."""
        sentences = [finding.message for finding in self.findings]
        if self.left_off:
            sentences.append(
                _("… and {left_off} more values stored in a shape dealboard cannot use.").format(
                    left_off=self.left_off
                )
            )
        return sentences


def _stored(value: BadValue) -> str:
    return value.raw if isinstance(value.raw, str) else value.shown


def _only_doubtful(
    query: peewee.Select, fields: tuple[peewee.Field, ...], doubt: str | None = None
) -> peewee.Select:
    """On SQLite, ``query`` without the rows whose ``fields`` all hold values that are fine.

    Reading every value through the fields costs seconds on a big database; SQLite proves
    most of them fine itself (``usable_sql``), and the rows left are read and judged by the
    fields exactly as before, in the same order. ``doubt``, SQL, keeps the rows where it is
    true as well. PostgreSQL's typed columns are read whole.
    """
    if not isinstance(database_proxy.obj, peewee.SqliteDatabase):
        return query
    tests = [usable_sql(item, f'"{item.column_name}"') for item in fields]
    if any(test is None for test in tests):
        return query
    doubtful = f"NOT ({' AND '.join(map(str, tests))})"
    return query.where(peewee.SQL(f"{doubtful} OR ({doubt})" if doubt else doubtful))


def _deal_problems() -> Iterator[Finding]:
    names = [column.name for column in _DEAL_FIELDS]
    # Usable times compare as text as they do as times (digits in fixed places; a missing
    # fraction sorts first, as zero does), so a row whose times are usable and whose
    # closed_at is not below its created_at as text was not closed before it was created.
    query = _only_doubtful(
        Deal.select(Deal.id, *_DEAL_FIELDS), _DEAL_FIELDS, '"closed_at" < "created_at"'
    )
    rows = query.order_by(Deal.id).tuples().iterator()
    for deal_id, *values in rows:
        row = dict(zip(names, values, strict=True))
        for name, value in row.items():
            if isinstance(value, BadValue):
                what = field_label(name, capital=False)
                yield Finding(
                    deal=deal_id,
                    field=name,
                    value=_stored(value),
                    problem=PROBLEM_CODES.get(value.problem, value.problem),
                    message=f"Deal #{deal_id}: {what} {value.shown} is {value.problem}.",
                )
        created, closed = row["created_at"], row["closed_at"]
        dated = isinstance(created, dt.datetime) and isinstance(closed, dt.datetime)
        if dated and closed < created:
            yield Finding(
                deal=deal_id,
                field="closed_at",
                value=str(closed),
                problem=CLOSED_BEFORE_CREATED,
                related_field="created_at",
                related_value=str(created),
                message=(
                    f"Deal #{deal_id}: closed at {closed:{_STAMP}} is before created at"
                    f" {created:{_STAMP}}."
                ),
            )


def _history_problems() -> Iterator[Finding]:
    fields = (DealEvent.at, DealEvent.old_value, DealEvent.new_value)
    names = (("at", "time"), ("old_value", "old value"), ("new_value", "new value"))
    query = _only_doubtful(DealEvent.select(DealEvent.id, DealEvent.deal, *fields), fields)
    query = query.order_by(DealEvent.id)
    for event_id, deal_id, *values in query.tuples().iterator():
        for (name, what), value in zip(names, values, strict=True):
            if isinstance(value, BadValue):
                yield Finding(
                    deal=deal_id,
                    field=name,
                    value=_stored(value),
                    problem=PROBLEM_CODES.get(value.problem, value.problem),
                    history_line=event_id,
                    message=(
                        f"Deal #{deal_id}, history line {event_id}: {what} {value.shown} is"
                        f" {value.problem}."
                    ),
                )


def check_stored_values() -> StoredValueCheck:
    """Every deal and history value stored in a shape dealboard cannot use (the first few)."""
    check = StoredValueCheck()
    for finding in (*_deal_problems(), *_history_problems()):
        if len(check.findings) < MAX_LISTED:
            check.findings.append(finding)
        else:
            check.left_off += 1
    return check


def stored_value_problems() -> list[str]:
    """One sentence per field stored in a shape dealboard cannot use (the first few listed)."""
    return check_stored_values().problems
