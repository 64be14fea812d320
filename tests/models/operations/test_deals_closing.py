"""Accepting, rejecting, switching and reopening a deal, checked on its row and history."""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.errors import ValidationError
from models.operations import deals, settings

ACTOR = "tester"
T0 = dt.datetime(2026, 3, 1, 9, 30, 0)


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
    from models.operations import reasons

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


def test_close_at_a_given_probability_without_an_override(make_deal, deal_row):
    """A deal that closed elsewhere (the CSV import) closes at its known probability."""
    deal = make_deal(phase="Proposal", value="1000")
    deals.accept_deal(deal.id, actor=ACTOR, reason="Best price", at=T0, probability_at_close=40)
    row = deal_row(deal.id)
    assert (row["probability_at_close"], row["probability_override"]) == (40, None)
    other = make_deal(phase="Proposal", value="1000")
    with pytest.raises(ValidationError, match="not between 0 and 100"):
        deals.accept_deal(other.id, actor=ACTOR, reason="Best price", probability_at_close="140")
    assert deal_row(other.id)["status"] == "open"
