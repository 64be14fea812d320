"""One simulated change of a deal and its history rows, built as the operations build them.

Part of the bulk demo (``models.demo.bulk``). Each branch of ``apply_step`` mirrors one
operation of ``models.operations.deals``: it changes the simulated deal as the operation
changes the stored one, and takes the change's ``deal_event`` rows from the same builders in
``models.operations.history_rows`` (kinds, fields, old → new texts, order), with one new deal
version per change shared by all its events. A move clears a probability override, closing
records the probability at that moment, switching the outcome keeps when the deal closed,
reopening clears the closing data. A step the rules would refuse (moving a closed deal) or
that changes nothing writes nothing and does not bump the version, as the operation would
refuse it or return without a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.demo import data
from models.demo.market import round_cents
from models.domain.status import Status
from models.operations.history_rows import (
    closed_rows,
    deleted_rows,
    edited_rows,
    moved_rows,
    reopened_rows,
    restored_rows,
    switched_rows,
)

if TYPE_CHECKING:
    from models.demo.simulate import Simulator

Row = tuple[Any, ...]
Reason = tuple[int, str, float]  # id, name, chance that a competitor is named


@dataclass(slots=True)
class DealState:
    """One deal while its life is simulated; ``phase`` and ``expected`` are indexes."""

    deal_id: int
    title: str
    owner: str
    value: int
    phase: int
    expected: int | None
    contact: str
    note: str = ""
    override: int | None = None
    status: str = Status.OPEN
    reason: Reason | None = None
    competitor: str = ""
    close_note: str = ""
    closed_at: str | None = None
    at_close: int | None = None
    deleted_at: str | None = None
    version: int = 1
    next_step: str | None = None
    next_step_date: str | None = None


def apply_step(
    sim: Simulator,
    s: DealState,
    kind: str,
    arg: Any,
    stamp: str,
    minute: int,
    actor: str,
    events: list[Row],
) -> bool:
    """Apply one planned step at ``stamp``; append its events; True when it wrote any."""
    add, v, d, phases = events.extend, s.version + 1, s.deal_id, sim.cast.phases
    before = len(events)
    if kind == "move":
        if s.status == Status.OPEN and s.deleted_at is None and arg != s.phase:
            left, entered = phases[s.phase], phases[arg]
            add(moved_rows(d, actor, stamp, v, left[1], entered[1], entered[0], s.override))
            s.override = None  # a move clears the override
            s.phase = arg
    elif kind == "note":
        line = f"{stamp[:10]}: {sim.note_line(s.contact, minute // 1440)}"
        note = f"{s.note}\n{line}" if s.note else line
        add(edited_rows(d, actor, stamp, v, (("note", s.note, note),)))
        s.note = note
    elif kind == "value":
        value = round_cents(s.value / 100 * arg)
        if value != s.value:
            add(edited_rows(d, actor, stamp, v, (("value", s.value, value),)))
            s.value = value
    elif kind == "postpone":
        day = minute // 1440 + arg
        if day != s.expected:
            days = sim.cast.days
            old_day = None if s.expected is None else days[s.expected]
            change = ("expected_close", old_day, days[day])
            add(edited_rows(d, actor, stamp, v, (change,)))
            s.expected = day
    elif kind == "owner":
        if arg[0] != s.owner:
            add(edited_rows(d, actor, stamp, v, (("owner", s.owner, arg[0]),)))
            s.owner = arg[0]
    elif kind == "override":
        if s.status == Status.OPEN:
            shift = sim.one_of((-20, -15, -10, 10, 15, 20))
            chance = min(95, max(5, phases[s.phase][2] + shift))
            if chance != s.override:
                add(
                    edited_rows(d, actor, stamp, v, (("probability_override", s.override, chance),))
                )
                s.override = chance
    elif kind == "close":
        if s.status == Status.OPEN and s.deleted_at is None:
            _close(sim, s, arg, stamp, minute // 1440, actor, events)
    elif kind == "switch":
        if s.status not in (Status.OPEN, arg):
            _switch(sim, s, arg, stamp, actor, events)
    elif kind == "reopen":
        if s.status != Status.OPEN:
            _reopen(s, stamp, actor, events)
    elif kind == "delete":
        if s.deleted_at is None:
            add(deleted_rows(d, actor, stamp, v, s.title))
            s.deleted_at = stamp
    elif kind == "next_step":  # (text, day index or None), set as edit_deal sets both
        text, day = arg
        date = None if day is None else sim.cast.days[day]
        changes = [
            (field, old, new)
            for field, old, new in (
                ("next_step", s.next_step, text),
                ("next_step_date", s.next_step_date, date),
            )
            if old != new
        ]
        if changes:
            add(edited_rows(d, actor, stamp, v, changes))
            s.next_step, s.next_step_date = text, date
    elif kind == "restore" and s.deleted_at is not None:
        add(restored_rows(d, actor, stamp, v, s.deleted_at))
        s.deleted_at = None
    if len(events) == before:
        return False
    s.version = v
    return True


def _choose(sim: Simulator, outcome: str) -> tuple[Reason | None, str]:
    """A fitting reason (always when lost, mostly when won), maybe a competitor (lost)."""
    rand = sim.rng.random
    reason = None
    if outcome == Status.REJECTED or rand() < 0.75:
        reason = sim.pick(sim.cast.reasons[outcome])
    rival = ""
    if outcome == Status.REJECTED and reason and rand() < reason[2]:
        rival = sim.pick(sim.rivals)
    return reason, rival


def _close(
    sim: Simulator, s: DealState, outcome: str, stamp: str, day: int, actor: str, events: list[Row]
) -> None:
    """Accept or reject in the current phase: status event, then reason, competitor, note."""
    rand, v, d = sim.rng.random, s.version + 1, s.deal_id
    reason, rival = _choose(sim, outcome)
    template = None
    if rival and rand() < 0.5:
        template = data.LOST_TO
    elif rand() < 0.4:
        template = sim.one_of(data.CLOSE_NOTES_WON if outcome == Status.ACCEPTED else data.CLOSE_NOTES_LOST)  # fmt: skip
    note = ""
    if template:
        note = data.pick_lang(template, sim.lang).format(
            date=sim.cast.days[day + sim.between(7, 30)],
            contact=s.contact.split(" ")[0],
            competitor=rival,
            pct=sim.one_of((10, 15, 20, 25, 30)),
        )
    events += closed_rows(d, actor, stamp, v, outcome, (reason[1] if reason else None, rival, note))
    s.at_close = s.override if s.override is not None else sim.cast.phases[s.phase][2]
    s.status, s.reason, s.competitor, s.close_note = outcome, reason, rival, note
    s.closed_at = stamp


def _switch(
    sim: Simulator, s: DealState, outcome: str, stamp: str, actor: str, events: list[Row]
) -> None:
    """Correct the outcome with a fresh reason and a note saying so; no competitor when won."""
    v, d = s.version + 1, s.deal_id
    reason, rival = _choose(sim, outcome)
    note = data.pick_lang(data.CORRECTIONS[outcome], sim.lang)
    before = (s.reason[1] if s.reason else None, s.competitor, s.close_note)
    after = (reason[1] if reason else None, rival, note)
    events += switched_rows(d, actor, stamp, v, s.status, outcome, before, after)
    s.status, s.reason, s.competitor, s.close_note = outcome, reason, rival, note


def _reopen(s: DealState, stamp: str, actor: str, events: list[Row]) -> None:
    """Back to open: the closing data is cleared, the history keeps it."""
    v, d = s.version + 1, s.deal_id
    closing = (s.reason[1] if s.reason else None, s.competitor, s.close_note)
    events += reopened_rows(d, actor, stamp, v, s.status, closing, s.at_close, s.closed_at)
    s.status, s.reason, s.competitor, s.close_note = Status.OPEN, None, "", ""
    s.closed_at, s.at_close = None, None
