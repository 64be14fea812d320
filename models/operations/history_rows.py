"""The ``deal_event`` rows each kind of change writes, built from before/after values.

One function per change (create, edit, move, close, switch the outcome, reopen, delete,
restore) decides which events it writes, in which order, with which kinds, fields and old →
new texts. Nothing here touches the database: the operations (``models.operations.deals``,
``models.operations.deal_status``) insert the rows with ``models.operations.history``, and the
bulk demo (``models.demo.changes``) builds its histories with the same functions and inserts
them in batches, so the app and the demo cannot write a change two ways.

A row is a plain tuple in the order of ``EVENT_COLUMNS``: deal id, time, actor, kind, field,
old text, new text, phase id, version. Old and new values become history text here
(``as_text``); the deal id, time and phase id are passed through as given (the operations give
datetimes, the demo the text SQLite stores).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from models.domain.status import Status
from models.domain.validation import cents_to_decimal_string

EventRow = tuple[Any, ...]  # deal id, at, actor, kind, field, old, new, phase id, version
# The fields of ``DealEvent`` a row fills, in its order (the bulk demo's columns, too).
EVENT_COLUMNS = ("deal", "at", "actor", "kind", "field", "old_value", "new_value", "phase", "version")  # fmt: skip
# A closed deal's closing data as history shows it: reason name, competitor, closing note.
Closing = tuple[str | None, str, str]
CLOSING_FIELDS = ("reason", "competitor", "close_note")  # the history's names for a Closing
REOPEN_FIELDS = (*CLOSING_FIELDS, "probability_at_close", "closed_at")  # what reopening clears

# The bulk demo calls these for every simulated change, millions of times for a big demo, so
# it passes arguments by position (keyword-only parameters would cost it time), closing data
# is a plain tuple rather than a NamedTuple, and ``as_text`` returns a plain str at once.


def as_text(value: object) -> str | None:
    """Render a value for the old/new columns of the history."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, str):  # a Status, say: its plain text
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def field_text(field: str, value: object) -> str | None:
    """Render a field's value for the history: the deal's value (cents) as '12500.00'."""
    if field == "value" and type(value) is int:
        return cents_to_decimal_string(value)
    return as_text(value)


def created_rows(deal: Any, actor: str, at: Any, title: str, phase: Any) -> list[EventRow]:
    """A new deal: one ``created`` event with its title and phase, at version 1."""
    return [(deal, at, actor, "created", None, None, as_text(title), phase, 1)]


def edited_rows(
    deal: Any, actor: str, at: Any, version: int, changes: Iterable[tuple[str, object, object]]
) -> list[EventRow]:
    """An edit: one event per changed field, as (field, old, new), in the order given.

    The note is its own kind of event; every other field is a ``field`` event. Give the
    deal's value in cents and a reason by its name.
    """
    rows: list[EventRow] = []
    for field, old, new in changes:
        if field == "value":
            old, new = field_text(field, old), field_text(field, new)
        kind = "note" if field == "note" else "field"
        rows.append((deal, at, actor, kind, field, as_text(old), as_text(new), None, version))
    return rows


def moved_rows(
    deal: Any,
    actor: str,
    at: Any,
    version: int,
    old_phase: str,
    new_phase: str,
    phase: Any,
    override: int | None,
) -> list[EventRow]:
    """A move from ``old_phase`` to ``new_phase`` (names; ``phase`` is the new one's id).

    A probability override the deal had (``override``) is cleared by the move.
    """
    rows: list[EventRow] = [(deal, at, actor, "phase", "phase", as_text(old_phase), as_text(new_phase), phase, version)]  # fmt: skip
    if override is not None:
        rows.append((deal, at, actor, "field", "probability_override", as_text(override), None, None, version))  # fmt: skip
    return rows


def closed_rows(
    deal: Any, actor: str, at: Any, version: int, outcome: str, closing: Closing
) -> list[EventRow]:
    """Accepting or rejecting an open deal: the status, then the closing data given."""
    rows: list[EventRow] = [
        (deal, at, actor, "status", "status", Status.OPEN, as_text(outcome), None, version)
    ]
    for field, value in zip(CLOSING_FIELDS, closing):  # noqa: B905 (a Closing has all three)
        if value:
            rows.append((deal, at, actor, "field", field, None, as_text(value), None, version))
    return rows


def switched_rows(
    deal: Any,
    actor: str,
    at: Any,
    version: int,
    old_status: str,
    new_status: str,
    before: Closing,
    after: Closing,
) -> list[EventRow]:
    """Switching the outcome: the status, then each piece of closing data that changed."""
    rows: list[EventRow] = [(deal, at, actor, "status", "status", as_text(old_status), as_text(new_status), None, version)]  # fmt: skip
    for field, old, new in zip(CLOSING_FIELDS, before, after):  # noqa: B905 (as above)
        if (old or "") != (new or ""):
            rows.append((deal, at, actor, "field", field, as_text(old), as_text(new), None, version))  # fmt: skip
    return rows


def reopened_rows(
    deal: Any,
    actor: str,
    at: Any,
    version: int,
    old_status: str,
    closing: Closing,
    probability_at_close: int | None,
    closed_at: object,
) -> list[EventRow]:
    """Reopening a closed deal: the status, then each piece of closing data it loses."""
    rows: list[EventRow] = [
        (deal, at, actor, "status", "status", as_text(old_status), Status.OPEN, None, version)
    ]
    cleared = (*closing, probability_at_close, closed_at)
    for field, old in zip(REOPEN_FIELDS, cleared):  # noqa: B905 (as above)
        if old not in (None, ""):
            rows.append((deal, at, actor, "field", field, as_text(old), None, None, version))
    return rows


def deleted_rows(deal: Any, actor: str, at: Any, version: int, title: str) -> list[EventRow]:
    """A soft delete: one ``deleted`` event naming the deal's title."""
    return [(deal, at, actor, "deleted", None, None, as_text(title), None, version)]


def restored_rows(
    deal: Any, actor: str, at: Any, version: int, deleted_at: object
) -> list[EventRow]:
    """Bringing a deleted deal back: one ``restored`` event with when it had been deleted."""
    return [(deal, at, actor, "restored", None, as_text(deleted_at), None, None, version)]
