"""Stale versions: each operation refuses a conflict naming who changed what, and saves nothing."""

from __future__ import annotations

import pytest

from models.domain.errors import ConflictError
from models.operations import deal_core, deals
from models.operations.lookup import find_deal

# ---------------------------------------------------------------- conflicts


def test_stale_version_raises_a_conflict_naming_who_changed_what(make_deal, refused, deal_row):
    deal = make_deal("Old title", value="100")
    deals.edit_deal(deal.id, {"title": "New title"}, actor="alice", expect_version=1)
    deals.move_deal(deal.id, "Proposal", actor="carol", expect_version=2)
    error = refused(
        ConflictError,
        lambda: deals.edit_deal(deal.id, {"value": "999"}, actor="bob", expect_version=1),
        "changed by someone else",
    )
    assert (error.deal_id, error.expected_version, error.current_version) == (deal.id, 1, 3)
    assert [(c.actor, c.field, c.old_value, c.new_value) for c in error.changes] == [
        ("alice", "title", "Old title", "New title"),
        ("carol", "phase", "Introduction", "Proposal"),
    ]
    message = str(error)
    assert "alice changed title from Old title to New title" in message
    assert "carol changed phase from Introduction to Proposal" in message
    assert "Nothing was saved" in message
    assert deal_row(deal.id)["value_cents"] == 10000


@pytest.mark.parametrize(
    "operation",
    [
        lambda deal_id: deals.move_deal(deal_id, "Order", actor="bob", expect_version=1),
        lambda deal_id: deals.step_deal(deal_id, 1, actor="bob", expect_version=1),
        lambda deal_id: deals.accept_deal(deal_id, actor="bob", expect_version=1),
        lambda deal_id: deals.reject_deal(deal_id, actor="bob", reason="Other", expect_version=1),
        lambda deal_id: deals.delete_deal(deal_id, actor="bob", expect_version=1),
    ],
)
def test_every_operation_checks_the_version(make_deal, refused, operation):
    deal = make_deal("Contested")
    deals.edit_deal(deal.id, {"owner": "alice"}, actor="alice")
    error = refused(ConflictError, lambda: operation(deal.id))
    assert [(c.actor, c.field, c.new_value) for c in error.changes] == [("alice", "owner", "alice")]


def test_conflict_on_reopen_switch_and_restore(make_deal, refused):
    deal = make_deal()
    deals.accept_deal(deal.id, actor="alice")
    refused(ConflictError, lambda: deals.reopen_deal(deal.id, actor="bob", expect_version=1))
    refused(ConflictError, lambda: deals.switch_outcome(deal.id, actor="bob", expect_version=1))
    deals.delete_deal(deal.id, actor="alice")
    error = refused(
        ConflictError, lambda: deals.restore_deal(deal.id, actor="bob", expect_version=2)
    )
    assert [c.field for c in error.changes] == ["deleted"]


def test_conflict_lists_at_most_five_changes_in_its_message(make_deal):
    deal = make_deal("v1")
    for number in range(2, 10):
        deals.edit_deal(deal.id, {"title": f"v{number}"}, actor="alice")
    with pytest.raises(ConflictError) as caught:
        deals.edit_deal(deal.id, {"title": "mine"}, actor="bob", expect_version=1)
    assert len(caught.value.changes) == 8
    assert "(and 3 more)" in str(caught.value)


def test_the_save_itself_is_a_compare_and_set_on_version(make_deal, refused, monkeypatch):
    """Even when the deal was read before someone else saved, the UPDATE checks the version."""
    deal = make_deal("Original")
    stale = find_deal(deal.id)  # read at version 1
    deals.edit_deal(deal.id, {"title": "Alice's title"}, actor="alice")
    monkeypatch.setattr(deal_core, "find_deal", lambda *args, **kwargs: stale)
    error = refused(
        ConflictError, lambda: deals.edit_deal(deal.id, {"title": "Bob's title"}, actor="bob")
    )
    assert [(c.actor, c.new_value) for c in error.changes] == [("alice", "Alice's title")]
