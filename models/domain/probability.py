"""The probability that counts for a deal and its weighted value: one rule, in Python and in SQL.

A closed deal counts the probability it closed at; an open deal its own override when it has
one (0 is an override, not "none"), else its phase's. Its weighted value is value × probability
/ 100 in integer cents, rounded half up. ``weighted_sql`` writes the same rule as SQL text for
the aggregate queries of the board and the reports, built from the same constants as the
Python, so the two cannot drift (tests/models/domain/test_probability.py runs both on SQLite
and PostgreSQL).
"""

from __future__ import annotations

PERCENT = 100  # a probability is a whole percentage, 0 to 100
HALF = PERCENT // 2  # added before the whole-number division, so halves round up


def effective_probability(
    override: int | None, phase_probability: int, at_close: int | None = None
) -> int:
    """Return the probability that counts: at close, else the override, else the phase's.

    ``at_close`` is only ever set on a closed deal (the schema's check says so).
    """
    if at_close is not None:
        return at_close
    if override is not None:
        return override
    return phase_probability


def probability_source(override: int | None, at_close: int | None = None) -> str:
    """Say where the probability that counts comes from: ``close``, ``override`` or ``phase``."""
    if at_close is not None:
        return "close"
    return "override" if override is not None else "phase"


def weighted_cents(value_cents: int, probability: int) -> int:
    """Return value × probability / 100 in cents, rounded half up to the cent."""
    # Floor division equals SQL's division (which truncates) because amounts are never
    # negative: the schema checks value_cents >= 0 and parse_money refuses a minus sign.
    return (value_cents * probability + HALF) // PERCENT


def effective_probability_sql(
    override: str = "d.probability_override", phase: str = "p.probability"
) -> str:
    """The SQL for an open deal's probability: its override, else its phase's.

    The probability at close is left out on purpose: weighted values are summed over open
    deals only, and leaving the column out lets the board's totals come from a covering index.
    """
    return f"COALESCE({override}, {phase})"


def weighted_sql(
    value: str = "d.value_cents",
    override: str = "d.probability_override",
    phase: str = "p.probability",
) -> str:
    """The SQL for an open deal's weighted value in cents, as ``weighted_cents`` computes it.

    The arguments are column expressions (``d.value_cents`` of ``deal d JOIN phase p``).
    The product stays inside a 64-bit integer: at most 10**15 cents × 100.
    """
    return f"({value} * {effective_probability_sql(override, phase)} + {HALF}) / {PERCENT}"
