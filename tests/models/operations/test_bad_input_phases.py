"""Bad phase input: names, deleting and archiving against the rules, deals in archived phases."""

from __future__ import annotations

import pytest

from models.domain.errors import RuleError, ValidationError
from models.operations import deals, phases

ACTOR = "tester"


# ---------------------------------------------------------------- phase names


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("x" * 500, "500 characters long; the limit is 60"),
        ("x" * 61, "61 characters long; the limit is 60"),
        ("proposal", "'Proposal' already exists"),
        ("  PROPOSAL  ", "'Proposal' already exists"),
        ("Tab\there", "control character"),
        (None, "cannot be empty"),
        (42, "must be text"),
    ],
)
def test_bad_phase_name_on_add_and_rename(db, refused, name, message):
    refused(ValidationError, lambda: phases.add_phase(name, 20), message)
    refused(ValidationError, lambda: phases.rename_phase("Order", name), message)


def test_phase_name_of_an_archived_phase_is_taken(db, refused):
    phases.archive_phase("Order")
    refused(ValidationError, lambda: phases.add_phase("order", 90), r"'Order' \(archived\) already")
    refused(ValidationError, lambda: phases.rename_phase("Proposal", "ORDER"), "archived")


def test_phase_name_unique_beyond_ascii_case(db, refused):
    phases.add_phase("Straße", 20)
    refused(ValidationError, lambda: phases.add_phase("STRASSE", 20), "already exists")
    phases.add_phase("Émission", 20)
    refused(ValidationError, lambda: phases.add_phase("émission", 20), "already exists")


# ---------------------------------------------------------------- phase rules


def test_delete_a_phase_with_an_open_deal(make_deal, refused):
    make_deal(phase="Proposal")
    refused(RuleError, lambda: phases.delete_phase("Proposal"), "cannot be deleted; archive it")


def test_delete_a_phase_with_only_a_closed_deal(make_deal, refused):
    deal = make_deal(phase="Proposal")
    deals.reject_deal(deal.id, actor=ACTOR, reason="No budget")
    phases.archive_phase("Proposal")
    refused(RuleError, lambda: phases.delete_phase("Proposal"), "cannot be deleted")


def test_delete_a_phase_used_only_by_a_soft_deleted_deal(make_deal, refused):
    deal = make_deal(phase="Proposal")
    deals.delete_deal(deal.id, actor=ACTOR)
    refused(RuleError, lambda: phases.delete_phase("Proposal"), "cannot be deleted")


def test_delete_a_phase_only_history_refers_to(make_deal, refused, rows, phase_id):
    deal = make_deal(phase="Proposal")
    deals.move_deal(deal.id, "Negotiation", actor=ACTOR)
    assert (
        rows("SELECT COUNT(*) AS n FROM deal WHERE phase_id = ?", phase_id("Proposal"))[0]["n"] == 0
    )
    refused(RuleError, lambda: phases.delete_phase("Proposal"), "history")


def test_delete_a_merged_phase(make_deal, refused):
    make_deal(phase="Presentation")
    phases.merge_phase("Presentation", "Proposal", actor=ACTOR)
    refused(RuleError, lambda: phases.delete_phase("Presentation"), "cannot be deleted")


def test_archive_the_last_active_phase(db, refused):
    for name in ("Introduction", "Presentation", "Proposal", "Negotiation"):
        phases.archive_phase(name)
    refused(RuleError, lambda: phases.archive_phase("Order"), "last active phase")
    refused(RuleError, lambda: phases.delete_phase("Order"), "last active phase")


def test_archive_a_phase_with_open_deals(make_deal, refused):
    make_deal(phase="Proposal")
    make_deal(phase="Proposal")
    refused(RuleError, lambda: phases.archive_phase("Proposal"), "still has 2 open deal")


# ---------------------------------------------------------------- archived phases


def test_reopening_a_deal_whose_phase_was_archived(make_deal, refused, deal_row):
    """An open deal in an archived phase is hidden from the board: reopen says so instead."""
    deal = make_deal(phase="Presentation")
    deals.accept_deal(deal.id, actor=ACTOR)
    phases.archive_phase("Presentation")
    refused(RuleError, lambda: deals.reopen_deal(deal.id, actor=ACTOR), "unarchive the phase first")
    phases.unarchive_phase("Presentation")
    deals.reopen_deal(deal.id, actor=ACTOR)
    assert deal_row(deal.id)["status"] == "open"


def test_restoring_an_open_deal_whose_phase_was_archived(make_deal, refused, deal_row):
    deal = make_deal(phase="Presentation")
    deals.delete_deal(deal.id, actor=ACTOR)
    phases.archive_phase("Presentation")  # deleted deals do not block archiving
    refused(
        RuleError, lambda: deals.restore_deal(deal.id, actor=ACTOR), "unarchive the phase first"
    )
    phases.unarchive_phase("Presentation")
    deals.restore_deal(deal.id, actor=ACTOR)
    assert deal_row(deal.id)["deleted_at"] is None


def test_restoring_a_closed_deal_in_an_archived_phase_is_fine(make_deal, deal_row):
    deal = make_deal(phase="Presentation")
    deals.reject_deal(deal.id, actor=ACTOR, reason="No budget")
    deals.delete_deal(deal.id, actor=ACTOR)
    phases.archive_phase("Presentation")
    deals.restore_deal(deal.id, actor=ACTOR)
    assert deal_row(deal.id)["deleted_at"] is None


def test_archived_phase_for_a_new_deal(db, refused):
    phases.archive_phase("Order")
    refused(RuleError, lambda: deals.create_deal("X", actor=ACTOR, phase="Order"), "archived")
