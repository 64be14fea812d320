"""Bad references: an unknown phase, deal or field is refused and nothing changes."""

from __future__ import annotations

from models.domain.errors import NotFound, ValidationError
from models.operations import deals, phases

ACTOR = "tester"


# ---------------------------------------------------------------- unknown things


def test_unknown_phase_by_name_and_id(make_deal, refused):
    deal = make_deal()
    refused(
        NotFound, lambda: deals.create_deal("X", actor=ACTOR, phase="Nowhere"), "no phase 'Nowhere'"
    )
    refused(NotFound, lambda: deals.create_deal("X", actor=ACTOR, phase=9999), "no phase 9999")
    refused(NotFound, lambda: deals.move_deal(deal.id, "Nowhere", actor=ACTOR), "no phase")
    refused(NotFound, lambda: deals.move_deal(deal.id, 9999, actor=ACTOR), "no phase")
    refused(NotFound, lambda: phases.rename_phase("Nowhere", "Else"), "no phase")
    refused(NotFound, lambda: phases.set_phase_probability(9999, 10), "no phase")
    refused(NotFound, lambda: phases.archive_phase("Nowhere"), "no phase")
    refused(NotFound, lambda: phases.delete_phase(9999), "no phase")


def test_unknown_deal(db, refused):
    refused(NotFound, lambda: deals.edit_deal(9999, {"title": "x"}, actor=ACTOR), "no deal #9999")
    refused(NotFound, lambda: deals.accept_deal(9999, actor=ACTOR), "no deal")
    refused(NotFound, lambda: deals.restore_deal(9999, actor=ACTOR), "no deal")
    refused(NotFound, lambda: deals.delete_deal("abc", actor=ACTOR), "not a deal number")


def test_unknown_field(make_deal, refused):
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"status": "accepted"}, actor=ACTOR),
        "not a field that can be edited",
    )
