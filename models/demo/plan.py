"""Plan demo deals: who, what, which phases, which outcome, and when each step happens.

The planner draws every choice from one seeded ``random.Random`` and never touches the
database, so a plan depends only on the seed, ``now``, the phases and the reasons it is given.
``models.demo.build`` replays the planned steps through the real operations of ``models.operations.deals``.
The bulk path (``models.demo.simulate``) shares the customers, the amounts and the win rates
of ``models.demo.market``, so a big demo looks like a small one.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from models.demo import data
from models.demo.market import (
    Org,
    money,
    month_end,
    organizations,
    quoted_cents,
    round_cents,
    weighted,
    win_rate,
)
from models.demo.next_steps import next_step_random, pick_next_step
from models.domain.status import CLOSED_STATUSES, Status
from models.storage.schema import Phase, Reason
from models.storage.seed import DEFAULT_REASONS

HISTORY_DAYS = 545  # about 18 months
# Where closed deals closed, by phase index: every phase gets a fair share of outcomes.
CLOSE_PHASE_WEIGHTS = (20, 20, 25, 20, 15)


@dataclass
class Step:
    """One planned operation on a deal; ``quick`` > 0 means within that many minutes."""

    kind: str
    args: dict[str, Any] = field(default_factory=dict)
    quick: int = 0
    actor: str = ""
    at: dt.datetime = dt.datetime.min


class Planner:
    """Invents deals and the steps of their lives, drawing every choice from one ``Random``."""

    def __init__(
        self,
        rng: random.Random,
        *,
        lang: str,
        now: dt.datetime,
        count: int,
        phases: Sequence[Phase],
        reasons: dict[str, list[Reason]],
    ) -> None:
        self.rng, self.lang, self.now = rng, lang, now
        self.phases = list(phases)  # the active phases in board order
        english = {
            local[0]: eng[0]
            for eng, local in zip(DEFAULT_REASONS["en"], DEFAULT_REASONS[lang], strict=True)
        }
        self.reasons: dict[str, tuple[list[Any], list[float]]] = {}
        self.rival_chance: dict[int, float] = {}
        for outcome in CLOSED_STATUSES:
            pairs = []
            for reason in reasons[outcome]:
                weight, chance = data.REASON_WEIGHTS.get(english.get(reason.name, ""), (1, 0.1))
                pairs.append((reason, weight))
                self.rival_chance[reason.id] = chance
            self.reasons[outcome] = weighted(pairs)
        self.team = weighted(list(zip(data.TEAM, data.TEAM_WEIGHTS, strict=True)))
        self.sources = weighted([(source, source[2]) for source in data.SOURCES])
        self.rivals = weighted(data.COMPETITORS)
        self.qualifiers = weighted([(q, q[2]) for q in data.QUALIFIERS])
        self.logins = [login for _, login, _ in data.TEAM]
        self.step_rng = next_step_random(rng)  # so each seed's deals stay as they were
        # About three deals per organization; a heavy tail makes a few big, loyal customers.
        orgs = organizations(rng, min(max(count // 3, 40), 4000))
        self.orgs = weighted([(org, rng.paretovariate(1.6)) for org in orgs])

    def pick(self, table: tuple[list[Any], list[float]]) -> Any:
        """Draw one item from a table made by ``weighted``."""
        return self.rng.choices(table[0], cum_weights=table[1])[0]

    def _title(self, created: dt.date) -> tuple[str, int, int]:
        """Return a title and the product's typical value range."""
        rng, lang = self.rng, self.lang
        product = rng.choice(data.PRODUCTS)
        quarter = (created.month - 1) // 3 + 2  # the quarter after the one it starts in
        qualifier = data.pick_lang(self.pick(self.qualifiers), lang).format(
            year=created.year + (quarter > 4),
            q=quarter if quarter <= 4 else 1,
            dept=data.pick_lang(rng.choice(data.DEPARTMENTS), lang),
            site=rng.choice(data.SITES),
            users=rng.choice((15, 25, 40, 60, 80, 120, 200, 350, 500)),
        )
        return data.pick_lang(product, lang) + qualifier, product[2], product[3]

    def _value(self, low: int, high: int) -> int:
        """Return a value in cents, skewed towards the low end, rounded as people quote."""
        return quoted_cents(self.rng, low, high, self.rng.choice)

    def plan_deal(self) -> list[Step]:
        """Invent one deal and every step of its life, with times and actors."""
        rng, now, count = self.rng, self.now, len(self.phases)
        owner, login, skill = self.pick(self.team)
        org: Org = self.pick(self.orgs)
        source = self.pick(self.sources)
        # A quarter of the deals is created with a bias to recent months (the business grows).
        if rng.random() < 0.25:
            age = rng.triangular(1, HISTORY_DAYS, 1)
        else:
            age = rng.uniform(1, HISTORY_DAYS)
        # Young deals are mostly still open, old ones mostly closed; some are simply forgotten.
        closed = age >= 10 and rng.random() >= 0.05 + 0.85 * math.exp(-age / 110)
        if closed:
            span = rng.lognormvariate(math.log(35), 0.8)
            if span > age - 1:  # a young deal that is closed already closed quickly
                span = (age - 1) * rng.uniform(0.3, 0.95)
            weights = [
                CLOSE_PHASE_WEIGHTS[i] if i < len(CLOSE_PHASE_WEIGHTS) else 10 for i in range(count)
            ]
        else:  # more open deals sit in early phases
            span = age * rng.uniform(0.25, 1.0)
            weights = [count - i for i in range(count)]
        final = rng.choices(range(count), weights=weights)[0]
        created = now - dt.timedelta(days=age)
        title, low, high = self._title(created.date())
        value = self._value(low, high)
        expected = None
        if rng.random() < 0.9:
            expected = created.date() + dt.timedelta(days=rng.randint(21, 130))
            if rng.random() < 0.4:  # many people just say "end of the month"
                expected = month_end(expected)
        start = min(final, rng.choices((0, 1, 2), weights=(80, 15, 5))[0])
        create = Step(
            "create",
            {
                "title": title,
                "organization": org.name,
                "contact": rng.choice(org.contacts),
                "owner": owner,
                "source": data.pick_lang(source, self.lang),
                "value": money(value),
                "phase": self.phases[start],
                "expected_close": expected,
            },
        )
        if rng.random() < 0.25:
            create.args["note"] = rng.choice(data.NOTES)
        middle: list[Step] = []
        phase = start
        while phase < final:
            phase += 2 if phase + 2 <= final and rng.random() < 0.08 else 1
            middle.append(Step("move", {"phase": phase}))
            if 0 < phase < final and rng.random() < 0.05:  # a setback: back one, then on
                middle += [Step("move", {"phase": phase - 1}), Step("move", {"phase": phase})]
        notes = rng.choices((0, 1, 2, 3), weights=(45, 30, 17, 8))[0]
        extras = [Step("note", {"line": rng.choice(data.NOTES)}) for _ in range(notes)]
        if rng.random() < 0.2:  # a discount or a bigger scope
            factor = rng.choice((0.85, 0.9, 0.95, 1.1, 1.2, 1.35))
            new_value = money(round_cents(value / 100 * factor))
            extras.append(Step("edit", {"changes": {"value": new_value}}))
        if closed and rng.random() < 0.15:
            extras.append(Step("postpone", {"days": rng.randint(14, 75)}))
        if rng.random() < 0.02:
            extras.append(Step("handover", {"owner": self.pick(self.team)}))
        if closed and rng.random() < 0.04:
            extras.append(Step("override"))
        for extra in extras:
            middle.insert(rng.randint(0, len(middle)), extra)
        if rng.random() < (0.05 if closed else 0.03):  # closed once, then reopened
            first = Status.REJECTED if rng.random() < 0.6 else Status.ACCEPTED
            at = rng.randint(0, len(middle))
            middle[at:at] = [self._close(first), Step("reopen")]
        steps = [create, *middle]
        if closed:
            won = rng.random() < win_rate(self.phases[final].probability, skill, source[3])
            outcome = Status.ACCEPTED if won else Status.REJECTED
            if rng.random() < 0.02:  # closed the wrong way, corrected soon after
                wrong = Status.REJECTED if won else Status.ACCEPTED
                fix = self._close(outcome).args
                fix.pop("template")
                fix["note"] = data.pick_lang(data.CORRECTIONS[outcome], self.lang)
                steps += [self._close(wrong), Step("switch", fix, quick=3 * 1440)]
            else:
                steps.append(self._close(outcome))
        else:
            if rng.random() < 0.5:  # the owner's latest word on when it will close
                steps.append(Step("postpone", {"days": rng.randint(14, 90)}))
            if rng.random() < 0.06:
                steps.append(Step("override"))
        if rng.random() < 0.012:
            steps.append(Step("delete", quick=30 * 1440))
            if rng.random() < 0.25:  # deleted by mistake
                steps.append(Step("restore", quick=2 * 1440))
        self._schedule(steps, created, dt.timedelta(days=span))
        self._finish(steps, login)
        if not closed and steps[-1].kind != "delete":
            self._next_step(steps, login)
        return steps

    def _next_step(self, steps: list[Step], login: str) -> None:
        """Most open deals get a next step right after their last change (``next_steps``)."""
        picked = pick_next_step(self.step_rng, self.lang, steps[0].args["contact"])
        if picked is None:
            return
        text, days = picked
        last = steps[-1].at
        at = max(last, min(last + dt.timedelta(minutes=3), self.now - dt.timedelta(seconds=1)))
        changes: dict[str, object] = {"next_step": text}
        if days is not None:
            changes["next_step_date"] = self.now.date() + dt.timedelta(days=days)
        steps.append(Step("edit", {"changes": changes}, actor=login, at=at))

    def _close(self, outcome: str) -> Step:
        """Plan closing as ``outcome``: a fitting reason, maybe a competitor and a note."""
        rng = self.rng
        reason: Reason | None = None
        if outcome == Status.REJECTED or rng.random() < 0.75:  # a reason is optional on a win
            reason = self.pick(self.reasons[outcome])
        rival = ""
        if outcome == Status.REJECTED and reason and rng.random() < self.rival_chance[reason.id]:
            rival = self.pick(self.rivals)
        template = None
        if rival and rng.random() < 0.5:
            template = data.LOST_TO
        elif rng.random() < 0.4:
            notes = data.CLOSE_NOTES_WON if outcome == Status.ACCEPTED else data.CLOSE_NOTES_LOST
            template = rng.choice(notes)
        return Step(outcome, {"reason": reason, "competitor": rival, "template": template})

    def _schedule(self, steps: list[Step], created: dt.datetime, span: dt.timedelta) -> None:
        """Give every step a time: working hours, in order, the last not after ``now``."""
        rng = self.rng
        fractions = sorted(rng.random() for step in steps[1:] if not step.quick)
        if fractions:
            fractions[-1] = 1.0  # the last planned step (the close) ends the span
        later = iter(fractions)
        previous = steps[0].at = self._workday(created)
        for step in steps[1:]:
            if step.quick:
                moment = previous + dt.timedelta(minutes=rng.randint(10, step.quick))
            else:
                moment = created + span * next(later)
            step.at = self._workday(moment)
            if step.at <= previous:
                step.at = previous + dt.timedelta(minutes=rng.randint(2, 45))
            previous = step.at
        # Nothing happens in the future; capping from the end keeps the order.
        cap = self.now - dt.timedelta(minutes=1)
        for back, step in enumerate(reversed(steps)):
            step.at = min(step.at, cap - dt.timedelta(seconds=back))

    def _workday(self, moment: dt.datetime) -> dt.datetime:
        """Move a moment to a weekday, at a time in (Dutch) office hours, in UTC."""
        day = moment.date()
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        minutes = self.rng.randint(7 * 60, 16 * 60 + 30)
        result = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
        return result if result < self.now else min(moment, self.now)  # today, not later

    def _finish(self, steps: list[Step], login: str) -> None:
        """Resolve what depends on time and order: actors, note text, dates, phases."""
        rng, lang = self.rng, self.lang
        note, phase = "", steps[0].args["phase"]
        contact = steps[0].args["contact"].split(" ")[0]  # people use first names in notes
        for step in steps:
            args, when = step.args, step.at.date()
            month = data.MONTHS[lang][(when.month - 1 + rng.randint(1, 2)) % 12]
            step.actor = login if rng.random() < 0.92 else rng.choice(self.logins)
            if step.kind in ("switch", "delete", "restore") and rng.random() < 0.6:
                step.actor = data.MANAGER
            if step.kind == "create" and "note" in args:
                note = f"{when}: " + data.pick_lang(args["note"], lang).format(
                    contact=contact, month=month
                )
                args["note"] = note
            elif step.kind == "note":
                line = data.pick_lang(args["line"], lang).format(contact=contact, month=month)
                note = f"{note}\n{when}: {line}" if note else f"{when}: {line}"
                step.kind, step.args = "edit", {"changes": {"note": note}}
            elif step.kind == "postpone":
                later = when + dt.timedelta(days=args["days"])
                step.kind, step.args = "edit", {"changes": {"expected_close": later}}
            elif step.kind == "handover":  # the manager reassigns; the new owner works on
                owner, login, _ = args["owner"]
                step.kind, step.args = "edit", {"changes": {"owner": owner}}
                step.actor = data.MANAGER
            elif step.kind == "move":
                phase = args["phase"] = self.phases[args["phase"]]
            elif step.kind == "override":
                shift = rng.choice((-20, -15, -10, 10, 15, 20))
                chance = min(95, max(5, phase.probability + shift))
                step.kind, step.args = "edit", {"changes": {"probability_override": chance}}
            elif step.kind in CLOSED_STATUSES and "template" in args:
                template = args.pop("template")
                text = data.pick_lang(template, lang) if template else ""
                args["note"] = text.format(
                    date=when + dt.timedelta(days=rng.randint(7, 30)),
                    contact=contact,
                    competitor=args["competitor"],
                    pct=rng.choice((10, 15, 20, 25, 30)),
                )
