"""Every deal operation's happy path, checked on the stored rows and their history."""

from __future__ import annotations

import datetime as dt

import pytest

from models import deals, phases, queries, settings
from models.errors import NotFound, RuleError
from models.lookup import find_deal

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


def test_accept_deal_records_status_reason_and_note(make_deal, deal_row, events, rows):
    deal = make_deal(phase="Proposal", value="1000")
    at = T0 + dt.timedelta(days=3)
    accepted = deals.accept_deal(
        deal.id, actor="alice", reason="best price", note="Signed on site", at=at
    )
    assert accepted.status == "accepted"
    row = deal_row(deal.id)
    best_price = rows("SELECT id FROM reason WHERE name = 'Best price'")[0]["id"]
    assert row["status"] == "accepted"
    assert row["reason_id"] == best_price
    assert row["close_note"] == "Signed on site"
    assert row["closed_at"].startswith("2026-03-04 09:30:00")
    assert row["probability_at_close"] == 50
    assert row["version"] == 2
    status, reason, note = events(deal.id)[1:]
    assert (status["kind"], status["field"], status["old_value"], status["new_value"]) == (
        "status",
        "status",
        "open",
        "accepted",
    )
    assert (reason["kind"], reason["field"], reason["new_value"]) == (
        "field",
        "reason",
        "Best price",
    )
    assert (note["field"], note["new_value"]) == ("close_note", "Signed on site")
    assert {e["version"] for e in (status, reason, note)} == {2}
    assert {e["actor"] for e in (status, reason, note)} == {"alice"}


def test_accept_without_reason_is_allowed_by_default(make_deal, deal_row, events):
    deal = make_deal()
    deals.accept_deal(deal.id, actor=ACTOR)
    row = deal_row(deal.id)
    assert row["status"] == "accepted"
    assert row["reason_id"] is None
    assert [e["kind"] for e in events(deal.id)] == ["created", "status"]


def test_reject_deal_records_reason_competitor_and_note(make_deal, deal_row, events):
    deal = make_deal(phase="Negotiation")
    deals.reject_deal(
        deal.id,
        actor="bob",
        reason="Chose a competitor",
        competitor="Initech",
        note="They were cheaper",
    )
    row = deal_row(deal.id)
    assert row["status"] == "rejected"
    assert row["competitor"] == "Initech"
    assert row["close_note"] == "They were cheaper"
    assert row["probability_at_close"] == 75
    fields = {e["field"]: e["new_value"] for e in events(deal.id)[1:]}
    assert fields == {
        "status": "rejected",
        "reason": "Chose a competitor",
        "competitor": "Initech",
        "close_note": "They were cheaper",
    }


def test_reject_without_reason_when_the_setting_allows_it(make_deal, deal_row):
    settings.set_setting("require_reason_on_reject", "no")
    deal = make_deal()
    deals.reject_deal(deal.id, actor=ACTOR)
    assert deal_row(deal.id)["status"] == "rejected"
    assert deal_row(deal.id)["reason_id"] is None


def test_switch_outcome_accepted_to_rejected_and_back(make_deal, deal_row, events, rows):
    deal = make_deal(phase="Proposal")
    deals.accept_deal(deal.id, actor=ACTOR, reason="Best price", at=T0)
    closed = deal_row(deal.id)
    deals.switch_outcome(
        deal.id, actor="dave", reason="Price too high", competitor="Initech", expect_version=2
    )
    row = deal_row(deal.id)
    assert row["status"] == "rejected"
    assert row["reason_id"] == rows("SELECT id FROM reason WHERE name = 'Price too high'")[0]["id"]
    assert row["competitor"] == "Initech"
    assert row["closed_at"] == closed["closed_at"]  # when it closed does not change
    assert row["probability_at_close"] == 50
    assert row["version"] == 3
    switched = [e for e in events(deal.id) if e["version"] == 3]
    assert [(e["kind"], e["field"], e["old_value"], e["new_value"]) for e in switched] == [
        ("status", "status", "accepted", "rejected"),
        ("field", "reason", "Best price", "Price too high"),
        ("field", "competitor", "", "Initech"),
    ]
    assert {e["actor"] for e in switched} == {"dave"}

    deals.switch_outcome(deal.id, actor="dave")
    row = deal_row(deal.id)
    assert row["status"] == "accepted"
    assert row["competitor"] == ""  # a won deal has no competitor
    assert row["reason_id"] is None  # "Price too high" does not apply to a won deal
    assert row["version"] == 4
    back = [
        (e["field"], e["old_value"], e["new_value"]) for e in events(deal.id) if e["version"] == 4
    ]
    assert back == [
        ("status", "rejected", "accepted"),
        ("reason", "Price too high", None),
        ("competitor", "Initech", ""),
    ]


def test_switch_outcome_keeps_a_reason_that_applies_to_both(make_deal, deal_row, rows):
    other = rows("SELECT id FROM reason WHERE name = 'Other'")[0]["id"]
    deal = make_deal()
    deals.accept_deal(deal.id, actor=ACTOR, reason="Other")
    deals.switch_outcome(deal.id, actor=ACTOR)
    assert deal_row(deal.id)["status"] == "rejected"
    assert deal_row(deal.id)["reason_id"] == other


def test_switch_outcome_keeps_a_reason_archived_since_closing(make_deal, deal_row, rows):
    """Archiving hides a reason from new choices; a correction must not drop or refuse it."""
    from models import reasons

    other = rows("SELECT id FROM reason WHERE name = 'Other'")[0]["id"]
    deal = make_deal()
    deals.reject_deal(deal.id, actor=ACTOR, reason="Other")
    reasons.set_reason_archived("Other")
    deals.switch_outcome(deal.id, actor=ACTOR)
    row = deal_row(deal.id)
    assert row["status"] == "accepted"
    assert row["reason_id"] == other


def test_reopen_clears_closing_data_but_history_keeps_it(make_deal, deal_row, events):
    deal = make_deal(phase="Negotiation", probability_override=90)
    deals.reject_deal(
        deal.id,
        actor=ACTOR,
        reason="Price too high",
        competitor="Initech",
        note="Too pricey",
        at=T0,
    )
    reopened = deals.reopen_deal(deal.id, actor="erin", expect_version=2)
    assert reopened.status == "open"
    row = deal_row(deal.id)
    assert row["status"] == "open"
    assert row["reason_id"] is None
    assert row["competitor"] == ""
    assert row["close_note"] == ""
    assert row["closed_at"] is None
    assert row["probability_at_close"] is None
    assert row["phase_id"] == deal.phase_id  # it stays in the phase it closed in
    assert row["version"] == 3
    reopen_events = {
        e["field"]: (e["kind"], e["old_value"], e["new_value"])
        for e in events(deal.id)
        if e["version"] == 3
    }
    assert reopen_events == {
        "status": ("status", "rejected", "open"),
        "reason": ("field", "Price too high", None),
        "competitor": ("field", "Initech", None),
        "close_note": ("field", "Too pricey", None),
        "probability_at_close": ("field", "90", None),
        "closed_at": ("field", "2026-03-01 09:30:00", None),
    }
    assert all(e["actor"] == "erin" for e in events(deal.id) if e["version"] == 3)
    # The closing itself is still in the history.
    closing = {e["field"]: e["new_value"] for e in events(deal.id) if e["version"] == 2}
    assert closing["reason"] == "Price too high"
    assert closing["competitor"] == "Initech"


def test_delete_and_restore_deal(make_deal, deal_row, events):
    deal = make_deal("To delete")
    deleted = deals.delete_deal(deal.id, actor="frank", expect_version=1, at=T0)
    assert deleted.deleted_at is not None
    row = deal_row(deal.id)
    assert row["deleted_at"].startswith("2026-03-01 09:30:00")
    assert row["version"] == 2
    event = events(deal.id)[-1]
    assert (event["kind"], event["actor"], event["version"], event["new_value"]) == (
        "deleted",
        "frank",
        2,
        "To delete",
    )
    assert deal.id not in [d.id for d in queries.list_deals("all")]
    with pytest.raises(NotFound, match="deleted"):
        deals.edit_deal(deal.id, {"title": "x"}, actor=ACTOR)

    restored = deals.restore_deal(deal.id, actor="grace", expect_version=2)
    assert restored.deleted_at is None
    row = deal_row(deal.id)
    assert row["deleted_at"] is None
    assert row["version"] == 3
    event = events(deal.id)[-1]
    assert (event["kind"], event["actor"], event["version"]) == ("restored", "grace", 3)
    assert event["old_value"] == "2026-03-01 09:30:00"
    assert deal.id in [d.id for d in queries.list_deals("all")]


def test_restore_a_deal_that_is_not_deleted_is_refused(make_deal, db_snapshot):
    deal = make_deal()
    before = db_snapshot()
    with pytest.raises(RuleError, match="not deleted"):
        deals.restore_deal(deal.id, actor=ACTOR)
    assert db_snapshot() == before


def test_every_operation_bumps_version_by_exactly_one(make_deal, deal_row, events):
    deal = make_deal(phase="Introduction")
    operations = [
        lambda: deals.edit_deal(deal.id, {"title": "Renamed"}, actor=ACTOR),
        lambda: deals.move_deal(deal.id, "Presentation", actor=ACTOR),
        lambda: deals.step_deal(deal.id, 1, actor=ACTOR),
        lambda: deals.edit_deal(deal.id, {"probability_override": 40}, actor=ACTOR),
        lambda: deals.accept_deal(deal.id, actor=ACTOR, reason="Best price"),
        lambda: deals.switch_outcome(deal.id, actor=ACTOR, reason="No budget"),
        lambda: deals.reopen_deal(deal.id, actor=ACTOR),
        lambda: deals.reject_deal(deal.id, actor=ACTOR, reason="Bad timing"),
        lambda: deals.reopen_deal(deal.id, actor=ACTOR),
        lambda: deals.delete_deal(deal.id, actor=ACTOR),
        lambda: deals.restore_deal(deal.id, actor=ACTOR),
    ]
    for expected, operation in enumerate(operations, start=2):
        returned = operation()
        assert returned.version == expected
        assert deal_row(deal.id)["version"] == expected
        assert max(e["version"] for e in events(deal.id)) == expected
    # Every version from 1 to the last has at least one event: nothing went unrecorded.
    assert {e["version"] for e in events(deal.id)} == set(range(1, len(operations) + 2))


def test_deal_history_query_lists_events_oldest_first(make_deal):
    deal = make_deal("History", actor="alice")
    deals.move_deal(deal.id, "Proposal", actor="bob")
    deals.accept_deal(deal.id, actor="carol")
    history = queries.deal_history(deal.id)
    assert [(h["kind"], h["actor"], h["version"]) for h in history] == [
        ("created", "alice", 1),
        ("phase", "bob", 2),
        ("status", "carol", 3),
    ]
    assert history[0]["at"].endswith("Z")
