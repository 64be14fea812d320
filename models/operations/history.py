"""The append-only deal history: writing the ``deal_event`` rows of a change, and the clock.

Which rows a change writes is decided by ``models.operations.history_rows``; this module only
inserts them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from models.operations.history_rows import EVENT_COLUMNS, EventRow
from models.operations.reached_rows import REACHED_COLUMNS, Order, entered_rows
from models.operations.stay_rows import STAY_COLUMNS, opened_row
from models.storage.rows import tuples
from models.storage.schema import DealEvent, DealReached, DealStay, Phase, database_proxy


def utcnow() -> dt.datetime:
    """Return the current time in UTC as a naive datetime (how timestamps are stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def write_events(rows: Iterable[EventRow]) -> None:
    """Append event rows built by ``models.operations.history_rows``. History is never updated."""
    db = database_proxy.obj
    for row in rows:
        values = dict(zip(EVENT_COLUMNS, row, strict=True))
        sql = _INSERT_SQL.get(type(db))
        if sql is None:
            query = DealEvent.insert(**values)
            sql, params = query.sql()
            if params != _params(values):  # the model grew defaults: keep peewee's own path
                query.execute()
                continue
            _INSERT_SQL[type(db)] = sql
        db.execute_sql(sql, _params(values))


def board_order() -> Order:
    """Every phase as (id, active) in today's board order, for ``entered_rows``."""
    query = Phase.select(Phase.id, Phase.archived).order_by(Phase.position, Phase.id)
    return [(phase_id, not archived) for phase_id, archived in tuples(query)]


def write_reached(deal: int, at: dt.datetime, old: int | None, new: int) -> None:
    """Record what a deal reaches by entering ``new`` now; a phase reached before stays as is."""
    rows = entered_rows(deal, at, board_order(), old, new)
    DealReached.insert_many(
        [dict(zip(REACHED_COLUMNS, row, strict=True)) for row in rows]
    ).on_conflict_ignore().execute()


def write_stay(deal: int, at: dt.datetime, phase: int | None, *, new: bool = False) -> None:
    """End the deal's running stay at ``at``; start one in ``phase`` (None: it is closed now).

    ``new``: the deal is being created, so it has no stay to end. The rule of which changes
    end and start stays is ``models.operations.stay_rows``'.
    """
    if not new:
        DealStay.update(ended_at=at).where(
            DealStay.deal == deal, DealStay.ended_at.is_null()
        ).execute()
    if phase is not None:
        DealStay.insert(
            **dict(zip(STAY_COLUMNS, opened_row(deal, phase, at), strict=True))
        ).execute()


# The SQL of the event INSERT, per kind of database. Every change writes one to five events,
# and peewee takes longer to build this statement than SQLite takes to run it, so it is built
# once and run with new parameters, converted exactly as peewee converts them.
_INSERT_SQL: dict[type, str] = {}


def _params(values: Mapping[str, object]) -> list[object]:
    fields = DealEvent._meta.fields
    return [fields[name].db_value(value) for name, value in values.items()]
