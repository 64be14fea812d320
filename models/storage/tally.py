"""The report tallies: the management information's sums, kept up to date as deals change.

A report over the whole database adds up a few thousand tally rows instead of scanning a
million deals (docs/performance.md). Each *kind* of tally is a GROUP BY over the deals,
written here once as SQL that runs on SQLite and PostgreSQL; the same statement fills the
tallies from scratch (``rebuild``) and, restricted to the deals one operation touched, gives
their contribution before and after it (``contributions``), whose difference
``apply_difference`` adds (``models.operations.tally_journal`` does that inside every write
operation). Soft-deleted deals contribute nothing. For given deals the ``pair`` kind is
counted from their reached phases in Python (``models.storage.tally_pairs``): its self-join
grows with deals × phases², which a CSV import creating hundreds of phases reaches.

``report_tally`` columns: ``kind``; keys ``k1``–``k3`` (ids, numbers) and ``t1``–``t4``
(texts; no NULL, so the unique key works on both databases: no reason is 0, no text '');
``n`` the number of deals (or pairs); measures ``m1``–``m7``:

=============  ==========================================  ===========================
kind           keys                                        measures
=============  ==========================================  ===========================
closed         k1 phase, k2 reason, t1 status, t2 owner,   m1/m2 value (high/low part),
               t3 source, t4 competitor                    m3 deals with days to close
                                                           ≥ 0, m4 their seconds, m5 won
                                                           with an expected date at
                                                           close, m6 of them late, m7
                                                           their slip days
created        t1 local month created                      —
closed_month   t1 local month closed, t2 status            m1/m2 value
reached        k1 phase, t1 status                         —
pair           k1 phase, k2 other phase (both reached)     —
correction     t1 'reopened' or 'switched'                 —
current        k1 phase, t1 status                         —
stay           k1 phase, k2 whole days                     m1 seconds
state          t1 definition version, t2 time zone name    —
=============  ==========================================  ===========================

``stay`` counts the finished per-deal times in ``deal_phase_time``: one row per deal and
phase it has been open in, with the whole seconds of its finished stays there and, while a
stay runs, when it started (``running_since``). Months and days are the time zone's the
tallies were built for (the ``state`` row); a report uses them only when that is still the
database's zone and the version is ``VERSION``, else it scans (``tallies_usable``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import Any

import peewee

from models.domain.errors import ValidationError
from models.domain.periods import zone
from models.storage.settings_rows import stored_settings
from models.storage.sql_parts import whole_seconds as _whole_seconds
from models.storage.tally_pairs import ReachedSets
from models.storage.tally_statements import joined, statements

# Bump when a definition below changes: tallies of an older version are not used until
# rebuilt (a migration that changes a definition rebuilds them).
VERSION = "1"
KEY_COLUMNS = ("kind", "k1", "k2", "k3", "t1", "t2", "t3", "t4")
MEASURES = ("n", "m1", "m2", "m3", "m4", "m5", "m6", "m7")
Key = tuple[Any, ...]  # kind, k1, k2, k3, t1, t2, t3, t4
Measures = tuple[int, ...]  # n, m1 … m7
Tallies = dict[Key, Measures]
CHUNK = 400  # deal ids per IN (…) list
SPAN = 20_000  # deal ids per stretch when every deal is counted
# The tables this module fills: derived data each database counts itself (a copy rebuilds them).
DERIVED_TABLES = ("report_tally", "deal_phase_time")
REBUILD_CACHE = -262144  # KiB (negative: a size, not pages) of SQLite page cache to rebuild in
# The live deals' reached phases, for their ``pair`` tallies (``only`` appended).
REACHED = (
    "SELECT r.deal_id, r.phase_id FROM deal_reached r JOIN deal d ON d.id = r.deal_id"
    " WHERE d.deleted_at IS NULL"
)


class TallySql:
    """The tally statements for one database and time zone, optionally over some deals."""

    def __init__(self, db: peewee.Database, zone: dt.tzinfo) -> None:
        self.db = db
        self.zone = zone
        self.sqlite = isinstance(db, peewee.SqliteDatabase)

    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return list(self.db.execute_sql(_marked(sql, self.db.param), list(params)).fetchall())

    def _run(self, sql: str, params: Sequence[Any]) -> None:
        self.db.execute_sql(_marked(sql, self.db.param), list(params))

    def seconds(self, start: str, end: str) -> str:
        """SQL of the whole seconds between two timestamps."""
        return _whole_seconds(start, end, self.sqlite)

    def statements(self, only: str) -> list[str]:
        """Every kind's SELECT of (key…, measures…) rows; ``only`` restricts ``d.id``.

        Built once per zone, dialect and restriction: the zone's offset changes make the
        text costly (~1.7 ms), and every write operation asks twice.
        """
        return statements(self.zone, self.sqlite, only)

    def contributions(self, deal_ids: Iterable[int] | None = None) -> Tallies:
        """The tallies of the given deals (every deal: None), summed per key.

        Every deal is counted a stretch of ids at a time (``SPAN``): small sorts that stay in
        the page cache, instead of a few sorts of millions of rows (1M deals: half the time).
        """
        result: Tallies = {}
        if deal_ids is None:
            row = self._rows("SELECT MIN(id), MAX(id) FROM deal", [])[0]
            if row[0] is None:
                return result
            first, last = int(row[0]), int(row[1])
            for low in range(first, last + 1, SPAN):
                self._count(result, " AND d.id >= ? AND d.id < ?", [low, low + SPAN])
            return result
        # Given deals (an operation's): their phase pairs are counted from their reached
        # phases in Python, not by the self-join, whose rows grow with deals × phases²
        # (models.storage.tally_pairs); every other kind by its statement.
        ids = sorted(set(deal_ids))
        reached = ReachedSets()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            only = f" AND d.id IN ({', '.join('?' * len(chunk))})"
            self._count(result, only, chunk, without=("pair",))
            reached.add(self._rows(REACHED + only, chunk))
        result.update(reached.pairs())  # no other kind has a 'pair' key
        return result

    def _count(
        self, result: Tallies, only: str, params: list[int], without: tuple[str, ...] = ()
    ) -> None:
        """Add the tallies of the deals ``only`` selects to ``result`` (but kinds ``without``)."""
        statement = joined(self.zone, self.sqlite, only, without)  # all in one round trip
        # ``only`` appears once or twice in each kind's SELECT: its parameters as often.
        times = _placeholders(statement) // len(params) if params else 0
        get = result.get
        for row in self._rows(statement, params * times):
            key: Key = (row[0], int(row[1] or 0), int(row[2] or 0), int(row[3] or 0),
                        row[4] or "", row[5] or "", row[6] or "", row[7] or "")  # fmt: skip
            measures = _measures(row[8:])
            old = get(key)
            result[key] = measures if old is None else _add(old, measures, 1)

    def phase_times(self, only: str = "") -> str:
        """SELECT of ``deal_phase_time``'s rows from ``deal_stay`` (``only`` restricts ``s``).

        Per deal and phase: the whole seconds of its finished stays (a stay of no or
        negative length adds none), the start of the stay that runs, and its last stay time.
        """
        ended = self.seconds("s.started_at", "s.ended_at")
        # Each stay's seconds worked out once (a subquery), not once per CASE branch.
        return (
            "SELECT x.deal_id, x.phase_id,"
            " SUM(CASE WHEN x.ended_at IS NOT NULL AND x.secs > 0 THEN x.secs ELSE 0 END),"
            " MAX(CASE WHEN x.ended_at IS NULL THEN x.started_at END),"
            " MAX(CASE WHEN x.ended_at IS NULL OR x.ended_at < x.started_at"
            "  THEN x.started_at ELSE x.ended_at END)"
            " FROM (SELECT s.deal_id AS deal_id, s.phase_id AS phase_id,"
            f"  s.started_at AS started_at, s.ended_at AS ended_at, {ended} AS secs"
            "  FROM deal_stay s JOIN deal d ON d.id = s.deal_id"
            f"  WHERE d.deleted_at IS NULL{only}) x GROUP BY x.deal_id, x.phase_id"
        )

    def refresh_phase_time(self, deal_ids: Iterable[int] | None = None) -> None:
        """Rewrite ``deal_phase_time`` from ``deal_stay`` for the given deals (None: all)."""
        insert = "INSERT INTO deal_phase_time (deal_id, phase_id, seconds, running_since, latest) "
        if deal_ids is None:
            self._run("DELETE FROM deal_phase_time", [])
            row = self._rows("SELECT MIN(id), MAX(id) FROM deal", [])[0]
            if row[0] is not None:
                for low in range(int(row[0]), int(row[1]) + 1, SPAN):
                    only = " AND s.deal_id >= ? AND s.deal_id < ?"
                    self._run(insert + self.phase_times(only), [low, low + SPAN])
            return
        ids = sorted(set(deal_ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            self._run(f"DELETE FROM deal_phase_time WHERE deal_id IN ({marks})", chunk)
            self._run(insert + self.phase_times(f" AND s.deal_id IN ({marks})"), chunk)


# Every write operation counts its deals' contributions twice with the same statement, which
# runs to 85 kB in a zone with summer time: it is neither copied nor scanned again each time,
# and SQLite's statement cache finds it by the same string object (its hash kept).
def _marked(sql: str, param: str) -> str:
    """``sql`` with its ``?`` placeholders written as the database's own (psycopg2's ``%s``)."""
    return sql if param == "?" else _replaced(sql, param)


@functools.lru_cache(maxsize=256)
def _replaced(sql: str, param: str) -> str:
    return sql.replace("?", param)


@functools.lru_cache(maxsize=64)
def _placeholders(sql: str) -> int:
    return sql.count("?")


# A deal's contribution can hold thousands of keys (the pairs of reached phases grow with the
# square of the phases), and every write operation counts it twice: list comprehensions, not
# generators, and no arithmetic for keys only one side has.
def _measures(values: Sequence[Any]) -> Measures:
    """A row's measures as Python integers (NULL sums count as 0)."""
    return tuple([int(value) if value else 0 for value in values])


def _add(first: Measures, second: Measures, sign: int) -> Measures:
    return tuple([a + sign * b for a, b in zip(first, second, strict=True)])


def add(first: Measures, second: Measures) -> Measures:
    """The measures of two contributions to the same key, added."""
    return _add(first, second, 1)


def difference(before: Tallies, after: Tallies) -> Tallies:
    """``after - before`` per key, keys whose measures did not change left out."""
    result: Tallies = {}
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            if any(new):
                result[key] = new
        elif old != new:
            result[key] = _add(new, old, -1)
    for key, old in before.items():
        if key not in after and any(old):
            result[key] = tuple([-value for value in old])
    return result


def apply_difference(db: peewee.Database, delta: Tallies) -> None:
    """Add ``delta`` to ``report_tally`` (keys in a fixed order), dropping rows left empty."""
    if not delta:
        return
    columns = ", ".join((*KEY_COLUMNS, *MEASURES))
    marks = ", ".join([db.param] * (len(KEY_COLUMNS) + len(MEASURES)))
    keys = ", ".join(KEY_COLUMNS)
    added = ", ".join(f"{name} = report_tally.{name} + excluded.{name}" for name in MEASURES)
    cursor = db.cursor()
    cursor.executemany(
        f"INSERT INTO report_tally ({columns}) VALUES ({marks})"
        f" ON CONFLICT ({keys}) DO UPDATE SET {added}",
        [(*key, *delta[key]) for key in sorted(delta)],
    )
    # Only a key that lost deals can be left empty; found by its unique index, not a scan.
    emptied = [key for key in sorted(delta) if delta[key][0] < 0]
    if emptied:
        same = " AND ".join(f"{name} = {db.param}" for name in KEY_COLUMNS)
        cursor.executemany(f"DELETE FROM report_tally WHERE {same} AND n = 0", emptied)


def rebuild(db: peewee.Database, zone: dt.tzinfo, zone_name: str) -> None:
    """Fill the tallies from scratch (inside the caller's transaction).

    On SQLite the page cache is raised to 256 MiB meanwhile: ``deal_phase_time``'s indexes
    are filled in random order, and with the default 2 MiB a million deals took minutes.
    """
    sql = TallySql(db, zone)
    cache = db.execute_sql("PRAGMA cache_size").fetchone()[0] if sql.sqlite else None
    if cache is not None:
        db.execute_sql(f"PRAGMA cache_size = {REBUILD_CACHE}")
    try:
        sql.refresh_phase_time()
        store(db, sql.contributions(), zone_name)
    finally:
        if cache is not None:
            db.execute_sql(f"PRAGMA cache_size = {int(cache)}")


def store(db: peewee.Database, tallies: Tallies, zone_name: str) -> None:
    """Replace every tally with ``tallies`` (counted for ``zone_name``), marked current.

    For a rebuild, and for the bulk demo, which counts each block's deals as it makes them
    (tallies add up: a block's deals contribute only to the block's sums) and has already
    written ``deal_phase_time``.
    """
    db.execute_sql("DELETE FROM report_tally")
    apply_difference(db, tallies)
    db.execute_sql(
        f"INSERT INTO report_tally (kind, t1, t2, n) VALUES ('state', {db.param}, {db.param}, 1)",
        [VERSION, zone_name],
    )
    mark_current(db)


def _written(db: peewee.Database) -> str:
    """SQL of how many writes the watched tables have seen (see migration 0011)."""
    if isinstance(db, peewee.SqliteDatabase):
        return "m1"  # the state row's own column, counted by triggers
    return "(SELECT value FROM change_counter WHERE id = 1)"


def mark_current(db: peewee.Database) -> None:
    """Record that the tallies count every write so far (end of an operation or rebuild)."""
    db.execute_sql(f"UPDATE report_tally SET m2 = {_written(db)} WHERE kind = 'state'")


def state(db: peewee.Database) -> tuple[str, str] | None:
    """The tallies' (version, zone name) while they count every write so far, else None.

    None too when there are none (a zone this machine does not know) or when a client
    other than dealboard's operations changed a deal since (the write count moved on).
    """
    row = db.execute_sql(
        f"SELECT t1, t2, CASE WHEN m2 = {_written(db)} THEN 1 ELSE 0 END"
        " FROM report_tally WHERE kind = 'state'"
    ).fetchone()
    if row is None or not row[2]:
        return None
    return str(row[0]), str(row[1])


def tallies_usable(db: peewee.Database, zone_name: str) -> bool:
    """Whether the tallies are current, of this version, for the database's time zone."""
    return state(db) == (VERSION, zone_name)


def read(db: peewee.Database, kinds: Iterable[str]) -> list[tuple[Any, ...]]:
    """The tally rows of the given kinds: (kind, k1, k2, k3, t1, t2, t3, t4, n, m1 … m7)."""
    names = sorted(set(kinds))
    marks = ", ".join([db.param] * len(names))
    return list(
        db.execute_sql(
            f"SELECT {', '.join((*KEY_COLUMNS, *MEASURES))} FROM report_tally"
            f" WHERE kind IN ({marks})",
            names,
        ).fetchall()
    )


def rebuild_for_settings(db: peewee.Database) -> bool:
    """Rebuild the tallies for the database's stored time zone; False if it is unknown here.

    A zone this machine does not know leaves the tallies unusable (reports scan, and name
    the zone as they already do).
    """
    name = stored_settings(db)["timezone"]
    try:
        tz = zone(name)
    except ValidationError:
        db.execute_sql("DELETE FROM report_tally WHERE kind = 'state'")
        return False
    rebuild(db, tz, name)
    return True


def ensure_current(db: peewee.Database) -> bool:
    """Rebuild the tallies unless they are current for the stored zone; True if rebuilt."""
    if tallies_usable(db, stored_settings(db)["timezone"]):
        return False
    return rebuild_for_settings(db)
