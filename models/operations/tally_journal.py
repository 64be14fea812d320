"""Keeps the report tallies current inside every write operation (models.storage.tally).

Each write operation, nested ones too, runs inside a journal (registered with
``models.storage.database.WRITE_HOOKS``). Before a deal changes, ``touch`` records its
contribution to the tallies as it stands; a deal just created contributes nothing before
(``created``). When the operation ends, still inside its transaction, the journal works out
the touched deals' contribution anew and adds the difference, so the tallies change in the
same commit as the deals, or not at all. A deal already touched by an enclosing operation is
left to that one: its "before" is the older one. A change made of many operations (a CSV
import) runs them inside ``gathered``, which settles all their deals once at its end.

Changes that move many deals at once (merging or deleting a phase, changing the time zone)
rebuild the tallies instead (``rebuild``). When the tallies are not usable (a zone this
machine does not know), nothing is kept: they are rebuilt once the zone is known again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from models.domain.errors import ValidationError
from models.domain.periods import zone
from models.storage import tally
from models.storage.database import WRITE_HOOKS
from models.storage.schema import database_proxy


class _Journal:
    """The deals one write operation touched, with their contributions before it."""

    def __init__(self, sql: tally.TallySql | None, *, gathers: bool = False) -> None:
        self.before: dict[int, tally.Tallies | None] = {}
        self.sql = sql  # None: the tallies are not kept (not current, or no zone)
        # True for ``gathered``: the deals nested operations create or touch first are settled
        # here, once, rather than by each of them.
        self.gathers = gathers


_local = threading.local()


def _stack() -> list[_Journal]:
    stack: list[_Journal] | None = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


def _sql() -> tally.TallySql | None:
    """The tally statements for the open database, or None when its tallies are not kept.

    Not kept when they are not current: a write by another client since the last operation
    (``models.storage.tally.state``) leaves them to a rebuild (``dealboard check``).
    """
    db = database_proxy.obj
    found = tally.state(db)
    if found is None or found[0] != tally.VERSION:
        return None
    try:
        return tally.TallySql(db, zone(found[1]))
    except ValidationError:  # a zone this machine does not know: write on, count later
        return None


@contextlib.contextmanager
def journal() -> Iterator[None]:
    """Run one write operation; on success settle the deals it touched.

    The outermost operation decides whether the tallies are kept (they are current when it
    starts) and, at its end, records that they count its writes too.
    """
    stack = _stack()
    entry = _Journal(stack[0].sql if stack else _sql())
    stack.append(entry)
    try:
        yield
        if entry.sql is not None:
            if entry.before:
                _settle(entry, entry.sql)
            if len(stack) == 1:
                tally.mark_current(entry.sql.db)
    finally:
        stack.pop()


@contextlib.contextmanager
def gathered() -> Iterator[None]:
    """Inside a write operation: settle the deals that the operations within touch, once.

    For a change made of many operations (a CSV import): each would otherwise settle its own
    deal, writing that deal's whole contribution to ``report_tally``, and a deal that reached
    k phases contributes k² phase pairs, so an import creating many phases wrote about
    deals × phases² rows. Gathered, every key is counted and written once, for all the deals
    together (tallies add up), and the result is the same. Settled when the block ends
    without an exception, inside the transaction (and any savepoint) around it.
    """
    stack = _stack()
    if not stack:
        raise RuntimeError("gathered() is for inside a write operation")
    entry = _Journal(stack[-1].sql, gathers=True)
    stack.append(entry)
    try:
        yield
        if entry.sql is not None and entry.before:
            _settle(entry, entry.sql)
    finally:
        stack.pop()


def _owner(deal_id: int) -> _Journal:
    stack = _stack()
    if not stack:
        raise RuntimeError(
            f"deal {deal_id} changed outside a write operation; the report tallies would go stale"
        )
    for entry in stack:
        if deal_id in entry.before:
            return entry
    # A deal new to every operation: the nearest gathering one takes it, else the innermost.
    for entry in reversed(stack):
        if entry.gathers:
            return entry
    return stack[-1]


def touch(deal_id: int) -> None:
    """Record deal ``deal_id``'s contribution before the current operation changes it."""
    entry = _owner(deal_id)
    if deal_id in entry.before or entry.sql is None:
        return
    entry.before[deal_id] = entry.sql.contributions([deal_id])


def created(deal_id: int) -> None:
    """Record that deal ``deal_id`` is new: it contributed nothing before."""
    _owner(deal_id).before.setdefault(deal_id, {})


def _settle(entry: _Journal, sql: tally.TallySql) -> None:
    ids = list(entry.before)
    before: tally.Tallies = {}
    for deal_id in ids:
        for key, measures in (entry.before[deal_id] or {}).items():
            old = before.get(key)
            before[key] = measures if old is None else tally.add(old, measures)
    sql.refresh_phase_time(ids)
    tally.apply_difference(sql.db, tally.difference(before, sql.contributions(ids)))


def rebuild() -> None:
    """Rebuild the tallies of the open database (after a change to many deals at once).

    The rebuilt tallies count every deal as it stands, so a deal this operation (or an
    enclosing one) touched earlier is noted afresh: its settling adds only what changes
    after the rebuild, never its earlier change a second time.
    """
    tally.rebuild_for_settings(database_proxy.obj)
    for entry in _stack():
        if entry.sql is not None and entry.before:
            for deal_id in entry.before:
                entry.before[deal_id] = entry.sql.contributions([deal_id])


WRITE_HOOKS.append(journal)
