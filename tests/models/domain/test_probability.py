"""The probability that counts and the weighted value: the rule, and its SQL on both databases."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from models.domain.probability import (
    effective_probability,
    effective_probability_sql,
    probability_source,
    weighted_cents,
    weighted_sql,
)
from models.domain.validation import MAX_CENTS, cents_to_decimal_string
from models.operations import deals, phases


def half_up(value_cents: int, probability: int) -> int:
    """value × probability / 100 rounded half up, the slow and obvious way."""
    exact = Decimal(value_cents) * probability / 100
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize(
    ("override", "phase", "at_close", "expected", "source"),
    [
        (None, 40, None, 40, "phase"),
        (70, 40, None, 70, "override"),
        (0, 40, None, 0, "override"),  # 0 is an override, not "no override"
        (None, 0, None, 0, "phase"),
        (100, 0, None, 100, "override"),
        (70, 40, 55, 55, "close"),  # a closed deal counts what it closed at
        (None, 40, 0, 0, "close"),
    ],
)
def test_effective_probability_and_its_source(override, phase, at_close, expected, source):
    assert effective_probability(override, phase, at_close) == expected
    assert probability_source(override, at_close) == source


@pytest.mark.parametrize(
    ("value", "probability", "expected"),
    [
        (0, 50, 0),
        (1, 0, 0),
        (1, 49, 0),  # 0.49 → 0
        (1, 50, 1),  # 0.5 → 1: halves round up
        (3, 50, 2),  # 1.5 → 2
        (5, 10, 1),  # 0.5 → 1
        (5005, 10, 501),  # 500.5 → 501
        (100101, 10, 10010),  # 10010.1 → 10010
        (33333, 30, 10000),  # 9999.9 → 10000
        (1250000, 100, 1250000),
        (MAX_CENTS, 100, MAX_CENTS),
        (MAX_CENTS, 1, MAX_CENTS // 100),
        (MAX_CENTS - 1, 50, MAX_CENTS // 2),  # …999.5 → up
    ],
)
def test_weighted_cents_rounds_half_up(value, probability, expected):
    assert weighted_cents(value, probability) == expected


def test_weighted_cents_matches_decimal_rounding_everywhere_small():
    for value in range(0, 301):
        for probability in range(0, 101):
            assert weighted_cents(value, probability) == half_up(value, probability)


def test_weighted_sql_is_the_rule_over_the_board_and_report_columns():
    assert effective_probability_sql() == "COALESCE(d.probability_override, p.probability)"
    assert weighted_sql() == (
        "(d.value_cents * COALESCE(d.probability_override, p.probability) + 50) / 100"
    )
    assert weighted_sql("v", "o", "q") == "(v * COALESCE(o, q) + 50) / 100"
    # The board's totals come from an index without this column (migration 0004).
    assert "probability_at_close" not in weighted_sql()


VALUES = (0, 1, 3, 49, 50, 150, 5005, 100101, MAX_CENTS - 1, MAX_CENTS)
PHASE_PROBABILITIES = (0, 1, 33, 50, 99, 100)
OVERRIDES = (0, 33, 100)


def test_python_and_sql_agree_on_the_database(db):
    """Every value × every phase probability, and overrides (0 among them), in real columns."""
    made = {pct: phases.add_phase(f"At {pct}", pct).id for pct in PHASE_PROBABILITIES}
    for value in VALUES:
        amount = cents_to_decimal_string(value)
        for phase_id in made.values():
            deals.create_deal("d", actor="t", value=amount, phase=phase_id)
        for override in OVERRIDES:
            deals.create_deal(
                "d", actor="t", value=amount, phase=made[50], probability_override=override
            )
    cursor = db.execute_sql(
        "SELECT d.value_cents, d.probability_override, p.probability,"
        f" {effective_probability_sql()}, {weighted_sql()}"
        " FROM deal d JOIN phase p ON p.id = d.phase_id ORDER BY d.id"
    )
    rows = [tuple(row) for row in cursor.fetchall()]
    assert len(rows) == len(VALUES) * (len(PHASE_PROBABILITIES) + len(OVERRIDES))
    for value, override, phase_probability, sql_probability, sql_weighted in rows:
        chance = effective_probability(override, phase_probability)
        assert int(sql_probability) == chance, (value, override, phase_probability)
        assert int(sql_weighted) == weighted_cents(value, chance), (value, chance)
        assert weighted_cents(value, chance) == half_up(value, chance), (value, chance)
    assert (MAX_CENTS, 0, 50, 0, 0) in rows  # override 0 wins over the phase's 50
    assert (MAX_CENTS, None, 50, 50, MAX_CENTS // 2) in rows
