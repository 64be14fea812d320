"""Invent deals and their lives for the bulk generator: who, what, which phases, when.

A ``Simulator`` draws every choice from one seeded ``random.Random`` and never touches a
file, so the same seed, size and clock give the same rows. ``Simulator.deal`` returns a deal
row in its final state and appends the ``deal_event`` rows of its history, applying each
planned change with ``tests.bench.changes`` exactly as the operations in ``models.deals``
would record it. The shape follows the demo (``models.demo_plan``): about 20 % open, the
rest won or lost in every phase, 18 months of history, names from ``models.demo_data``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from collections.abc import Sequence
from typing import Any

from models import demo_data as data
from tests.bench.changes import DealState, apply_change, round_cents

HISTORY_DAYS = 545  # about 18 months, as the demo
FUTURE_DAYS = 400  # expected close dates run past today
WORK_START, WORK_MINUTES = 7 * 60, 10 * 60  # changes happen between 07:00 and 17:00 UTC
CLOSE_PHASE_WEIGHTS = (20, 20, 25, 20, 15)  # where closed deals closed, by phase index

Row = tuple[Any, ...]


def cumulative(weights: Sequence[float]) -> list[float]:
    """Cumulative weights for ``Simulator.pick``."""
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


class Simulator:
    """Invents deals with their histories, one seeded ``Random`` for every choice."""

    def __init__(
        self,
        rng: random.Random,
        now: dt.datetime,
        count: int,
        phases: list[tuple[int, str, int]],
        reasons: list[tuple[int, str, str]],
    ) -> None:
        self.rng = rng
        self.phases = phases  # (id, name, probability) of the active phases in board order
        base = now.date() - dt.timedelta(days=HISTORY_DAYS)
        days = [base + dt.timedelta(days=n) for n in range(HISTORY_DAYS + FUTURE_DAYS)]
        self.day_text = [day.isoformat() for day in days]
        self.weekday = [day.weekday() for day in days]
        self.month_end = []
        for n, day in enumerate(days):
            following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            self.month_end.append(min(n + (following - day).days - 1, len(days) - 1))
        self.clock = [f" {m // 60:02d}:{m % 60:02d}:00" for m in range(1440)]
        self.now_m = HISTORY_DAYS * 1440 + now.hour * 60 + now.minute
        self.team_cum = cumulative(data.TEAM_WEIGHTS)
        self.logins = [login for _, login, _ in data.TEAM]
        self.source_cum = cumulative([source[2] for source in data.SOURCES])
        self.rivals = [name for name, _ in data.COMPETITORS]
        self.rival_cum = cumulative([weight for _, weight in data.COMPETITORS])
        self.qualifier_cum = cumulative([qualifier[2] for qualifier in data.QUALIFIERS])
        self.reason_names = {rid: name for rid, name, _ in reasons}
        self.applies = {rid: applies for rid, _, applies in reasons}
        self.reasons: dict[str, tuple[list[tuple[int, float]], list[float]]] = {}
        for outcome in ("accepted", "rejected"):
            fitting = [
                (rid, data.REASON_WEIGHTS.get(name, (1, 0.1)))
                for rid, name, applies in reasons
                if applies in (outcome, "both")
            ]
            self.reasons[outcome] = (
                [(rid, weights[1]) for rid, weights in fitting],
                cumulative([weights[0] for _, weights in fitting]),
            )
        self.orgs = self._organizations(min(max(count // 3, 40), 20_000))
        self.org_cum = cumulative([rng.paretovariate(1.6) for _ in self.orgs])
        # Ages in days, oldest first, so deal ids roughly follow creation time; a quarter is
        # biased to recent months (the business grows).
        self.ages = sorted(
            (
                rng.triangular(1, HISTORY_DAYS, 1)
                if rng.random() < 0.25
                else rng.uniform(1, HISTORY_DAYS)
            )
            for _ in range(count)
        )[::-1]

    def pick(self, items: Sequence[Any], cum: list[float]) -> Any:
        """Draw one item by cumulative weights."""
        return items[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def stamp(self, minute: int) -> str:
        """A minute of the timeline (0 = midnight 18 months ago) as a stored timestamp."""
        return self.day_text[minute // 1440] + self.clock[minute % 1440]

    def _organizations(self, count: int) -> list[tuple[str, tuple[str, ...]]]:
        """Invented customers and their contacts, as the demo makes them."""
        rng, seen, orgs = self.rng, set(), []
        for _ in range(count * 20):  # the name space is far larger; this only bounds the loop
            if len(orgs) == count:
                break
            roll, region = rng.random(), "nl"
            if roll < 0.45:
                surname, trade = rng.choice(data.DUTCH_SURNAMES), rng.choice(data.DUTCH_TRADES)
                partner = rng.choice(data.DUTCH_SURNAMES)
                name = rng.choice(
                    (
                        f"{surname} {trade} B.V.",
                        f"{trade} {surname}",
                        f"{surname} & {partner} {trade}",
                    )
                )
            elif roll < 0.6:
                name = rng.choice(data.PUBLIC_PATTERNS).format(city=rng.choice(data.DUTCH_CITIES))
            else:
                form, region = rng.choice(data.LEGAL_FORMS)
                brand = rng.choice(data.BRAND_HEADS) + rng.choice(data.BRAND_TAILS)
                name = f"{brand}{rng.choice(data.BRAND_TRADES)} {form}"
            if name in seen:
                continue
            seen.add(name)
            people = tuple(
                data.person(
                    rng.choice(data.FIRST_NAMES[region]), rng.choice(data.LAST_NAMES[region])
                )
                for _ in range(rng.choice((1, 1, 2, 2, 3)))
            )
            orgs.append((name, people))
        return orgs

    def _title(self, day: int) -> tuple[str, int, int]:
        """A title and the product's typical value range in whole euros."""
        rng = self.rng
        product = rng.choice(data.PRODUCTS)
        year, month = int(self.day_text[day][:4]), int(self.day_text[day][5:7])
        quarter = (month - 1) // 3 + 2  # the quarter after the one it starts in
        qualifier = self.pick(data.QUALIFIERS, self.qualifier_cum)[0]
        if "{" in qualifier:
            qualifier = qualifier.format(
                year=year + (quarter > 4),
                q=quarter if quarter <= 4 else 1,
                dept=rng.choice(data.DEPARTMENTS)[0],
                site=rng.choice(data.SITES),
                users=rng.choice((15, 25, 40, 60, 80, 120, 200, 350, 500)),
            )
        return product[0] + qualifier, product[2], product[3]

    def _value(self, low: int, high: int) -> int:
        """A value in cents, skewed to the low end, rounded as people quote."""
        rng = self.rng
        lo, hi = math.log(low), math.log(high)
        euros = math.exp(rng.triangular(lo, hi, lo + 0.3 * (hi - lo)))
        if rng.random() < 0.1:  # quoted as hours × rate, so not a round number
            rate = rng.choice((85, 95, 110, 125, 140))
            return max(4, round(euros / rate)) * rate * 100
        return round_cents(euros)

    def _plan(self, closed: bool, start: int, final: int, chance: float) -> list[tuple[Any, ...]]:
        """The changes after creation, in order: moves, edits, closing, deleting."""
        rng, rand = self.rng, self.rng.random
        middle: list[tuple[Any, ...]] = []
        phase = start
        while phase < final:
            phase += 2 if phase + 2 <= final and rand() < 0.08 else 1
            middle.append(("move", phase))
            if 0 < phase < final and rand() < 0.05:  # a setback: back one, then on
                middle += [("move", phase - 1), ("move", phase)]
        if final > start and rand() < 0.04:  # a setback for good: it stays one phase back
            middle.append(("move", final - 1))
        extras: list[tuple[Any, ...]] = [("note",)] * rng.choices((0, 1, 2, 3), (45, 30, 17, 8))[0]
        if rand() < 0.2:  # a discount or a bigger scope
            extras.append(("value", rng.choice((0.85, 0.9, 0.95, 1.1, 1.2, 1.35))))
        if closed and rand() < 0.15:
            extras.append(("postpone",))
        if rand() < 0.02:
            extras.append(("owner",))
        if rand() < 0.03:  # an override that a later move clears, if one follows
            extras.append(("override",))
        for extra in extras:
            middle.insert(int(rand() * (len(middle) + 1)), extra)
        if rand() < (0.05 if closed else 0.03):  # closed once, then reopened
            at = int(rand() * (len(middle) + 1))
            middle[at:at] = [("close", "rejected" if rand() < 0.6 else "accepted"), ("reopen",)]
        if closed:
            won = rand() < min(0.97, max(0.02, chance))
            outcome = "accepted" if won else "rejected"
            if rand() < 0.04:
                middle.append(("override",))
            if rand() < 0.02:  # closed the wrong way, corrected soon after
                middle += [("close", "rejected" if won else "accepted"), ("switch", outcome)]
            else:
                middle.append(("close", outcome))
        else:
            if rand() < 0.5:  # the owner's latest word on when it will close
                middle.append(("postpone",))
            if rand() < 0.06:
                middle.append(("override",))
        if rand() < 0.012:
            middle.append(("delete",))
            if rand() < 0.25:  # deleted by mistake
                middle.append(("restore",))
        return middle

    def _times(self, created: int, count: int, span: int) -> list[int]:
        """Minutes of ``count`` changes after ``created``: in order, office hours, before now."""
        rng = self.rng
        fractions = sorted(rng.random() for _ in range(count))
        if fractions:
            fractions[-1] = 1.0  # the last change (the close) ends the span
        out, previous = [], created
        for fraction in fractions:
            day, clock = divmod(created + int(span * fraction), 1440)
            minute = day * 1440 + WORK_START + clock * WORK_MINUTES // 1440
            if minute <= previous:
                minute = previous + 2 + int(rng.random() * 44)
            out.append(minute)
            previous = minute
        cap = self.now_m - 1
        for back in range(len(out)):  # nothing in the future; capping from the end keeps order
            index = len(out) - 1 - back
            out[index] = min(out[index], cap - back)
        return out

    def deal(self, deal_id: int, events: list[Row]) -> Row:
        """Invent deal ``deal_id``: append its events to ``events``, return its row."""
        rng, rand, phases = self.rng, self.rng.random, self.phases
        age = self.ages[deal_id - 1]
        owner, login, skill = self.pick(data.TEAM, self.team_cum)
        org_name, contacts = self.pick(self.orgs, self.org_cum)
        contact = rng.choice(contacts)
        source = self.pick(data.SOURCES, self.source_cum)
        # Young deals are mostly still open, old ones mostly closed: about 20 % open.
        closed = age >= 10 and rand() >= 0.04 + 0.8 * math.exp(-age / 95)
        count = len(phases)
        if closed:
            weights = [CLOSE_PHASE_WEIGHTS[i] if i < 5 else 10 for i in range(count)]
            span_days = rng.lognormvariate(math.log(35), 0.8)  # about five weeks to close
            if span_days > age - 1:  # a young deal that is closed already closed quickly
                span_days = (age - 1) * rng.uniform(0.3, 0.95)
        else:  # more open deals sit in early phases
            weights = [count - i for i in range(count)]
            span_days = age * rng.uniform(0.25, 1.0)
        final = rng.choices(range(count), weights)[0]
        start = min(final, rng.choices((0, 1, 2), (80, 15, 5))[0])
        day_float = HISTORY_DAYS - age
        day = int(day_float)
        if self.weekday[day] >= 5 and day + 2 < HISTORY_DAYS:
            day += 7 - self.weekday[day]
        created = day * 1440 + WORK_START + int((day_float % 1) * WORK_MINUTES)
        title, low, high = self._title(day)
        expected: int | None = None
        if rand() < 0.9:
            expected = day + 21 + int(rand() * 110)
            if rand() < 0.4:  # many people just say "end of the month"
                expected = self.month_end[expected]
        state = DealState(
            deal_id=deal_id,
            title=title,
            phase=start,
            owner=owner,
            value=self._value(low, high),
            expected=expected,
        )
        if rand() < 0.25:
            line = rng.choice(data.NOTES)[0]
            state.note = f"{self.day_text[day]}: " + line.format(
                contact=contact.split(" ")[0], month=data.MONTHS["en"][day % 12]
            )
        chance = (0.9 * phases[final][2] / 100 + 0.03) * skill * source[3]
        changes = self._plan(closed, start, final, chance)
        times = self._times(created, len(changes), int(span_days * 1440))
        last = created_at = self.stamp(created)
        events.append(
            (deal_id, created_at, login, "created", None, None, title, phases[start][0], 1)
        )
        for change, minute in zip(changes, times, strict=True):
            stamp = self.stamp(minute)
            actor = login if rand() < 0.92 else rng.choice(self.logins)
            if apply_change(self, change, state, stamp, minute, actor, events):
                last = stamp
        return (
            deal_id, title, org_name, contact, state.owner, source[0], state.value,
            phases[state.phase][0], state.status, state.override, state.at_close, state.reason,
            state.competitor, state.close_note, state.note,
            self.day_text[state.expected] if state.expected is not None else None,
            created_at, last, state.closed_at, state.deleted_at, state.version,
        )  # fmt: skip
