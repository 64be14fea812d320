"""What the report tallies should hold: the stored rows against a rebuild from scratch.

``assert_current(db)`` reads ``report_tally`` (all kinds but ``state``) and
``deal_phase_time`` as stored, rebuilds both inside a transaction it rolls back, and
compares the two as dicts keyed by the key columns; it also holds the stored tallies to a
fresh ``TallySql(db, zone).contributions()`` and asks ``dealboard check``'s comparison
(``models.storage.tally_check``), which must find nothing either. A difference names the table, the key and both
values, so a failing test says which kind of tally went stale.
"""

from __future__ import annotations

from typing import Any

import peewee

from models.domain.periods import zone
from models.storage.tally import KEY_COLUMNS, MEASURES, TallySql, rebuild_for_settings
from models.storage.tally_check import tally_differences

TALLY_SQL = f"SELECT {', '.join((*KEY_COLUMNS, *MEASURES))} FROM report_tally WHERE kind <> 'state'"
TIME_SQL = "SELECT deal_id, phase_id, seconds, running_since, latest FROM deal_phase_time"
Rows = dict[tuple[Any, ...], tuple[Any, ...]]


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    kind, k1, k2, k3, *texts = row
    return (kind, int(k1), int(k2), int(k3), *texts)


def _stamp(value: Any) -> str | None:
    """A timestamp as text (PostgreSQL gives datetimes, SQLite text), to the second."""
    return None if value is None else str(value)[:19]


def stored_tallies(db: peewee.Database) -> Rows:
    """``report_tally`` without the ``state`` row: key → measures."""
    rows = db.execute_sql(TALLY_SQL).fetchall()
    return {_key(row[:8]): tuple(int(value) for value in row[8:]) for row in rows}


def stored_times(db: peewee.Database) -> Rows:
    """``deal_phase_time``: (deal, phase) → (seconds, running since, latest)."""
    rows = db.execute_sql(TIME_SQL).fetchall()
    return {
        (int(deal), int(phase)): (int(seconds), _stamp(since), _stamp(latest))
        for deal, phase, seconds, since, latest in rows
    }


def state(db: peewee.Database) -> tuple[str, str] | None:
    """The ``state`` row's (version, zone name), or None."""
    row = db.execute_sql("SELECT t1, t2 FROM report_tally WHERE kind = 'state'").fetchone()
    return None if row is None else (row[0], row[1])


def snapshot(db: peewee.Database) -> tuple[Rows, Rows, tuple[str, str] | None]:
    """Everything the tallies hold, for a before/after comparison."""
    return stored_tallies(db), stored_times(db), state(db)


def rebuilt(db: peewee.Database) -> tuple[Rows, Rows]:
    """What a rebuild from scratch would store; the database is left as it was."""
    with db.atomic() as transaction:
        rebuild_for_settings(db)
        result = stored_tallies(db), stored_times(db)
        transaction.rollback()
    return result


def differences(stored: Rows, fresh: Rows, table: str) -> list[str]:
    """One line per key whose stored value is not the fresh one."""
    return [
        f"{table} {key}: stored {stored.get(key)}, fresh {fresh.get(key)}"
        for key in sorted(stored.keys() | fresh.keys(), key=repr)
        if stored.get(key) != fresh.get(key)
    ]


def assert_current(db: peewee.Database, when: str = "") -> None:
    """The stored tallies and phase times are what a rebuild gives, and not empty."""
    tallies, times = stored_tallies(db), stored_times(db)
    fresh_tallies, fresh_times = rebuilt(db)
    found = differences(tallies, fresh_tallies, "report_tally")
    found += differences(times, fresh_times, "deal_phase_time")
    assert not found, f"stale tallies {when}:\n" + "\n".join(found[:15])
    current = state(db)
    assert current is not None, f"no state row {when}"
    counted = TallySql(db, zone(current[1])).contributions()
    assert not differences(tallies, {_key(k): v for k, v in counted.items()}, "contributions")
    assert tally_differences(db, current[1]) == [], f"dealboard check disagrees {when}"


def count(db: peewee.Database, kind: str, **keys: Any) -> int:
    """The stored ``n`` of one tally row (0 when there is none)."""
    where = " AND ".join(f"{name} = {db.param}" for name in ("kind", *keys))
    row = db.execute_sql(
        f"SELECT n FROM report_tally WHERE {where}", [kind, *keys.values()]
    ).fetchone()
    return 0 if row is None else int(row[0])
