"""What the replayed and the bulk demo share: invented customers, quoted amounts, win rates.

``models.demo.plan`` (deal by deal, through the operations) and ``models.demo.simulate``
(rows in bulk) both draw from these, so a big demo looks like a small one.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from models.demo import data


@dataclass(frozen=True)
class Org:
    """An invented customer and the people there deals are made with."""

    name: str
    contacts: tuple[str, ...]


def weighted(pairs: Sequence[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    """Split (item, weight) pairs into items and cumulative weights for ``rng.choices``."""
    items, cumulative, total = [], [], 0.0
    for item, weight in pairs:
        total += weight
        items.append(item)
        cumulative.append(total)
    return items, cumulative


def organizations(rng: random.Random, count: int) -> list[Org]:
    """Invent ``count`` customers with distinct names and one to three contacts each."""
    seen: set[str] = set()
    orgs: list[Org] = []
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
            data.person(rng.choice(data.FIRST_NAMES[region]), rng.choice(data.LAST_NAMES[region]))
            for _ in range(rng.choice((1, 1, 2, 2, 3)))
        )
        orgs.append(Org(name, people))
    return orgs


def win_rate(probability: int, skill: float, source: float) -> float:
    """Chance that a deal closing in a phase of ``probability`` is won: rises with phase."""
    return min(0.97, max(0.02, (0.9 * probability / 100 + 0.03) * skill * source))


HOURLY_RATES = (85, 95, 110, 125, 140)


def quoted_cents(
    rng: random.Random, low: int, high: int, choose: Callable[[Sequence[int]], int]
) -> int:
    """A value in cents from ``low`` to ``high`` euros, skewed low, rounded as people quote.

    ``choose`` picks the hourly rate of a value quoted as hours × rate. The replayed demo
    and the bulk one (``models.demo.simulate``) draw it each their own way, so each keeps
    its own sequence of random numbers, and its deals, per seed.
    """
    lo, hi = math.log(low), math.log(high)
    euros = math.exp(rng.triangular(lo, hi, lo + 0.3 * (hi - lo)))
    if rng.random() < 0.1:  # quoted as hours × rate, so not a round number
        rate = choose(HOURLY_RATES)
        return max(4, round(euros / rate)) * rate * 100
    return round_cents(euros)


def round_cents(euros: float) -> int:
    """Round an amount the way people quote it: to 50 below 1,000, up to 5,000 above 200,000."""
    step = 5_000
    for limit, size in ((1_000, 50), (10_000, 250), (50_000, 500), (200_000, 1_000)):
        if euros < limit:
            step = size
            break
    return max(step, round(euros / step) * step) * 100


def money(cents: int) -> str:
    """Render cents as the plain decimal text ``create_deal`` and ``edit_deal`` accept."""
    return f"{cents // 100}.{cents % 100:02d}"


def month_end(day: dt.date) -> dt.date:
    """Return the last day of ``day``'s month."""
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)
