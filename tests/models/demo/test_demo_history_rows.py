"""The bulk demo writes every change's history exactly as the operations write it.

Deals are simulated by the bulk demo's own code (``models.demo.simulate``, which changes them
with ``models.demo.changes.apply_step``); every change it makes is then made again through
the real operation on a real database, and the ``deal_event`` rows of both must be the same:
kinds, fields, old and new texts, phases, versions, actors, times and order. Some deals follow
scripts so that every kind of change is made (each field edited, moves with and without an
override, accepting, rejecting, switching, reopening, deleting, restoring); others follow the
demo's own plans.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import peewee
import pytest

from models.demo import data, simulate
from models.demo.bulk import EVENT_COLUMNS
from models.demo.changes import DealState
from models.demo.market import money
from models.demo.simulate import Cast, make_cast, simulate_block
from models.operations.deals import (
    close_deal,
    create_deal,
    delete_deal,
    edit_deal,
    move_deal,
    reopen_deal,
    restore_deal,
    switch_outcome,
)
from models.operations.lookup import active_phases
from models.operations.stay_rows import stays_from_events
from models.storage.schema import Reason

NOW = dt.datetime(2026, 5, 1, 12, 0)
TEAM = data.TEAM
# Lives that together make every kind of change; phases are board positions (0 = first).
SCRIPTS: tuple[list[tuple[str, Any]], ...] = (
    [
        ("next_step", ("Call Anna", 560)), ("next_step", ("Mail the offer", None)),
        ("note", None), ("note", None), ("value", 1.2), ("value", 0.85), ("postpone", 30),
        ("postpone", 45), ("owner", TEAM[0]), ("owner", TEAM[5]), ("override", None),
        ("move", 3), ("override", None), ("override", None), ("move", 1), ("move", 4),
        ("close", "rejected"), ("switch", "accepted"), ("reopen", None), ("move", 2),
        ("close", "accepted"), ("switch", "rejected"), ("reopen", None), ("note", None),
        ("close", "rejected"), ("delete", None), ("restore", None),
    ],
    [
        ("override", None), ("move", 2), ("close", "accepted"), ("reopen", None),
        ("override", None), ("close", "rejected"), ("switch", "accepted"), ("delete", None),
    ],
    [("close", "rejected"), ("reopen", None), ("delete", None), ("restore", None)],
)  # fmt: skip
EVERY_KIND = {
    ("created", None),
    ("phase", "phase"),
    ("note", "note"),
    ("status", "status"),
    ("deleted", None),
    ("restored", None),
    *(
        ("field", field)
        for field in (
            "value", "expected_close", "owner", "probability_override", "reason", "competitor",
            "close_note", "probability_at_close", "closed_at", "next_step", "next_step_date",
        )
    ),
}  # fmt: skip
EVENTS_SQL = f"SELECT {EVENT_COLUMNS} FROM deal_event ORDER BY id"
STAYS_SQL = "SELECT deal_id, phase_id, started_at, ended_at FROM deal_stay ORDER BY id"


@dataclasses.dataclass
class Recorded:
    """What the simulation did: each deal as created, and each change that wrote history."""

    live: dict[int, DealState] = dataclasses.field(default_factory=dict)
    created: dict[int, DealState] = dataclasses.field(default_factory=dict)
    changes: list[tuple[str, str, str, DealState]] = dataclasses.field(default_factory=list)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    """Watch the bulk demo's simulation: keep every deal's first state and every change."""
    seen = Recorded()
    apply_step = simulate.apply_step

    def watched(sim: Any, s: DealState, kind: str, arg: Any, stamp: str, *rest: Any) -> bool:
        seen.created.setdefault(s.deal_id, dataclasses.replace(s))
        wrote = apply_step(sim, s, kind, arg, stamp, *rest)
        if wrote:
            actor = rest[1]
            seen.changes.append((kind, stamp, actor, dataclasses.replace(s)))
        return wrote

    made = simulate.DealState

    def start(*args: Any) -> DealState:
        state = made(*args)
        seen.live[state.deal_id] = state  # as created, until its first step
        return state

    monkeypatch.setattr(simulate, "apply_step", watched)
    monkeypatch.setattr(simulate, "DealState", start)
    return seen


def demo_cast(seed: int, count: int) -> Cast:
    """The bulk demo's cast for this database's active phases and reasons."""
    phases = [(p.id, p.name, p.probability) for p in active_phases()]
    reasons = [
        (r.id, r.name, r.applies_to)
        for r in Reason.select().where(~Reason.archived).order_by(Reason.id)
    ]
    return make_cast(seed, lang="en", now=NOW, count=count, phases=phases, reasons=reasons)


def as_stored(events: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The demo's event rows as the bulk path stores them, read back from SQLite."""
    memory = sqlite3.connect(":memory:")
    try:
        memory.execute(f"CREATE TABLE deal_event ({EVENT_COLUMNS})")
        memory.executemany(f"INSERT INTO deal_event VALUES ({', '.join('?' * 9)})", events)
        return memory.execute(f"SELECT {EVENT_COLUMNS} FROM deal_event ORDER BY rowid").fetchall()
    finally:
        memory.close()


def redo(cast: Cast, created: dict[int, tuple[str, str]], recorded: Recorded) -> None:
    """Make every simulated deal and change again through the operations, deal by deal."""
    changes: dict[int, list[tuple[str, str, str, DealState]]] = {}
    for change in recorded.changes:
        changes.setdefault(change[3].deal_id, []).append(change)
    for deal_id in sorted(recorded.live):
        s = recorded.created.get(deal_id, recorded.live[deal_id])
        stamp, actor = created[deal_id]
        made = create_deal(
            s.title,
            actor=actor,
            owner=s.owner,
            contact=s.contact,
            value=money(s.value),
            phase=cast.phases[s.phase][0],
            expected_close=None if s.expected is None else cast.days[s.expected],
            note=s.note,
            at=dt.datetime.fromisoformat(stamp),
        )
        assert made.id == deal_id
        for kind, stamp, actor, after in changes.get(deal_id, []):
            OPERATIONS[kind](cast, after, actor=actor, at=dt.datetime.fromisoformat(stamp))


def _reason(after: DealState) -> int | None:
    return after.reason[0] if after.reason else None


def _edit(field: str, value: Callable[[Cast, DealState], object]) -> Callable[..., object]:
    return lambda cast, after, **when: edit_deal(after.deal_id, {field: value(cast, after)}, **when)


# For each kind of step the demo simulates, the operation that makes the same change, given
# the simulated deal after the step.
OPERATIONS: dict[str, Callable[..., object]] = {
    "move": lambda cast, after, **when: move_deal(
        after.deal_id, cast.phases[after.phase][0], **when
    ),
    "note": _edit("note", lambda cast, after: after.note),
    "value": _edit("value", lambda cast, after: money(after.value)),
    "postpone": _edit("expected_close", lambda cast, after: cast.days[after.expected]),  # type: ignore[index]
    "owner": _edit("owner", lambda cast, after: after.owner),
    "override": _edit("probability_override", lambda cast, after: after.override),
    "close": lambda cast, after, **when: close_deal(
        after.deal_id,
        after.status,
        reason=_reason(after),
        competitor=after.competitor,
        note=after.close_note,
        **when,
    ),
    "switch": lambda cast, after, **when: switch_outcome(
        after.deal_id,
        reason=_reason(after),
        competitor=after.competitor,
        note=after.close_note,
        **when,
    ),
    "reopen": lambda cast, after, **when: reopen_deal(after.deal_id, **when),
    "delete": lambda cast, after, **when: delete_deal(after.deal_id, **when),
    "restore": lambda cast, after, **when: restore_deal(after.deal_id, **when),
    "next_step": lambda cast, after, **when: edit_deal(
        after.deal_id,
        {"next_step": after.next_step, "next_step_date": after.next_step_date},
        **when,
    ),
}


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The demo's deals follow ``SCRIPTS`` in turn instead of plans of their own."""
    turn = iter(range(10**6))
    monkeypatch.setattr(
        simulate.Simulator, "_plan", lambda self, *args: list(SCRIPTS[next(turn) % len(SCRIPTS)])
    )
    yield


def simulate_and_redo(seed: int, count: int, recorded: Recorded) -> tuple[list, list]:
    """Simulate ``count`` deals in bulk, make them again through the operations; both rows."""
    cast = demo_cast(seed, count)
    _, events = simulate_block(cast, 0, 1, count)
    created = {row[0]: (row[1], row[2]) for row in events if row[3] == "created"}
    redo(cast, created, recorded)
    return as_stored(events), events


def stored_rows(rows: Callable[..., list[dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """The operations' event rows, as SQLite gives them, in id order."""
    names = [name.strip() for name in EVENT_COLUMNS.split(",")]
    return [tuple(row[name] for name in names) for row in rows(EVENTS_SQL)]


@pytest.mark.sqlite_only  # the rows are built alike on both; the demo is SQLite only
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_kind_of_change_writes_the_same_rows(
    db: peewee.Database,
    rows: Callable[..., list[dict[str, Any]]],
    recorded: Recorded,
    scripted: None,
    seed: int,
) -> None:
    demo_rows, _ = simulate_and_redo(seed, 6, recorded)
    assert stored_rows(rows) == demo_rows
    assert {(row[3], row[4]) for row in demo_rows} == EVERY_KIND


@pytest.mark.sqlite_only
def test_the_demos_own_plans_write_the_same_rows(
    db: peewee.Database, rows: Callable[..., list[dict[str, Any]]], recorded: Recorded
) -> None:
    demo_rows, _ = simulate_and_redo(5, 60, recorded)
    assert len(demo_rows) > 250
    assert stored_rows(rows) == demo_rows


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("seed", "count"), [(1, 6), (5, 60)])
def test_the_operations_record_the_stays_the_demo_builds(
    db: peewee.Database,
    rows: Callable[..., list[dict[str, Any]]],
    recorded: Recorded,
    scripted: None,
    seed: int,
    count: int,
) -> None:
    """The bulk demo's ``deal_stay`` rows (``stays_from_events``) are the operations' own."""
    demo_rows, _ = simulate_and_redo(seed, count, recorded)
    written = [tuple(row.values()) for row in rows(STAYS_SQL)]
    assert sorted(written, key=by_start) == sorted(stays_from_events(demo_rows), key=by_start)
    assert any(end is None for *_, end in written) and any(end for *_, end in written)


def by_start(stay: tuple[Any, ...]) -> tuple[Any, ...]:
    """A stay's sort key: deal, start, phase (the end may be None)."""
    return stay[0], stay[2], stay[1]
