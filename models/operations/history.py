"""The append-only deal history: one helper that writes ``deal_event`` rows, and the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from models.storage.schema import Deal, DealEvent, Phase, database_proxy


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
    values = {
        "deal": deal,
        "at": at,
        "actor": actor,
        "kind": kind,
        "field": field,
        "old_value": as_text(old),
        "new_value": as_text(new),
        "phase": phase,
        "version": version,
    }
    db = database_proxy.obj
    sql = _INSERT_SQL.get(type(db))
    if sql is None:
        query = DealEvent.insert(**values)
        sql, params = query.sql()
        if params != _params(values):  # the model grew defaults: keep peewee's own path
            query.execute()
            return
        _INSERT_SQL[type(db)] = sql
    db.execute_sql(sql, _params(values))


# The SQL of the event INSERT, per kind of database. Every change writes one to five events,
# and peewee takes longer to build this statement than SQLite takes to run it, so it is built
# once and run with new parameters, converted exactly as peewee converts them.
_INSERT_SQL: dict[type, str] = {}


def _params(values: Mapping[str, object]) -> list[object]:
    fields = DealEvent._meta.fields
    return [fields[name].db_value(value) for name, value in values.items()]
