"""The read models hold exactly the keys their TypedDicts name (the `--json` contract)."""

from __future__ import annotations

from typing import get_type_hints

from models.operations import deals
from models.operations.lookup import find_deal
from models.queries.deal_views import deal_history, deal_to_dict, phase_overview
from models.queries.view_types import DealView, HistoryEntry, PhaseSummary

ACTOR = "anna"


def keys(typed) -> list[str]:
    return list(get_type_hints(typed))


def test_a_deal_view_has_the_keys_of_deal_view_in_order(db, make_deal):
    deal = make_deal("Alpha", phase="Proposal", value="1000")
    deals.reject_deal(deal.id, actor=ACTOR, reason="Price too high")
    data = deal_to_dict(find_deal(deal.id))
    # `problems` appears only for a value stored in a shape its column cannot hold.
    assert list(data) == [key for key in keys(DealView) if key != "problems"]
    assert DealView.__optional_keys__ == {"problems"}


def test_history_lines_and_phase_summaries_have_the_keys_of_their_types(db, make_deal):
    deal = make_deal("Bravo", phase="Introduction", value="2000")
    deals.move_deal(deal.id, "Proposal", actor=ACTOR)
    history = deal_history(deal.id)
    assert len(history) == 2
    assert all(list(line) == keys(HistoryEntry) for line in history)
    phases = phase_overview()
    assert phases
    assert all(list(row) == keys(PhaseSummary) for row in phases)
