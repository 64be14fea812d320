"""A deal's version and history: one version per operation, every version recorded, oldest first."""

from __future__ import annotations

from models.operations import deals
from models.queries import deal_views as queries

ACTOR = "tester"


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
