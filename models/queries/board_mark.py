"""Where the database stood when the board was read: what live refresh asks "since when".

Every change to a deal goes through ``models.operations`` and writes history rows
(``deal_event``) whose ids rise. So "which deals changed since I looked" is "which deals
have history rows with a higher id than the highest I saw" — one indexed query on the
primary key, however big the board. Changes to phases and settings write no history rows;
the mark keeps a fingerprint of those two small tables, and a different fingerprint means
"reload everything".

On PostgreSQL ids come from a sequence when a row is inserted, not when its transaction
commits: a transaction that took id 100 may commit after one that took 101. The mark
therefore remembers the ids below its highest one that it has not seen yet (``pending``),
asks for them again on the next looks, and gives one up after ``PENDING_LOOKS`` looks (an id
whose transaction was rolled back never appears). On SQLite one writer at a time commits,
so ids appear in order and ``pending`` stays empty in practice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.operations.settings import get_settings
from models.storage.schema import database_proxy

# How far below the highest id the first look searches for ids not committed yet.
WINDOW = 64
# Looks after which an id still missing is taken for a rolled-back one.
PENDING_LOOKS = 20


@dataclass(frozen=True)
class HistoryMark:
    """The highest history id seen, and the ids below it not seen yet (with looks left)."""

    last_id: int
    pending: tuple[tuple[int, int], ...] = ()


# A phase as the board shows it: id, name, probability, position, archived.
PhaseRow = tuple[int, str, int, int, bool]
# The phases and the settings (sorted name-value pairs) the board was built on.
BoardConfig = tuple[tuple[PhaseRow, ...], tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class BoardMark:
    """A history mark and the fingerprint of the phases and settings the board was built on."""

    history: HistoryMark
    config: BoardConfig


def board_config(settings: dict[str, str] | None = None) -> BoardConfig:
    """Everything about phases and settings that the board shows, as one comparable value.

    ``settings``: ``get_settings()`` when the caller has just read them.
    """
    db = database_proxy.obj
    phases: tuple[PhaseRow, ...] = tuple(
        (row[0], row[1], row[2], row[3], bool(row[4]))
        for row in db.execute_sql(
            "SELECT id, name, probability, position, archived FROM phase ORDER BY id"
        )
    )
    return (phases, tuple(sorted((settings or get_settings()).items())))


def phase_probabilities(config: BoardConfig) -> dict[int, int]:
    """Each phase's probability, from a ``board_config`` fingerprint."""
    return {phase[0]: phase[2] for phase in config[0]}


def _gaps(low: int, high: int, seen: set[int]) -> list[int]:
    """The ids in (low, high] not in ``seen``, looking at most ``WINDOW`` ids below ``high``."""
    return [i for i in range(max(low, high - WINDOW, 0) + 1, high + 1) if i not in seen]


def history_mark() -> HistoryMark:
    """The mark of the history as it is now (taken before reading what it marks)."""
    db = database_proxy.obj
    top = int(db.execute_sql("SELECT MAX(id) FROM deal_event").fetchone()[0] or 0)
    seen = {
        row[0]
        for row in db.execute_sql(
            f"SELECT id FROM deal_event WHERE id > {db.param}", [max(top - WINDOW, 0)]
        )
    }
    return HistoryMark(top, tuple((i, PENDING_LOOKS) for i in _gaps(0, top, seen)))


def board_mark() -> BoardMark:
    """The mark to keep with a board read right after it."""
    return BoardMark(history_mark(), board_config())


@dataclass(frozen=True)
class HistoryEvent:
    """One history row: which deal it changed and how (``created``, ``phase``, ``status``…)."""

    id: int
    deal_id: int
    kind: str


def events_since(mark: HistoryMark, limit: int) -> tuple[list[HistoryEvent], HistoryMark] | None:
    """History rows written since ``mark`` and the mark after them; None when over ``limit``."""
    db = database_proxy.obj
    pending = [i for i, _ in mark.pending]
    sql = f"SELECT id, deal_id, kind FROM deal_event WHERE id > {db.param}"
    if pending:
        sql += f" OR id IN ({', '.join([db.param] * len(pending))})"
    rows = db.execute_sql(f"{sql} ORDER BY id LIMIT {int(limit) + 1}", [mark.last_id, *pending])
    events = [HistoryEvent(int(i), int(deal), str(kind)) for i, deal, kind in rows]
    if len(events) > limit:
        return None
    return events, next_mark(mark, [event.id for event in events])


def next_mark(mark: HistoryMark, ids: Sequence[int]) -> HistoryMark:
    """The mark after seeing ``ids``: the highest id, and what is still missing below it."""
    seen = set(ids)
    top = max([mark.last_id, *seen])
    still = [(i, looks - 1) for i, looks in mark.pending if i not in seen and looks > 1]
    new = [(i, PENDING_LOOKS) for i in _gaps(mark.last_id, top, seen)]
    return HistoryMark(top, tuple(still + new))
