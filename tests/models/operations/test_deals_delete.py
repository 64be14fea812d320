"""Soft-deleting and restoring a deal, checked on its row, its history and the deal list."""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.errors import NotFound, RuleError
from models.operations import deals
from models.queries import deal_views as queries

ACTOR = "tester"
T0 = dt.datetime(2026, 3, 1, 9, 30, 0)


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
