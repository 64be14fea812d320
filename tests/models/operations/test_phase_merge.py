"""The preview of a phase merge: counts and weighted values worked out by hand, then merged."""

from __future__ import annotations

import pytest

from models.domain.errors import NotFound, RuleError
from models.operations import deals, phases
from models.operations.phase_merge import MergePreview, merge_preview, preview_lines
from models.queries.deal_views import phase_overview

ACTOR = "tester"


@pytest.fixture
def presentation_deals(make_deal):
    """In Presentation (25 %): two open deals (one with its own 33 %), a won, a lost, a deleted.

    Order (100 %) holds one more open deal that no merge of Presentation touches.
    """
    make_deal("Plain", phase="Presentation", value="1000")
    make_deal("Own chance", phase="Presentation", value="333.33", probability_override=33)
    won = make_deal("Won", phase="Presentation", value="2000")
    deals.accept_deal(won.id, actor=ACTOR)
    lost = make_deal("Lost", phase="Presentation", value="500", probability_override=12)
    deals.reject_deal(lost.id, actor=ACTOR, reason="No budget")
    gone = make_deal("Deleted", phase="Presentation", value="999")
    deals.delete_deal(gone.id, actor=ACTOR)
    make_deal("Elsewhere", phase="Order", value="700")


def test_preview_into_the_next_phase(presentation_deals):
    preview = merge_preview("Presentation", "proposal")
    assert isinstance(preview, MergePreview)
    assert (preview.source_name, preview.source_probability) == ("Presentation", 25)
    assert (preview.target_name, preview.target_probability) == ("Proposal", 50)
    assert (preview.open_deals, preview.overrides_dropped) == (2, 1)
    assert (preview.closed_deals, preview.deleted_deals, preview.total_deals) == (2, 1, 5)
    assert preview.open_value_cents == 100_000 + 33_333
    # Before: 100 000 × 25 % = 25 000; 33 333 × 33 % = 10 999.89 → 11 000.
    assert preview.weighted_before_cents == 25_000 + 11_000
    # After, both at Proposal's 50 % (the override is dropped): 50 000; 16 666.5 → 16 667.
    assert preview.weighted_after_cents == 50_000 + 16_667
    assert preview.weighted_change_cents == 30_667


def test_preview_into_a_lower_phase_shows_the_fall(presentation_deals):
    preview = merge_preview("Presentation", "Introduction")
    # 100 000 × 10 % = 10 000; 33 333 × 10 % = 3 333.3 → 3 333.
    assert (preview.weighted_before_cents, preview.weighted_after_cents) == (36_000, 13_333)
    assert preview.weighted_change_cents == -22_667


def test_preview_changes_nothing_and_the_merge_does_what_it_said(presentation_deals, db_snapshot):
    before = db_snapshot()
    preview = merge_preview("Presentation", "Proposal")
    assert db_snapshot() == before
    by_name = {row["name"]: row for row in phase_overview()}
    assert by_name["Presentation"]["weighted_value_cents"] == preview.weighted_before_cents
    assert by_name["Presentation"]["open_count"] == preview.open_deals

    assert phases.merge_phase("Presentation", "Proposal", actor=ACTOR) == preview.total_deals

    by_name = {row["name"]: row for row in phase_overview()}
    assert by_name["Proposal"]["weighted_value_cents"] == preview.weighted_after_cents
    assert by_name["Proposal"]["open_value_cents"] == preview.open_value_cents
    assert by_name["Order"]["open_count"] == 1


def test_preview_of_an_empty_phase(db):
    preview = merge_preview("Negotiation", "Order")
    assert (preview.open_deals, preview.closed_deals, preview.deleted_deals) == (0, 0, 0)
    assert (preview.weighted_before_cents, preview.weighted_after_cents) == (0, 0)


def test_preview_refuses_what_the_merge_refuses(make_deal, db_snapshot):
    make_deal(phase="Presentation")
    phases.archive_phase("Order")
    before = db_snapshot()
    with pytest.raises(RuleError, match="into itself"):
        merge_preview("Presentation", "presentation")
    with pytest.raises(RuleError, match="archived"):
        merge_preview("Presentation", "Order")
    with pytest.raises(NotFound, match="no phase"):
        merge_preview("Presentation", "Nowhere")
    assert db_snapshot() == before


def test_preview_as_sentences_in_the_database_currency(presentation_deals):
    preview = merge_preview("Presentation", "Proposal")
    assert preview_lines(preview, "EUR", "nl") == [
        "2 open deals move from Presentation to Proposal: weighted value € 360,00 → € 666,67"
        " (+€ 306,67).",
        "1 of them loses its own probability and counts Proposal's 50%.",
        "2 closed deals are relabelled to Proposal (won or lost; each keeps its probability"
        " at close).",
        "1 deleted deal moves too.",
        "Presentation is archived afterwards.",
    ]
    fall = preview_lines(merge_preview("Presentation", "Introduction"), "USD", "en")
    assert fall[0].endswith("weighted value $360.00 → $133.33 (-$226.67).")


def test_preview_sentences_of_one_deal(make_deal):
    make_deal("Only", phase="Negotiation", value="10", probability_override=60)
    lines = preview_lines(merge_preview("Negotiation", "Introduction"))
    assert lines == [
        "1 open deal moves from Negotiation to Introduction: weighted value €6.00 → €1.00"
        " (-€5.00).",
        "1 of them loses its own probability and counts Introduction's 10%.",
        "0 closed deals are relabelled to Introduction (won or lost; each keeps its probability"
        " at close).",
        "Negotiation is archived afterwards.",
    ]
