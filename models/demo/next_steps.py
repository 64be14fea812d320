"""The next step an open demo deal gets: one rule for the replayed and the bulk demo.

Most open deals have one, set by their owner right after their last change; some are
overdue, some due today, this week or later, a few have no date. Days count from the demo's
``now``, so the agenda of a demo is never empty. The choices come from a ``Random`` of their
own, so adding next steps left every seed's deals and histories as they were.
"""

from __future__ import annotations

import random

from models.demo import data

CHANCE = 0.75  # of an open deal having a next step
# Days from today: overdue, today, this week, later; None is a step without a date.
WHEN_WEIGHTS = (25, 10, 25, 30, 10)


def next_step_random(rng: random.Random) -> random.Random:
    """A ``Random`` for next steps, seeded by ``rng``'s state without drawing from it.

    The state's numbers are a tuple of ints, whose hash is the same in every run.
    """
    return random.Random(hash(rng.getstate()[1]))


def pick_next_step(rng: random.Random, lang: str, contact: str) -> tuple[str, int | None] | None:
    """The next step of an open deal with ``contact``: its text and days from today, or None."""
    if rng.random() >= CHANCE:
        return None
    text = data.pick_lang(rng.choice(data.NEXT_STEPS), lang)
    days = rng.choices(
        (rng.randint(-12, -1), 0, rng.randint(1, 6), rng.randint(7, 45), None),
        weights=WHEN_WEIGHTS,
    )[0]
    return text.format(contact=contact.split(" ")[0]), days
