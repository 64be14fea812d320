"""Bad closing input: closed deals that cannot change, reasons missing or not applying."""

from __future__ import annotations

import pytest

from models.domain.errors import NotFound, RuleError, ValidationError
from models.operations import deals, phases

ACTOR = "tester"


# ---------------------------------------------------------------- closed deals


@pytest.mark.parametrize("outcome", ["accepted", "rejected"])
def test_moving_a_closed_deal(make_deal, refused, outcome):
    deal = make_deal(phase="Proposal")
    deals.close_deal(deal.id, outcome, actor=ACTOR, reason="Other")
    refused(RuleError, lambda: deals.move_deal(deal.id, "Order", actor=ACTOR), "reopen it first")
    refused(RuleError, lambda: deals.step_deal(deal.id, 1, actor=ACTOR), "reopen it first")


def test_merge_never_runs_into_the_closed_deal_rule(make_deal, deal_row, phase_id):
    """Merging is the one way a closed deal changes phase: its phase no longer exists."""
    deal = make_deal(phase="Proposal")
    deals.accept_deal(deal.id, actor=ACTOR)
    phases.merge_phase("Proposal", "Negotiation", actor=ACTOR)
    assert deal_row(deal.id)["phase_id"] == phase_id("Negotiation")


@pytest.mark.parametrize("value", [10, None, ""])
def test_editing_the_probability_of_a_closed_deal(make_deal, refused, value):
    deal = make_deal(phase="Proposal", probability_override=60)
    deals.accept_deal(deal.id, actor=ACTOR)
    refused(
        RuleError,
        lambda: deals.edit_deal(deal.id, {"probability_override": value}, actor=ACTOR),
        "fixed when it closed",
    )


def test_closing_a_closed_deal_and_reopening_an_open_one(make_deal, refused):
    deal = make_deal()
    deals.accept_deal(deal.id, actor=ACTOR)
    refused(RuleError, lambda: deals.accept_deal(deal.id, actor=ACTOR), "already accepted")
    refused(
        RuleError, lambda: deals.reject_deal(deal.id, actor=ACTOR, reason="No budget"), "switch"
    )
    other = make_deal()
    refused(RuleError, lambda: deals.reopen_deal(other.id, actor=ACTOR), "already open")
    refused(RuleError, lambda: deals.switch_outcome(other.id, actor=ACTOR), "is open")


def test_closing_with_an_unknown_outcome(make_deal, refused):
    deal = make_deal()
    refused(ValidationError, lambda: deals.close_deal(deal.id, "won", actor=ACTOR), "not 'won'")


def test_moving_to_the_phase_it_is_in(make_deal, refused):
    deal = make_deal(phase="Proposal")
    refused(RuleError, lambda: deals.move_deal(deal.id, "proposal", actor=ACTOR), "already in")


# ---------------------------------------------------------------- reasons


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_rejecting_without_a_required_reason(make_deal, refused, reason):
    deal = make_deal()
    error = refused(
        ValidationError,
        lambda: deals.reject_deal(deal.id, actor=ACTOR, reason=reason),
        "A reason is required to reject",
    )
    assert error.field == "reason"


def test_switching_to_rejected_needs_a_reason_that_applies(make_deal, refused):
    deal = make_deal()
    deals.accept_deal(deal.id, actor=ACTOR, reason="Best price")
    refused(ValidationError, lambda: deals.switch_outcome(deal.id, actor=ACTOR), "required")


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [("rejected", "Best price"), ("accepted", "No budget"), ("accepted", "chose a competitor")],
)
def test_a_reason_that_does_not_apply_to_the_outcome(make_deal, refused, outcome, reason):
    deal = make_deal()
    error = refused(
        ValidationError,
        lambda: deals.close_deal(deal.id, outcome, actor=ACTOR, reason=reason),
        f"not {outcome} ones",
    )
    assert error.field == "reason"


def test_an_archived_reason(make_deal, refused):
    from models.operations.reasons import set_reason_archived

    set_reason_archived("Price too high")
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.reject_deal(deal.id, actor=ACTOR, reason="price too high"),
        "'Price too high' is archived",
    )


def test_an_unknown_reason(make_deal, refused):
    deal = make_deal()
    refused(NotFound, lambda: deals.reject_deal(deal.id, actor=ACTOR, reason="Nope"), "no reason")
    refused(NotFound, lambda: deals.reject_deal(deal.id, actor=ACTOR, reason=9999), "no reason")


def test_a_competitor_on_a_won_deal(make_deal, refused):
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.accept_deal(deal.id, actor=ACTOR, competitor="Initech"),
        "Only a lost",
    )
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"competitor": "Initech"}, actor=ACTOR),
        "Only a lost",
    )


def test_a_reason_on_an_open_deal(make_deal, refused):
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"reason": "Other"}, actor=ACTOR),
        "close it first",
    )
