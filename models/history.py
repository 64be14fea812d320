"""The append-only deal history: one helper that writes ``deal_event`` rows, and the clock."""

from __future__ import annotations

import datetime as dt

from models.schema import Deal, DealEvent, Phase


def utcnow() -> dt.datetime:
    """Return the current time in UTC as a naive datetime (how timestamps are stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def as_text(value: object) -> str | None:
    """Render a value for the old/new columns of the history."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def record(
    deal: Deal | int,
    kind: str,
    *,
    actor: str,
    at: dt.datetime,
    version: int,
    field: str | None = None,
    old: object = None,
    new: object = None,
    phase: Phase | int | None = None,
) -> None:
    """Append one event to a deal's history. History is never updated or deleted."""
    DealEvent.insert(
        deal=deal,
        at=at,
        actor=actor,
        kind=kind,
        field=field,
        old_value=as_text(old),
        new_value=as_text(new),
        phase=phase,
        version=version,
    ).execute()
