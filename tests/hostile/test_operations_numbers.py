"""Corpus values as amounts, probabilities, phase positions and dates, through every operation."""

from __future__ import annotations

import pytest

from models.operations import deals, phases
from tests.hostile.corpus import CORPUS
from tests.hostile.corpus_entry import DATE, MONEY, PROBABILITY, TEXT, Hostile
from tests.hostile.expected import (
    expected_cents,
    expected_date,
    expected_probability,
    expected_whole,
)
from tests.hostile.operations_helpers import ACTOR, Checker, Store, ids, setting_values

# -- amounts, probabilities, positions and dates ------------------------------------------


def amounts(check: Checker, store: Store, value: str) -> None:
    check(
        "create_deal(value=)",
        lambda: deals.create_deal("Priced", actor=ACTOR, value=value),
        expected_cents(value),
        lambda deal: store.deal(deal.id, "value_cents"),
    )
    base = deals.create_deal("Base", actor=ACTOR, value="1.00")
    check(
        "edit_deal(value)",
        lambda: deals.edit_deal(base.id, {"value": value}, actor=ACTOR),
        expected_cents(value),
        lambda _deal: store.deal(base.id, "value_cents"),
    )


def probabilities(check: Checker, store: Store, value: str) -> None:
    base = deals.create_deal("Base", actor=ACTOR, probability_override="33")
    check(
        "edit_deal(probability_override)",
        lambda: deals.edit_deal(base.id, {"probability_override": value}, actor=ACTOR),
        expected_probability(value, empty_clears=True),
        lambda _deal: store.deal(base.id, "probability_override"),
    )
    check(
        "create_deal(probability_override=)",
        lambda: deals.create_deal("Override", actor=ACTOR, probability_override=value),
        expected_probability(value, empty_clears=True),
        lambda deal: store.deal(deal.id, "probability_override"),
    )
    check(
        "add_phase(probability)",
        lambda: phases.add_phase("Pilot", value),
        expected_probability(value),
        lambda phase: store.value("SELECT probability FROM phase WHERE id = ?", phase.id),
    )
    check(
        "set_phase_probability",
        lambda: phases.set_phase_probability("Proposal", value),
        expected_probability(value),
        lambda _phase: store.value("SELECT probability FROM phase WHERE name = 'Proposal'"),
    )
    count = store.value("SELECT COUNT(*) FROM phase")
    check(
        "add_phase(position)",
        lambda: phases.add_phase("Placed", 10, value),
        expected_whole(value, 1, count + 1),
        lambda phase: store.value("SELECT position FROM phase WHERE id = ?", phase.id),
    )


def dates(check: Checker, store: Store, value: str) -> None:
    check(
        "create_deal(expected_close=)",
        lambda: deals.create_deal("Dated", actor=ACTOR, expected_close=value),
        expected_date(value),
        lambda deal: store.deal(deal.id, "expected_close"),
    )
    base = deals.create_deal("Base", actor=ACTOR, expected_close="2026-06-30")
    check(
        "edit_deal(expected_close)",
        lambda: deals.edit_deal(base.id, {"expected_close": value}, actor=ACTOR),
        expected_date(value),
        lambda _deal: store.deal(base.id, "expected_close"),
    )


NUMBERS_AND_DATES = [entry for entry in CORPUS if entry.kinds & {MONEY, PROBABILITY, DATE}]


@pytest.mark.parametrize("entry", NUMBERS_AND_DATES, ids=ids(NUMBERS_AND_DATES))
def test_numbers_and_dates(store: Store, entry: Hostile) -> None:
    check = Checker(store, entry)
    if entry.targets(MONEY):
        amounts(check, store, entry.value)
    if entry.targets(PROBABILITY):
        probabilities(check, store, entry.value)
    if entry.targets(DATE):
        dates(check, store, entry.value)
    if not entry.targets(TEXT):  # the text inputs' test did these already
        setting_values(check, store, entry.value)
    check.verdict()
