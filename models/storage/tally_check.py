"""Find report tallies that disagree with a fresh count, for ``dealboard check``; repair them.

The write operations keep ``report_tally`` and ``deal_phase_time`` current
(``models.storage.tally``); a row changed by hand, a write that went around the operations,
or a bug leaves them stale, and the management report then shows sums the deals do not give.
``tally_differences`` counts everything afresh without writing (a read-only check can run
it): the tallies with ``TallySql.contributions`` and the per-deal phase times with the
``deal_stay`` aggregate ``TallySql.refresh_phase_time`` stores. It names each key whose stored
row differs. Tallies that are not usable (``tally.tallies_usable``: built for another time
zone or definition) are not compared: they are named as not up to date, since reports do
not use them. Both are derived data, so the repair is to count them afresh
(``repair_tallies``, ``dealboard check --repair``). ``check`` compares them only once the
deals themselves pass its other checks (``models.storage.maintenance``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import peewee

from models.domain.errors import ValidationError
from models.domain.i18n import _, ngettext
from models.domain.periods import zone
from models.storage.database import write_operation
from models.storage.schema import database_proxy
from models.storage.settings_rows import stored_settings
from models.storage.tally import (
    KEY_COLUMNS,
    MEASURES,
    TallySql,
    rebuild_for_settings,
    tallies_usable,
)

MAX_NAMED = 5  # disagreeing rows named one by one; the rest are counted
TALLY_TABLE, TIME_TABLE = "report_tally", "deal_phase_time"
# What each key column means per kind (docs/database.md), to name a key readably.
KEY_NAMES: dict[str, tuple[tuple[int, str], ...]] = {
    "closed": (
        (1, "phase"),
        (2, "reason"),
        (4, "status"),
        (5, "owner"),
        (6, "source"),
        (7, "competitor"),
    ),
    "created": ((4, "month"),),
    "closed_month": ((4, "month"), (5, "status")),
    "reached": ((1, "phase"), (4, "status")),
    "pair": ((1, "phase"), (2, "other phase")),
    "correction": ((4, "change"),),
    "current": ((1, "phase"), (4, "status")),
    "stay": ((1, "phase"), (2, "days")),
}
Rows = dict[tuple[Any, ...], tuple[Any, ...]]


@dataclass(frozen=True)
class TallyDifference:
    """One key whose stored row is not what a fresh count gives (None: no such row)."""

    table: str
    key: tuple[Any, ...]
    stored: tuple[Any, ...] | None
    fresh: tuple[Any, ...] | None

    def describe(self, names: dict[str, dict[int, str]] | None = None) -> str:
        """The key and both values, in words; ``names`` shows phase and reason ids by name."""
        names = names or {}
        phases = names.get("phase", {})
        if self.table == TIME_TABLE:
            where = _("phase time of deal #{deal} in phase {phase}").format(
                deal=self.key[0], phase=_named(self.key[1], phases)
            )
            columns: tuple[str, ...] = ("seconds", "running since", "latest")
        else:
            kind = self.key[0]
            parts = ", ".join(
                f"{name} {_named(self.key[i], names.get(name.split()[-1], {}))}"
                for i, name in KEY_NAMES.get(kind, ())
            )
            where = _("report tally {kind} ({parts})").format(kind=kind, parts=parts)
            columns = MEASURES
        return _("{where}: stored {stored}, counted afresh {fresh}").format(
            where=where, stored=_values(self.stored, columns), fresh=_values(self.fresh, columns)
        )


def _named(value: Any, names: dict[int, str]) -> str:
    """A key value as shown: an id by its name where known (``'Proposal' (#3)``), text quoted."""
    if isinstance(value, int) and value in names:
        return f"{names[value]!r} (#{value})"
    return repr(value) if isinstance(value, str) else str(value)


def _values(values: tuple[Any, ...] | None, names: tuple[str, ...]) -> str:
    """Measures as ``n 2, m1 500``, zeros and empties left out; ``none`` for no row."""
    if values is None:
        return _("none")
    shown = [f"{name} {value}" for name, value in zip(names, values, strict=True) if value]
    return ", ".join(shown) or "0"


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    kind, k1, k2, k3, *texts = row
    return (kind, int(k1 or 0), int(k2 or 0), int(k3 or 0), *(text or "" for text in texts))


def stored_tallies(db: peewee.Database) -> Rows:
    """``report_tally`` as stored, without the ``state`` row: key → measures."""
    rows = db.execute_sql(
        f"SELECT {', '.join((*KEY_COLUMNS, *MEASURES))} FROM report_tally WHERE kind <> 'state'"
    ).fetchall()
    return {_key(row[:8]): tuple(int(value or 0) for value in row[8:]) for row in rows}


def stored_times(db: peewee.Database) -> Rows:
    """``deal_phase_time`` as stored: (deal, phase) → (seconds, running since, latest)."""
    rows = db.execute_sql(
        "SELECT deal_id, phase_id, seconds, running_since, latest FROM deal_phase_time"
    ).fetchall()
    return {(int(d), int(p)): (int(s or 0), since, latest) for d, p, s, since, latest in rows}


def fresh_times(sql: TallySql) -> Rows:
    """``deal_phase_time`` as ``TallySql.refresh_phase_time`` would write it, without writing.

    The same statement (``TallySql.phase_times``), read instead of inserted.
    """
    rows = sql.db.execute_sql(sql.phase_times()).fetchall()
    return {(int(d), int(p)): (int(s or 0), since, latest) for d, p, s, since, latest in rows}


def _compare(table: str, stored: Rows, fresh: Rows) -> list[TallyDifference]:
    if stored == fresh:  # as a healthy database has them: no key by key look, no sorting
        return []
    differing = [key for key in stored.keys() | fresh.keys() if stored.get(key) != fresh.get(key)]
    return [
        TallyDifference(table, key, stored.get(key), fresh.get(key))
        for key in sorted(differing, key=repr)
    ]


def _known(name: str) -> bool:
    """Whether this machine knows the time zone ``name``."""
    try:
        zone(name)
    except ValidationError:
        return False
    return True


def tally_differences(db: peewee.Database, name: str) -> list[TallyDifference]:
    """Every stored tally and phase time that a fresh count in zone ``name`` disagrees with."""
    sql = TallySql(db, zone(name))
    fresh = {_key(key): measures for key, measures in sql.contributions().items()}
    stored = stored_tallies(db)
    found = _compare(TIME_TABLE, stored_times(db), fresh_times(sql))
    if found:
        # The ``stay`` kind is counted from the stored phase times, which are wrong: it is
        # left out rather than blamed (or cleared) for them; the repair counts both again.
        fresh = {key: value for key, value in fresh.items() if key[0] != "stay"}
        stored = {key: value for key, value in stored.items() if key[0] != "stay"}
    return found + _compare(TALLY_TABLE, stored, fresh)


def tally_problems(db: peewee.Database | None = None) -> list[str]:
    """``check``'s sentences about the tallies: the first few differences and how to repair."""
    db = db or database_proxy.obj
    repair = _("Run `dealboard check --repair` to count them afresh from the deals.")
    name = stored_settings(db)["timezone"]
    if not tallies_usable(db, name):
        if not _known(name):  # nothing can count them here; reports name the zone already
            return []
        return [
            _(
                "The report tallies are not up to date for the time zone {name}, so reports"
                " read every deal instead."
            ).format(name=name)
            + " "
            + repair
        ]
    found = tally_differences(db, name)
    if not found:
        return []
    names = {
        "phase": dict(db.execute_sql("SELECT id, name FROM phase").fetchall()),
        "reason": dict(db.execute_sql("SELECT id, name FROM reason").fetchall()),
    }
    problems = [
        _("The report tallies disagree with the deals: {difference}.").format(
            difference=difference.describe(names)
        )
        for difference in found[:MAX_NAMED]
    ]
    left_off = len(found) - MAX_NAMED
    if left_off > 0:
        problems.append(
            ngettext(
                "… and {left_off} more report tally row that disagrees with the deals.",
                "… and {left_off} more report tally rows that disagree with the deals.",
                left_off,
            ).format(left_off=left_off)
        )
    problems.append(
        _("The report tallies are derived from the deals and can be counted again.") + " " + repair
    )
    return problems


@write_operation
def repair_tallies() -> bool:
    """Count the report tallies afresh for the stored time zone; False when it is unknown."""
    return rebuild_for_settings(database_proxy.obj)
