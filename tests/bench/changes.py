"""Apply one planned change to a simulated deal and write the history rows it produces.

Each branch mirrors an operation of ``models.deals`` / ``models.deal_status``: the same event
kinds, fields and old → new texts, one new deal version per change shared by all its events,
``phase`` events carrying the phase entered, a move clearing a probability override, closing
recording the probability at that moment, reopening clearing the closing data. A change that
the rules would refuse (moving a closed deal, overriding a closed deal's probability) or that
changes nothing is skipped, as the operation would refuse it or write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models import demo_data as data

if TYPE_CHECKING:
    from tests.bench.simulate import Simulator

CORRECTION_NOTES = {
    "accepted": "Corrected: this deal was won, not lost.",
    "rejected": "Corrected: the customer withdrew; this deal was lost.",
}


@dataclass(slots=True)
class DealState:
    """A deal while its life is simulated; ``phase`` and ``expected`` are indexes."""

    deal_id: int
    title: str
    phase: int
    owner: str
    value: int
    expected: int | None
    note: str = ""
    override: int | None = None
    status: str = "open"
    reason: int | None = None
    competitor: str = ""
    close_note: str = ""
    closed_at: str | None = None
    at_close: int | None = None
    deleted_at: str | None = None
    version: int = 1


def money(cents: int) -> str:
    """Cents as the history writes amounts: '12500.00'."""
    return f"{cents // 100}.{cents % 100:02d}"


def round_cents(euros: float) -> int:
    """Round an amount the way people quote it, in cents (as the demo does)."""
    step = 5_000
    for limit, size in ((1_000, 50), (10_000, 250), (50_000, 500), (200_000, 1_000)):
        if euros < limit:
            step = size
            break
    return max(step, round(euros / step) * step) * 100


def close_choices(sim: Simulator, outcome: str) -> tuple[int | None, str, str]:
    """A reason (always when lost), maybe a competitor (lost), maybe a closing note."""
    rng, rand = sim.rng, sim.rng.random
    reason, rival, note = None, "", ""
    if outcome == "rejected" or rand() < 0.75:
        reason, rival_chance = sim.pick(*sim.reasons[outcome])
        if outcome == "rejected" and rand() < rival_chance:
            rival = sim.pick(sim.rivals, sim.rival_cum)
    if rival and rand() < 0.5:
        note = data.LOST_TO[0].format(competitor=rival)
    elif rand() < 0.4:
        notes = data.CLOSE_NOTES_WON if outcome == "accepted" else data.CLOSE_NOTES_LOST
        note = rng.choice(notes)[0].format(date="the 1st", contact="them", pct=15)
    return reason, rival, note


def apply_change(
    sim: Simulator,
    change: tuple[Any, ...],
    s: DealState,
    stamp: str,
    minute: int,
    actor: str,
    events: list[tuple[Any, ...]],
) -> bool:
    """Apply ``change`` at ``stamp``; append its events; return True when it wrote any."""
    kind, rng = change[0], sim.rng
    v = s.version + 1
    d = s.deal_id
    before = len(events)
    add = events.append
    if kind == "move":
        if s.status == "open" and s.deleted_at is None and change[1] != s.phase:
            old, new = sim.phases[s.phase], sim.phases[change[1]]
            add((d, stamp, actor, "phase", "phase", old[1], new[1], new[0], v))
            if s.override is not None:
                add((d, stamp, actor, "field", "probability_override", str(s.override), None, None, v))  # fmt: skip
                s.override = None
            s.phase = change[1]
    elif kind == "note":
        line = rng.choice(data.NOTES)[0].format(
            contact="them", month=data.MONTHS["en"][rng.randrange(12)]
        )
        new_note = f"{s.note}\n{stamp[:10]}: {line}" if s.note else f"{stamp[:10]}: {line}"
        add((d, stamp, actor, "note", "note", s.note, new_note, None, v))
        s.note = new_note
    elif kind == "value":
        value = round_cents(s.value / 100 * change[1])
        if value != s.value:
            add((d, stamp, actor, "field", "value", money(s.value), money(value), None, v))
            s.value = value
    elif kind == "postpone":
        day = min(minute // 1440 + 14 + int(rng.random() * 76), len(sim.day_text) - 1)
        if day != s.expected:
            old_day = sim.day_text[s.expected] if s.expected is not None else None
            add((d, stamp, actor, "field", "expected_close", old_day, sim.day_text[day], None, v))
            s.expected = day
    elif kind == "owner":  # the manager hands the deal over
        owner = sim.pick(data.TEAM, sim.team_cum)[0]
        if owner != s.owner:
            add((d, stamp, data.MANAGER, "field", "owner", s.owner, owner, None, v))
            s.owner = owner
    elif kind == "override":
        if s.status == "open":
            base = sim.phases[s.phase][2]
            chance = min(95, max(5, base + rng.choice((-20, -15, -10, 10, 15, 20))))
            if chance != s.override:
                old_chance = None if s.override is None else str(s.override)
                add((d, stamp, actor, "field", "probability_override", old_chance, str(chance), None, v))  # fmt: skip
                s.override = chance
    elif kind == "close":
        if s.status == "open" and s.deleted_at is None:
            _close(sim, s, change[1], stamp, actor, v, events)
    elif kind == "switch":
        if s.status not in ("open", change[1]):
            _switch(sim, s, change[1], stamp, actor, v, events)
    elif kind == "reopen":
        if s.status != "open":
            _reopen(sim, s, stamp, actor, v, events)
    elif kind == "delete":
        if s.deleted_at is None:
            who = data.MANAGER if rng.random() < 0.6 else actor
            add((d, stamp, who, "deleted", None, None, s.title, None, v))
            s.deleted_at = stamp
    elif kind == "restore" and s.deleted_at is not None:
        who = data.MANAGER if rng.random() < 0.6 else actor
        add((d, stamp, who, "restored", None, s.deleted_at, None, None, v))
        s.deleted_at = None
    if len(events) == before:
        return False
    s.version = v
    return True


def _close(
    sim: Simulator, s: DealState, outcome: str, stamp: str, actor: str, v: int, events: list
) -> None:
    """Accept or reject in the current phase: status event, then reason, competitor, note."""
    reason, rival, note = close_choices(sim, outcome)
    d = s.deal_id
    events.append((d, stamp, actor, "status", "status", "open", outcome, None, v))
    for field, value in (
        ("reason", sim.reason_names.get(reason)),
        ("competitor", rival),
        ("close_note", note),
    ):
        if value:
            events.append((d, stamp, actor, "field", field, None, value, None, v))
    s.at_close = s.override if s.override is not None else sim.phases[s.phase][2]
    s.status, s.reason, s.competitor, s.close_note = outcome, reason, rival, note
    s.closed_at = stamp


def _switch(
    sim: Simulator, s: DealState, outcome: str, stamp: str, actor: str, v: int, events: list
) -> None:
    """Correct the outcome: a reason that still applies stays, a won deal has no competitor."""
    who = data.MANAGER if sim.rng.random() < 0.6 else actor
    keep = s.reason is not None and sim.applies[s.reason] in (outcome, "both")
    reason, rival, _ = close_choices(sim, outcome)
    if keep:
        reason = s.reason
    note = CORRECTION_NOTES[outcome]
    d = s.deal_id
    events.append((d, stamp, who, "status", "status", s.status, outcome, None, v))
    for field, old, new in (
        ("reason", sim.reason_names.get(s.reason), sim.reason_names.get(reason)),
        ("competitor", s.competitor, rival),
        ("close_note", s.close_note, note),
    ):
        if (old or "") != (new or ""):
            events.append((d, stamp, who, "field", field, old, new, None, v))
    s.status, s.reason, s.competitor, s.close_note = outcome, reason, rival, note


def _reopen(sim: Simulator, s: DealState, stamp: str, actor: str, v: int, events: list) -> None:
    """Back to open: the closing data is cleared, the history keeps it."""
    d = s.deal_id
    events.append((d, stamp, actor, "status", "status", s.status, "open", None, v))
    for field, old in (
        ("reason", sim.reason_names.get(s.reason)),
        ("competitor", s.competitor),
        ("close_note", s.close_note),
        ("probability_at_close", str(s.at_close)),
        ("closed_at", s.closed_at),
    ):
        if old not in (None, ""):
            events.append((d, stamp, actor, "field", field, old, None, None, v))
    s.status, s.reason, s.competitor, s.close_note = "open", None, "", ""
    s.closed_at, s.at_close = None, None
