"""The history rows of one simulated change, as the operations of ``models.operations.deals`` write them.

Part of the bulk demo (``models.demo.bulk``). Each branch of ``apply_step`` mirrors one
operation: the same event kinds, fields and old → new texts (amounts as '12500.00', dates
as ISO text, numbers as digits), one new deal version per change shared by all its events,
``phase`` events carrying the phase entered, a move clearing a probability override, closing
recording the probability at that moment, switching the outcome keeping when the deal
closed, reopening clearing the closing data. A step the rules would refuse (moving a closed
deal) or that changes nothing writes nothing and does not bump the version, as the
operation would refuse it or return without a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.demo import data
from models.demo.plan import money, round_cents
from models.domain.status import Status

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
    add, v, d, phases = events.append, s.version + 1, s.deal_id, sim.cast.phases
    before = len(events)
    if kind == "move":
        if s.status == Status.OPEN and s.deleted_at is None and arg != s.phase:
            left, entered = phases[s.phase], phases[arg]
            add((d, stamp, actor, "phase", "phase", left[1], entered[1], entered[0], v))
            if s.override is not None:  # a move clears the override
                add((d, stamp, actor, "field", "probability_override", str(s.override), None, None, v))  # fmt: skip
                s.override = None
            s.phase = arg
    elif kind == "note":
        line = f"{stamp[:10]}: {sim.note_line(s.contact, minute // 1440)}"
        note = f"{s.note}\n{line}" if s.note else line
        add((d, stamp, actor, "note", "note", s.note, note, None, v))
        s.note = note
    elif kind == "value":
        value = round_cents(s.value / 100 * arg)
        if value != s.value:
            add((d, stamp, actor, "field", "value", money(s.value), money(value), None, v))
            s.value = value
    elif kind == "postpone":
        day = minute // 1440 + arg
        if day != s.expected:
            days = sim.cast.days
            old_day = None if s.expected is None else days[s.expected]
            add((d, stamp, actor, "field", "expected_close", old_day, days[day], None, v))
            s.expected = day
    elif kind == "owner":
        if arg[0] != s.owner:
            add((d, stamp, actor, "field", "owner", s.owner, arg[0], None, v))
            s.owner = arg[0]
    elif kind == "override":
        if s.status == Status.OPEN:
            shift = sim.one_of((-20, -15, -10, 10, 15, 20))
            chance = min(95, max(5, phases[s.phase][2] + shift))
            if chance != s.override:
                old = None if s.override is None else str(s.override)
                add((d, stamp, actor, "field", "probability_override", old, str(chance), None, v))  # fmt: skip
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
            add((d, stamp, actor, "deleted", None, None, s.title, None, v))
            s.deleted_at = stamp
    elif kind == "restore" and s.deleted_at is not None:
        add((d, stamp, actor, "restored", None, s.deleted_at, None, None, v))
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
    events.append((d, stamp, actor, "status", "status", Status.OPEN, outcome, None, v))
    for field, value in (
        ("reason", reason[1] if reason else None),
        ("competitor", rival),
        ("close_note", note),
    ):
        if value:
            events.append((d, stamp, actor, "field", field, None, value, None, v))
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
    events.append((d, stamp, actor, "status", "status", s.status, outcome, None, v))
    for field, old, new in (
        ("reason", s.reason[1] if s.reason else None, reason[1] if reason else None),
        ("competitor", s.competitor, rival),
        ("close_note", s.close_note, note),
    ):
        if (old or "") != (new or ""):
            events.append((d, stamp, actor, "field", field, old, new, None, v))
    s.status, s.reason, s.competitor, s.close_note = outcome, reason, rival, note


def _reopen(s: DealState, stamp: str, actor: str, events: list[Row]) -> None:
    """Back to open: the closing data is cleared, the history keeps it."""
    v, d = s.version + 1, s.deal_id
    events.append((d, stamp, actor, "status", "status", s.status, Status.OPEN, None, v))
    for field, old in (
        ("reason", s.reason[1] if s.reason else None),
        ("competitor", s.competitor),
        ("close_note", s.close_note),
        ("probability_at_close", None if s.at_close is None else str(s.at_close)),
        ("closed_at", s.closed_at),
    ):
        if old not in (None, ""):
            events.append((d, stamp, actor, "field", field, old, None, None, v))
    s.status, s.reason, s.competitor, s.close_note = Status.OPEN, None, "", ""
    s.closed_at, s.at_close = None, None
