"""Invent demo deals and their histories as table rows, fast: the bulk path of ``models.demo.build``.

``models.demo.build`` replays planned steps through the operations of ``models.operations.deals``, about
4 ms a deal. For big demos ``models.demo.bulk`` uses this module instead. A ``Simulator``
plans each deal as ``models.demo.plan`` does — the same words from ``models.demo.data`` in
English or Dutch, the same customers, amounts and win rates, the same shares of phases,
outcomes, reopenings, corrections and deletions over the same 18 months — and returns the
rows the operations would have written: the deal in its final state, and its ``deal_event``
rows with the same kinds, fields and old → new texts, one new version per change shared by
all its events, nothing written for a change that changes nothing. Time runs in whole minutes
over a table of days, so no datetime is built per event.

Deals come in blocks that can be made in any order and in any process: a block draws from a
``random.Random`` of its own, seeded by the demo's seed and the block's number, and a deal's
age follows from its place in the whole demo (one stratum of the demo's age distribution
each), so deal ids follow creation time and the same seed gives the same rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models.demo import data
from models.demo.changes import DealState, apply_step
from models.demo.market import Org, organizations, quoted_cents, weighted, win_rate
from models.demo.next_steps import next_step_random, pick_next_step
from models.demo.plan import CLOSE_PHASE_WEIGHTS, HISTORY_DAYS
from models.domain.status import CLOSED_STATUSES, AppliesTo, Status
from models.operations.history_rows import created_rows
from models.storage.seed import DEFAULT_REASONS

FUTURE_DAYS = 400  # expected close dates and late steps run past today
MAX_ORGS = 20_000  # about three deals per customer, up to this many customers
WORK_START, WORK_END = 7 * 60, 16 * 60 + 30  # office hours (minutes of the day), as the demo
QUICK = {"switch": 3 * 1440, "delete": 30 * 1440, "restore": 2 * 1440}  # within minutes
MANAGER_STEPS = ("switch", "delete", "restore")  # more often done by the sales lead
CLOCK = tuple(f" {m // 60:02d}:{m % 60:02d}:00" for m in range(1440))  # minute of the day

Row = tuple[Any, ...]
Table = tuple[list[Any], list[float]]


@dataclass(frozen=True)
class Cast:
    """What every block shares, made once from the seed: clock, phases, reasons, customers.

    Days are indexes into ``days`` (ISO dates from 18 months ago to a year ahead); a moment
    is a minute since the first of those days; ``now_m`` is the demo's ``now`` as one.
    """

    seed: int
    lang: str
    count: int
    now_m: int
    days: tuple[str, ...]
    weekdays: tuple[int, ...]
    month_ends: tuple[int, ...]
    phases: tuple[tuple[int, str, int], ...]  # (id, name, probability), board order
    reasons: dict[str, tuple[list[tuple[int, str, float]], list[float]]]  # by outcome
    orgs: Table


def make_cast(
    seed: int,
    *,
    lang: str,
    now: dt.datetime,
    count: int,
    phases: Sequence[tuple[int, str, int]],
    reasons: Sequence[tuple[int, str, str]],
) -> Cast:
    """Set up a demo of ``count`` deals ending at ``now`` (naive UTC) in the given phases.

    ``reasons`` are the active reasons as (id, name, applies_to); their English names (the
    seed's, matched by position for Dutch) decide how often each is chosen.
    """
    rng = random.Random(seed)
    first = now.date() - dt.timedelta(days=HISTORY_DAYS + 1)
    dates = [first + dt.timedelta(days=n) for n in range(HISTORY_DAYS + 1 + FUTURE_DAYS)]
    month_ends = []
    for n, day in enumerate(dates):
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        month_ends.append(min(n + (following - day).days - 1, len(dates) - 1))
    english = {
        local[0]: eng[0]
        for eng, local in zip(DEFAULT_REASONS["en"], DEFAULT_REASONS[lang], strict=True)
    }
    by_outcome: dict[str, tuple[list[tuple[int, str, float]], list[float]]] = {}
    for outcome in CLOSED_STATUSES:
        pairs = []
        for rid, name, applies in reasons:
            if applies in (outcome, AppliesTo.BOTH):
                weight, chance = data.REASON_WEIGHTS.get(english.get(name, name), (1, 0.1))
                pairs.append(((rid, name, chance), weight))
        by_outcome[outcome] = weighted(pairs)
    orgs = organizations(rng, min(max(count // 3, 40), MAX_ORGS))
    return Cast(
        seed=seed,
        lang=lang,
        count=count,
        now_m=(HISTORY_DAYS + 1) * 1440 + now.hour * 60 + now.minute,
        days=tuple(day.isoformat() for day in dates),
        weekdays=tuple(day.weekday() for day in dates),
        month_ends=tuple(month_ends),
        phases=tuple((int(pid), name, int(chance)) for pid, name, chance in phases),
        reasons=by_outcome,
        orgs=weighted([(org, rng.paretovariate(1.6)) for org in orgs]),
    )


def age_at(place: float, count: int) -> float:
    """The age in days of the deal at ``place`` (0 = oldest … ``count``) in the whole demo.

    Like the demo, a quarter of the deals are drawn with a bias to recent months (a
    triangle from 1 to 545 days with its peak at 1) and the rest uniformly; this inverts that
    mixture's distribution, P(age ≤ 1 + x·544) = 1.25·x − 0.25·x².
    """
    share = max(0.0, 1.0 - place / count)
    x = 2.5 - 2.0 * math.sqrt(1.5625 - share)
    return 1.0 + x * (HISTORY_DAYS - 1)


class Simulator:
    """Invents the deals of one block, every choice from one ``random.Random``."""

    def __init__(self, cast: Cast, rng: random.Random) -> None:
        self.cast, self.rng, self.lang = cast, rng, cast.lang
        self.step_rng = next_step_random(rng)  # so each seed's deals stay as they were
        count = len(cast.phases)
        self.team = weighted(list(zip(data.TEAM, data.TEAM_WEIGHTS, strict=True)))
        self.logins = [login for _, login, _ in data.TEAM]
        self.sources = weighted([(source, source[2]) for source in data.SOURCES])
        self.rivals = weighted(data.COMPETITORS)
        self.qualifiers = weighted([(q, q[2]) for q in data.QUALIFIERS])
        weights = [CLOSE_PHASE_WEIGHTS[i] if i < len(CLOSE_PHASE_WEIGHTS) else 10 for i in range(count)]  # fmt: skip
        self.closing = weighted(list(zip(range(count), weights, strict=True)))
        self.waiting = weighted([(i, count - i) for i in range(count)])  # open deals sit early
        self.starts = weighted([(0, 80), (1, 15), (2, 5)])
        self.notes = weighted([(0, 45), (1, 30), (2, 17), (3, 8)])

    def pick(self, table: Table) -> Any:
        """Draw one item from a table made by ``weighted``."""
        cum = table[1]
        return table[0][bisect.bisect(cum, self.rng.random() * cum[-1], 0, len(cum) - 1)]

    def between(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``, both included."""
        return low + int(self.rng.random() * (high - low + 1))

    def one_of(self, items: Sequence[Any]) -> Any:
        """One of ``items``, each as likely."""
        return items[int(self.rng.random() * len(items))]

    def stamp(self, minute: int) -> str:
        """A moment as the database stores it: 'YYYY-MM-DD HH:MM:00'."""
        return self.cast.days[minute // 1440] + CLOCK[minute % 1440]

    def deal(self, deal_id: int, age: float, events: list[Row]) -> Row:
        """Invent deal ``deal_id`` of ``age`` days: append its events, return its row."""
        rng, rand, cast = self.rng, self.rng.random, self.cast
        owner, login, skill = self.pick(self.team)
        org: Org = self.pick(cast.orgs)
        source = self.pick(self.sources)
        # Young deals are mostly still open, old ones mostly closed; some are simply forgotten.
        closed = age >= 10 and rand() >= 0.05 + 0.85 * math.exp(-age / 110)
        if closed:
            span = rng.lognormvariate(math.log(35), 0.8)
            if span > age - 1:  # a young deal that is closed already closed quickly
                span = (age - 1) * rng.uniform(0.3, 0.95)
            final = self.pick(self.closing)
        else:
            span = age * rng.uniform(0.25, 1.0)
            final = self.pick(self.waiting)
        moment = cast.now_m - age * 1440
        day = int(moment) // 1440
        title, low, high = self._title(day)
        expected = None
        if rand() < 0.9:
            expected = day + self.between(21, 130)
            if rand() < 0.4:  # many people just say "end of the month"
                expected = cast.month_ends[expected]
        start = min(final, self.pick(self.starts))
        value = self._value(low, high)
        state = DealState(deal_id, title, owner, value, start, expected, self.one_of(org.contacts))
        steps = self._plan(closed, start, final, win_rate(cast.phases[final][2], skill, source[3]))
        times = self._schedule(steps, moment, span * 1440)
        created = self.stamp(times[0])
        actor = login if rand() < 0.92 else self.one_of(self.logins)
        if rand() < 0.25:
            state.note = f"{created[:10]}: " + self.note_line(state.contact, times[0] // 1440)
        events += created_rows(deal_id, actor, created, title, cast.phases[start][0])
        updated = created
        for (kind, arg), minute in zip(steps, times[1:], strict=True):
            actor = login if rand() < 0.92 else self.one_of(self.logins)
            if kind in MANAGER_STEPS and rand() < 0.6:
                actor = data.MANAGER
            elif kind == "owner":  # the manager hands over; the new owner works on
                actor, login = data.MANAGER, arg[1]
            stamp = self.stamp(minute)
            if apply_step(self, state, kind, arg, stamp, minute, actor, events):
                updated = stamp
        step = self._next_step(state)
        if step is not None:  # right after the last change, by the owner
            minute = max(times[-1], min(times[-1] + 3, cast.now_m - 1))
            stamp = self.stamp(minute)
            if apply_step(self, state, "next_step", step, stamp, minute, login, events):
                updated = stamp
        s, source_name = state, data.pick_lang(source, self.lang)
        return (
            deal_id, title, org.name, s.contact, s.owner, source_name, s.value,
            cast.phases[s.phase][0], s.status, s.override, s.at_close,
            s.reason[0] if s.reason else None, s.competitor, s.close_note, s.note,
            None if s.expected is None else cast.days[s.expected],
            created, updated, s.closed_at, s.deleted_at, s.version, s.next_step,
            s.next_step_date,
        )  # fmt: skip

    def _next_step(self, state: DealState) -> tuple[str, int | None] | None:
        """An open, live deal's next step (``next_steps``): text and day index, or None."""
        if state.status != Status.OPEN or state.deleted_at is not None:
            return None
        picked = pick_next_step(self.step_rng, self.lang, state.contact)
        if picked is None:
            return None
        text, days = picked
        return text, None if days is None else self.cast.now_m // 1440 + days

    def _title(self, day: int) -> tuple[str, int, int]:
        """A title and the product's typical value range in whole euros, as the demo's."""
        lang = self.lang
        product = self.one_of(data.PRODUCTS)
        text = self.cast.days[day]
        quarter = (int(text[5:7]) - 1) // 3 + 2  # the quarter after the one it starts in
        qualifier = data.pick_lang(self.pick(self.qualifiers), lang)
        if "{" in qualifier:
            qualifier = qualifier.format(
                year=int(text[:4]) + (quarter > 4),
                q=quarter if quarter <= 4 else 1,
                dept=data.pick_lang(self.one_of(data.DEPARTMENTS), lang),
                site=self.one_of(data.SITES),
                users=self.one_of((15, 25, 40, 60, 80, 120, 200, 350, 500)),
            )
        return data.pick_lang(product, lang) + qualifier, product[2], product[3]

    def _value(self, low: int, high: int) -> int:
        """A value in cents, skewed towards the low end, rounded as people quote."""
        return quoted_cents(self.rng, low, high, self.one_of)

    def note_line(self, contact: str, day: int) -> str:
        """A line for a deal's note on ``day``, naming the contact or a month soon after."""
        line = data.pick_lang(self.one_of(data.NOTES), self.lang)
        if "{" not in line:
            return line
        month = data.MONTHS[self.lang][(int(self.cast.days[day][5:7]) + self.between(0, 1)) % 12]
        return line.format(contact=contact.split(" ")[0], month=month)

    def _plan(self, closed: bool, start: int, final: int, chance: float) -> list[tuple[str, Any]]:
        """The changes after creation, in order: moves, edits, closing, deleting."""
        rand = self.rng.random
        middle: list[tuple[str, Any]] = []
        phase = start
        while phase < final:
            phase += 2 if phase + 2 <= final and rand() < 0.08 else 1
            middle.append(("move", phase))
            if 0 < phase < final and rand() < 0.05:  # a setback: back one, then on
                middle += [("move", phase - 1), ("move", phase)]
        extras: list[tuple[str, Any]] = [("note", None)] * self.pick(self.notes)
        if rand() < 0.2:  # a discount or a bigger scope
            extras.append(("value", self.one_of((0.85, 0.9, 0.95, 1.1, 1.2, 1.35))))
        if closed and rand() < 0.15:
            extras.append(("postpone", self.between(14, 75)))
        if rand() < 0.02:
            extras.append(("owner", self.pick(self.team)))
        if closed and rand() < 0.04:
            extras.append(("override", None))
        for extra in extras:
            middle.insert(int(rand() * (len(middle) + 1)), extra)
        if rand() < (0.05 if closed else 0.03):  # closed once, then reopened
            first = Status.REJECTED if rand() < 0.6 else Status.ACCEPTED
            at = int(rand() * (len(middle) + 1))
            middle[at:at] = [("close", first), ("reopen", None)]
        if closed:
            outcome = Status.ACCEPTED if rand() < chance else Status.REJECTED
            if rand() < 0.02:  # closed the wrong way, corrected soon after
                wrong = Status.REJECTED if outcome == Status.ACCEPTED else Status.ACCEPTED
                middle += [("close", wrong), ("switch", outcome)]
            else:
                middle.append(("close", outcome))
        else:
            if rand() < 0.5:  # the owner's latest word on when it will close
                middle.append(("postpone", self.between(14, 90)))
            if rand() < 0.06:
                middle.append(("override", None))
        if rand() < 0.012:
            middle.append(("delete", None))
            if rand() < 0.25:  # deleted by mistake
                middle.append(("restore", None))
        return middle

    def _schedule(self, steps: list[tuple[str, Any]], moment: float, span: float) -> list[int]:
        """Minutes of the creation and of each step: office hours, in order, before now."""
        rng = self.rng
        fractions = sorted(rng.random() for kind, _ in steps if kind not in QUICK)
        if fractions:
            fractions[-1] = 1.0  # the last planned step (the close) ends the span
        later = iter(fractions)
        previous = self._workday(moment)
        times = [previous]
        for kind, _ in steps:
            quick = QUICK.get(kind)
            if quick:
                at = self._workday(previous + self.between(10, quick))
            else:
                at = self._workday(moment + span * next(later))
            if at <= previous:
                at = previous + self.between(2, 45)
            times.append(at)
            previous = at
        cap = self.cast.now_m - 1  # nothing in the future; capping from the end keeps order
        for back in range(len(times)):
            if times[-1 - back] <= cap - back:
                break
            times[-1 - back] = cap - back
        return times

    def _workday(self, moment: float) -> int:
        """Move a moment to a weekday, at a time in office hours, not after now."""
        cast = self.cast
        day = int(moment) // 1440
        weekday = cast.weekdays[day]
        if weekday >= 5:
            day += 7 - weekday
        at = day * 1440 + self.between(WORK_START, WORK_END)
        return at if at < cast.now_m else min(int(moment), cast.now_m)


def simulate_block(cast: Cast, block: int, first: int, count: int) -> tuple[list[Row], list[Row]]:
    """Invent deals ``first`` … ``first + count - 1``, block number ``block`` of the demo.

    Returns the deal rows (columns as ``DEAL_COLUMNS`` of ``models.demo.bulk``) and the event
    rows of their histories, deal by deal, each deal's in time order.
    """
    rng = random.Random(f"dealboard-demo/{cast.seed}/{block}")
    simulator = Simulator(cast, rng)
    events: list[Row] = []
    deals = [
        simulator.deal(deal_id, age_at(deal_id - 1 + rng.random(), cast.count), events)
        for deal_id in range(first, first + count)
    ]
    return deals, events
