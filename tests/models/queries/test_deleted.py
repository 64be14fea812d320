"""The deleted deals' read model: newest deletion first, who deleted each one and when."""

from __future__ import annotations

import datetime as dt
from typing import get_type_hints

from models.operations import deals
from models.queries.deleted import deleted_deals
from models.queries.view_types import DeletedDeal

T0 = dt.datetime(2026, 11, 20, 9, 0)


def test_deleted_deals_newest_first_with_who_and_when(db, make_deal):
    alpha = make_deal("Alpha", organization="Acme", phase="Proposal", value="1250.50", at=T0)
    bravo = make_deal("Bravo", phase="Negotiation", value="2000", at=T0)
    charlie = make_deal("Charlie", phase="Introduction", value="3000", at=T0)
    make_deal("Still here", phase="Introduction", at=T0)
    deals.reject_deal(bravo.id, actor="anna", reason="Price too high", at=T0)
    deals.delete_deal(alpha.id, actor="anna", at=T0 + dt.timedelta(hours=1))
    deals.delete_deal(bravo.id, actor="bram", at=T0 + dt.timedelta(hours=3))
    deals.delete_deal(charlie.id, actor="chris", at=T0 + dt.timedelta(hours=2))

    rows = deleted_deals()

    assert [row["id"] for row in rows] == [bravo.id, charlie.id, alpha.id]
    assert all(list(row) == list(get_type_hints(DeletedDeal)) for row in rows)
    assert rows[2] == {
        "id": alpha.id,
        "title": "Alpha",
        "organization": "Acme",
        "value": "1250.50",
        "value_cents": 125050,
        "phase": "Proposal",
        "status": "open",
        "deleted_at": "2026-11-20T10:00:00Z",
        "deleted_by": "anna",
        "version": 2,
    }
    assert (rows[0]["deleted_by"], rows[0]["status"], rows[0]["deleted_at"]) == (
        "bram",
        "rejected",
        "2026-11-20T12:00:00Z",
    )


def test_a_restored_deal_leaves_the_list_and_a_second_deletion_names_its_own_actor(db, make_deal):
    deal = make_deal("Alpha", at=T0)
    deals.delete_deal(deal.id, actor="anna", at=T0 + dt.timedelta(hours=1))
    deals.restore_deal(deal.id, actor="bram", at=T0 + dt.timedelta(hours=2))
    assert deleted_deals() == []
    deals.delete_deal(deal.id, actor="chris", at=T0 + dt.timedelta(hours=3))
    [row] = deleted_deals()
    assert (row["deleted_by"], row["deleted_at"]) == ("chris", "2026-11-20T12:00:00Z")


def test_a_deal_deleted_by_another_client_has_no_deleter(db, make_deal, raw):
    deal = make_deal("Alpha", at=T0)
    deals.delete_deal(deal.id, actor="anna", at=T0 + dt.timedelta(hours=1))
    deals.restore_deal(deal.id, actor="anna", at=T0 + dt.timedelta(hours=2))
    # Support staff delete it with SQL: no history line says who.
    raw.execute("UPDATE deal SET deleted_at = ? WHERE id = ?", ("2026-11-21 08:00:00", deal.id))
    [row] = deleted_deals()
    assert (row["deleted_by"], row["deleted_at"]) == (None, "2026-11-21T08:00:00Z")
