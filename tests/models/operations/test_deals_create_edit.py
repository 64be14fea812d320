"""Creating, editing and moving an open deal, checked on the stored row and its history."""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.errors import RuleError
from models.operations import deals, phases
from models.operations.lookup import find_deal

ACTOR = "tester"
T0 = dt.datetime(2026, 3, 1, 9, 30, 0)


def test_create_deal_stores_every_field_and_a_created_event(make_deal, deal_row, events, phase_id):
    deal = make_deal(
        "Website redesign",
        organization="Acme B.V.",
        contact="Jan Jansen",
        owner="alice",
        source="Referral",
        value="12500,50",
        phase="negotiation",
        expected_close="2026-12-31",
        note="First call went well",
        actor="alice",
        at=T0,
    )
    row = deal_row(deal.id)
    assert row["title"] == "Website redesign"
    assert row["organization"] == "Acme B.V."
    assert row["contact"] == "Jan Jansen"
    assert row["owner"] == "alice"
    assert row["source"] == "Referral"
    assert row["value_cents"] == 1250050
    assert row["phase_id"] == phase_id("Negotiation")
    assert row["status"] == "open"
    assert row["expected_close"] == "2026-12-31"
    assert row["note"] == "First call went well"
    assert row["probability_override"] is None
    assert row["probability_at_close"] is None
    assert row["closed_at"] is None
    assert row["deleted_at"] is None
    assert row["version"] == 1
    assert row["created_at"].startswith("2026-03-01 09:30:00")
    assert row["updated_at"] == row["created_at"]
    [event] = events(deal.id)
    assert event["kind"] == "created"
    assert event["actor"] == "alice"
    assert event["new_value"] == "Website redesign"
    assert event["old_value"] is None
    assert event["version"] == 1
    assert event["phase_id"] == phase_id("Negotiation")


def test_create_deal_uses_first_active_phase_by_default(make_deal, deal_row, phase_id):
    first = make_deal()
    assert deal_row(first.id)["phase_id"] == phase_id("Introduction")
    deals.move_deal(first.id, "Order", actor=ACTOR)
    phases.archive_phase("Introduction")
    assert deal_row(make_deal().id)["phase_id"] == phase_id("Presentation")


def test_create_deal_finds_phase_by_id_and_any_case(make_deal, deal_row, phase_id):
    proposal = phase_id("Proposal")
    assert deal_row(make_deal(phase=proposal).id)["phase_id"] == proposal
    assert deal_row(make_deal(phase=str(proposal)).id)["phase_id"] == proposal
    assert deal_row(make_deal(phase="  PROPOSAL ").id)["phase_id"] == proposal


def test_create_deal_with_probability_override(make_deal, deal_row):
    deal = make_deal(phase="Proposal", probability_override="80")
    assert deal_row(deal.id)["probability_override"] == 80
    assert deals.effective_probability(find_deal(deal.id)) == 80


def test_edit_deal_changes_fields_and_records_one_event_each(make_deal, deal_row, events):
    deal = make_deal("Old title", value="100", actor="alice")
    at = T0 + dt.timedelta(days=1)
    edited = deals.edit_deal(
        deal.id,
        {
            "title": "  New title  ",
            "organization": "Globex",
            "value": "12500,5",
            "expected_close": "2027-01-15",
            "note": "line one\nline two",
            "probability_override": 35,
        },
        actor="bob",
        expect_version=1,
        at=at,
    )
    assert edited.version == 2
    row = deal_row(deal.id)
    assert row["title"] == "New title"
    assert row["organization"] == "Globex"
    assert row["value_cents"] == 1250050
    assert row["expected_close"] == "2027-01-15"
    assert row["note"] == "line one\nline two"
    assert row["probability_override"] == 35
    assert row["version"] == 2
    assert row["updated_at"].startswith("2026-03-02 09:30:00")
    changed = {e["field"]: e for e in events(deal.id)[1:]}
    assert set(changed) == {
        "title",
        "organization",
        "value",
        "expected_close",
        "note",
        "probability_override",
    }
    assert (changed["title"]["old_value"], changed["title"]["new_value"]) == (
        "Old title",
        "New title",
    )
    assert (changed["organization"]["old_value"], changed["organization"]["new_value"]) == (
        "",
        "Globex",
    )
    assert (changed["value"]["old_value"], changed["value"]["new_value"]) == (
        "100.00",
        "12500.50",
    )
    assert changed["expected_close"]["old_value"] is None
    assert changed["expected_close"]["new_value"] == "2027-01-15"
    assert changed["probability_override"]["new_value"] == "35"
    assert changed["note"]["kind"] == "note"
    for field, event in changed.items():
        assert event["actor"] == "bob"
        assert event["version"] == 2
        if field != "note":
            assert event["kind"] == "field"


def test_edit_deal_without_a_real_change_keeps_the_version(make_deal, deal_row, events):
    deal = make_deal("Same", value="10.00")
    result = deals.edit_deal(deal.id, {"title": " Same ", "value": "10"}, actor=ACTOR)
    assert result.version == 1
    assert deal_row(deal.id)["version"] == 1
    assert len(events(deal.id)) == 1


def test_edit_deal_clears_probability_override_and_expected_close(make_deal, deal_row, events):
    deal = make_deal(probability_override=60, expected_close="2026-06-01")
    deals.edit_deal(deal.id, {"probability_override": "", "expected_close": None}, actor=ACTOR)
    row = deal_row(deal.id)
    assert row["probability_override"] is None
    assert row["expected_close"] is None
    changed = {e["field"]: (e["old_value"], e["new_value"]) for e in events(deal.id)[1:]}
    assert changed == {
        "probability_override": ("60", None),
        "expected_close": ("2026-06-01", None),
    }


def test_move_deal_changes_phase_and_records_it(make_deal, deal_row, events, phase_id):
    deal = make_deal(phase="Introduction")
    moved = deals.move_deal(deal.id, "Proposal", actor="carol", expect_version=1)
    assert moved.version == 2
    row = deal_row(deal.id)
    assert row["phase_id"] == phase_id("Proposal")
    assert row["status"] == "open"
    assert row["version"] == 2
    event = events(deal.id)[-1]
    assert event["kind"] == "phase"
    assert event["field"] == "phase"
    assert event["old_value"] == "Introduction"
    assert event["new_value"] == "Proposal"
    assert event["actor"] == "carol"
    assert event["version"] == 2
    assert event["phase_id"] == phase_id("Proposal")


def test_step_deal_moves_to_next_and_previous_active_phase(make_deal, deal_row, phase_id):
    deal = make_deal(phase="Introduction")
    phases.archive_phase("Presentation")  # skipped: archived phases are not offered
    deals.step_deal(deal.id, 1, actor=ACTOR)
    assert deal_row(deal.id)["phase_id"] == phase_id("Proposal")
    deals.step_deal(deal.id, 1, actor=ACTOR)
    assert deal_row(deal.id)["phase_id"] == phase_id("Negotiation")
    deals.step_deal(deal.id, -1, actor=ACTOR)
    assert deal_row(deal.id)["phase_id"] == phase_id("Proposal")
    deals.step_deal(deal.id, -1, actor=ACTOR)
    assert deal_row(deal.id)["phase_id"] == phase_id("Introduction")
    assert deal_row(deal.id)["version"] == 5


def test_step_deal_past_the_ends_is_refused(make_deal, deal_row, db_snapshot):
    first = make_deal(phase="Introduction")
    last = make_deal(phase="Order")
    before = db_snapshot()
    with pytest.raises(RuleError, match="already in the first phase"):
        deals.step_deal(first.id, -1, actor=ACTOR)
    with pytest.raises(RuleError, match="already in the last phase"):
        deals.step_deal(last.id, 1, actor=ACTOR)
    assert db_snapshot() == before
