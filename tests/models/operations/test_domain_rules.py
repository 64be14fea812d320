"""The central rule of docs/concepts.md: a deal's phase and its status are independent."""

from __future__ import annotations

import pytest

from models.operations import deals, phases
from models.operations.lookup import find_deal
from models.queries import deal_views as queries

ACTOR = "tester"


def test_accept_in_proposal_keeps_the_phase_and_records_fifty_percent(
    make_deal, deal_row, phase_id
):
    deal = make_deal("Proposal win", phase="Proposal", value="20000")
    deals.accept_deal(deal.id, actor=ACTOR)
    row = deal_row(deal.id)
    assert row["status"] == "accepted"
    assert row["phase_id"] == phase_id("Proposal")  # never pushed to "Order" first
    assert row["probability_at_close"] == 50
    assert row["closed_at"] is not None


def test_reject_in_negotiation_keeps_the_phase_and_records_seventy_five_percent(
    make_deal, deal_row, phase_id, rows
):
    deal = make_deal("Lost late", phase="Negotiation", value="5000")
    deals.reject_deal(deal.id, actor=ACTOR, reason="No budget")
    row = deal_row(deal.id)
    assert row["status"] == "rejected"
    assert row["phase_id"] == phase_id("Negotiation")
    assert row["probability_at_close"] == 75
    assert row["reason_id"] == rows("SELECT id FROM reason WHERE name = 'No budget'")[0]["id"]


@pytest.mark.parametrize("phase", ["Introduction", "Presentation", "Proposal", "Negotiation"])
@pytest.mark.parametrize("outcome", ["accepted", "rejected"])
def test_a_deal_closes_from_any_phase(make_deal, deal_row, phase_id, phase, outcome):
    deal = make_deal(phase=phase)
    deals.close_deal(deal.id, outcome, actor=ACTOR, reason="Other")
    row = deal_row(deal.id)
    assert (row["status"], row["phase_id"]) == (outcome, phase_id(phase))


def test_move_clears_the_override_and_records_it(make_deal, deal_row, events):
    deal = make_deal(phase="Presentation", probability_override=60)
    assert deals.effective_probability(find_deal(deal.id)) == 60
    deals.move_deal(deal.id, "Proposal", actor="alice")
    row = deal_row(deal.id)
    assert row["probability_override"] is None
    assert deals.effective_probability(find_deal(deal.id)) == 50
    move_events = [e for e in events(deal.id) if e["version"] == 2]
    assert [(e["kind"], e["field"], e["old_value"], e["new_value"]) for e in move_events] == [
        ("phase", "phase", "Presentation", "Proposal"),
        ("field", "probability_override", "60", None),
    ]
    assert {e["actor"] for e in move_events} == {"alice"}


def test_move_without_override_records_only_the_phase(make_deal, events):
    deal = make_deal(phase="Presentation")
    deals.move_deal(deal.id, "Proposal", actor=ACTOR)
    assert [e["kind"] for e in events(deal.id)] == ["created", "phase"]


def test_step_also_clears_the_override(make_deal, deal_row):
    deal = make_deal(phase="Presentation", probability_override=5)
    deals.step_deal(deal.id, 1, actor=ACTOR)
    assert deal_row(deal.id)["probability_override"] is None


def test_probability_at_close_uses_the_override(make_deal, deal_row):
    deal = make_deal(phase="Proposal", probability_override=80)
    deals.accept_deal(deal.id, actor=ACTOR)
    row = deal_row(deal.id)
    assert row["probability_at_close"] == 80
    assert queries.deal_to_dict(find_deal(deal.id))["probability_source"] == "close"


def test_override_of_zero_is_an_override(make_deal, deal_row):
    deal = make_deal(phase="Order", probability_override=0)
    deals.reject_deal(deal.id, actor=ACTOR, reason="No budget")
    assert deal_row(deal.id)["probability_at_close"] == 0


def test_phase_probability_change_moves_open_weighted_value_but_not_closed_deals(
    make_deal, deal_row
):
    open_deal = make_deal("Open", phase="Proposal", value="1000")
    override = make_deal("Override", phase="Proposal", value="1000", probability_override=20)
    closed = make_deal("Closed", phase="Proposal", value="1000")
    deals.accept_deal(closed.id, actor=ACTOR)
    assert queries.deal_to_dict(find_deal(open_deal.id))["weighted_value"] == "500.00"
    proposal = next(p for p in queries.phase_overview() if p["name"] == "Proposal")
    assert proposal["weighted_value"] == "700.00"  # 500 + 200; closed deals do not count

    phases.set_phase_probability("Proposal", 30)

    assert queries.deal_to_dict(find_deal(open_deal.id))["weighted_value"] == "300.00"
    assert queries.deal_to_dict(find_deal(override.id))["weighted_value"] == "200.00"
    proposal = next(p for p in queries.phase_overview() if p["name"] == "Proposal")
    assert proposal["weighted_value"] == "500.00"
    assert proposal["open_count"] == 2
    assert deal_row(closed.id)["probability_at_close"] == 50
    closed_dict = queries.deal_to_dict(find_deal(closed.id))
    assert closed_dict["effective_probability"] == 50
    assert closed_dict["weighted_value"] is None
    assert closed_dict["phase_probability"] == 30


def test_reopened_deal_follows_the_phase_probability_again(make_deal, deal_row):
    deal = make_deal(phase="Proposal", value="1000")
    deals.accept_deal(deal.id, actor=ACTOR)
    phases.set_phase_probability("Proposal", 40)
    deals.reopen_deal(deal.id, actor=ACTOR)
    assert deal_row(deal.id)["probability_at_close"] is None
    assert deals.effective_probability(find_deal(deal.id)) == 40


def test_a_closed_deal_keeps_its_phase_until_reopened(make_deal, deal_row, phase_id):
    deal = make_deal(phase="Proposal")
    deals.reject_deal(deal.id, actor=ACTOR, reason="Bad timing")
    deals.reopen_deal(deal.id, actor=ACTOR)
    deals.move_deal(deal.id, "Negotiation", actor=ACTOR)
    assert deal_row(deal.id)["phase_id"] == phase_id("Negotiation")


def test_soft_deleted_deals_count_nowhere(make_deal):
    kept = make_deal("Kept", phase="Proposal", value="100")
    gone = make_deal("Gone", phase="Proposal", value="900")
    deals.delete_deal(gone.id, actor=ACTOR)
    proposal = next(p for p in queries.phase_overview() if p["name"] == "Proposal")
    assert proposal["open_count"] == 1
    assert proposal["open_value"] == "100.00"
    assert [d.id for d in queries.list_deals("open")] == [kept.id]
    assert {d.id for d in queries.list_deals("open", include_deleted=True)} == {kept.id, gone.id}
