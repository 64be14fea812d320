"""Bad input: each is refused with a typed error and a readable sentence, and nothing changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models import deal_core, deals, phases
from models.errors import ConflictError, NotFound, RuleError, ValidationError
from models.lookup import find_deal

ACTOR = "tester"

BAD_PROBABILITIES = [
    (101, "101 is not between 0 and 100"),
    (-1, "-1 is not between 0 and 100"),
    ("50%", r"leave out the % sign"),
    (50.5, "whole number"),
    ("50.5", "whole number"),
    ("-1", "whole number"),
    ("1000", "not between 0 and 100"),
    ("", "whole number"),
    (True, "whole number"),
    (None, "whole number"),
]


# ---------------------------------------------------------------- probabilities


@pytest.mark.parametrize(("value", "message"), BAD_PROBABILITIES)
def test_bad_phase_probability_on_set(db, refused, value, message):
    error = refused(
        ValidationError, lambda: phases.set_phase_probability("Proposal", value), message
    )
    assert error.field == "probability"


@pytest.mark.parametrize(("value", "message"), BAD_PROBABILITIES)
def test_bad_phase_probability_on_add(db, refused, value, message):
    refused(ValidationError, lambda: phases.add_phase("Demo", value), message)


@pytest.mark.parametrize(
    ("value", "message"), [v for v in BAD_PROBABILITIES if v[0] not in ("", None)]
)
def test_bad_probability_override_on_edit(make_deal, refused, value, message):
    deal = make_deal()
    error = refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"probability_override": value}, actor=ACTOR),
        message,
    )
    assert error.field == "probability"


@pytest.mark.parametrize(
    ("value", "message"), [v for v in BAD_PROBABILITIES if v[0] not in ("", None)]
)
def test_bad_probability_override_on_create(db, refused, value, message):
    refused(
        ValidationError,
        lambda: deals.create_deal("New", actor=ACTOR, probability_override=value),
        message,
    )


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


# ---------------------------------------------------------------- closed deals


@pytest.mark.parametrize("outcome", ["accepted", "rejected"])
def test_moving_a_closed_deal(make_deal, refused, outcome):
    deal = make_deal(phase="Proposal")
    deals.close_deal(deal.id, outcome, actor=ACTOR, reason="Other")
    refused(RuleError, lambda: deals.move_deal(deal.id, "Order", actor=ACTOR), "reopen it first")
    refused(RuleError, lambda: deals.step_deal(deal.id, 1, actor=ACTOR), "reopen it first")


def test_merge_never_runs_into_the_closed_deal_rule(make_deal, deal_row, phase_id):
    """Merging is the one way a closed deal changes phase: its phase no longer exists."""
    deal = make_deal(phase="Proposal")
    deals.accept_deal(deal.id, actor=ACTOR)
    phases.merge_phase("Proposal", "Negotiation", actor=ACTOR)
    assert deal_row(deal.id)["phase_id"] == phase_id("Negotiation")


@pytest.mark.parametrize("value", [10, None, ""])
def test_editing_the_probability_of_a_closed_deal(make_deal, refused, value):
    deal = make_deal(phase="Proposal", probability_override=60)
    deals.accept_deal(deal.id, actor=ACTOR)
    refused(
        RuleError,
        lambda: deals.edit_deal(deal.id, {"probability_override": value}, actor=ACTOR),
        "fixed when it closed",
    )


def test_closing_a_closed_deal_and_reopening_an_open_one(make_deal, refused):
    deal = make_deal()
    deals.accept_deal(deal.id, actor=ACTOR)
    refused(RuleError, lambda: deals.accept_deal(deal.id, actor=ACTOR), "already accepted")
    refused(
        RuleError, lambda: deals.reject_deal(deal.id, actor=ACTOR, reason="No budget"), "switch"
    )
    other = make_deal()
    refused(RuleError, lambda: deals.reopen_deal(other.id, actor=ACTOR), "already open")
    refused(RuleError, lambda: deals.switch_outcome(other.id, actor=ACTOR), "is open")


def test_closing_with_an_unknown_outcome(make_deal, refused):
    deal = make_deal()
    refused(ValidationError, lambda: deals.close_deal(deal.id, "won", actor=ACTOR), "not 'won'")


def test_moving_to_the_phase_it_is_in(make_deal, refused):
    deal = make_deal(phase="Proposal")
    refused(RuleError, lambda: deals.move_deal(deal.id, "proposal", actor=ACTOR), "already in")


# ---------------------------------------------------------------- reasons


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_rejecting_without_a_required_reason(make_deal, refused, reason):
    deal = make_deal()
    error = refused(
        ValidationError,
        lambda: deals.reject_deal(deal.id, actor=ACTOR, reason=reason),
        "A reason is required to reject",
    )
    assert error.field == "reason"


def test_switching_to_rejected_needs_a_reason_that_applies(make_deal, refused):
    deal = make_deal()
    deals.accept_deal(deal.id, actor=ACTOR, reason="Best price")
    refused(ValidationError, lambda: deals.switch_outcome(deal.id, actor=ACTOR), "required")


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [("rejected", "Best price"), ("accepted", "No budget"), ("accepted", "chose a competitor")],
)
def test_a_reason_that_does_not_apply_to_the_outcome(make_deal, refused, outcome, reason):
    deal = make_deal()
    error = refused(
        ValidationError,
        lambda: deals.close_deal(deal.id, outcome, actor=ACTOR, reason=reason),
        f"not {outcome} ones",
    )
    assert error.field == "reason"


def test_an_archived_reason(make_deal, refused):
    from models.reasons import set_reason_archived

    set_reason_archived("Price too high")
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.reject_deal(deal.id, actor=ACTOR, reason="price too high"),
        "'Price too high' is archived",
    )


def test_an_unknown_reason(make_deal, refused):
    deal = make_deal()
    refused(NotFound, lambda: deals.reject_deal(deal.id, actor=ACTOR, reason="Nope"), "no reason")
    refused(NotFound, lambda: deals.reject_deal(deal.id, actor=ACTOR, reason=9999), "no reason")


def test_a_competitor_on_a_won_deal(make_deal, refused):
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.accept_deal(deal.id, actor=ACTOR, competitor="Initech"),
        "Only a lost",
    )
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"competitor": "Initech"}, actor=ACTOR),
        "Only a lost",
    )


def test_a_reason_on_an_open_deal(make_deal, refused):
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"reason": "Other"}, actor=ACTOR),
        "close it first",
    )


# ---------------------------------------------------------------- money


BAD_MONEY = [
    (-1, "negative"),
    ("-5", "negative"),
    ("-0.01", "negative"),
    ("abc", "not an amount"),
    ("12.500,00", "no thousands separator"),
    ("12,500.00", "no thousands separator"),
    ("1e309", "not an amount"),
    ("NaN", "not an amount"),
    ("inf", "not an amount"),
    ("12.345", "not an amount"),
    ("€ 100", "not an amount"),
    ("", "not an amount"),
    ("99999999999999999", "too large"),
    (float("nan"), "must be an amount"),
    (12.5, "must be an amount"),
    (Decimal("NaN"), "finite"),
    (Decimal("1.005"), "two decimals"),
    (True, "amount like"),
]


@pytest.mark.parametrize(("value", "message"), BAD_MONEY)
def test_bad_value_on_create(db, refused, value, message):
    error = refused(
        ValidationError, lambda: deals.create_deal("X", actor=ACTOR, value=value), message
    )
    assert error.field == "value"


@pytest.mark.parametrize(("value", "message"), BAD_MONEY)
def test_bad_value_on_edit(make_deal, refused, value, message):
    deal = make_deal(value="100")
    refused(
        ValidationError, lambda: deals.edit_deal(deal.id, {"value": value}, actor=ACTOR), message
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31-12-2026", "YYYY-MM-DD"),
        ("2026-02-30", "not a real date"),
        ("0001-01-01", "out of range"),
        (20261231, "must be a date"),
    ],
)
def test_bad_expected_close(make_deal, refused, value, message):
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"expected_close": value}, actor=ACTOR),
        message,
    )


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


def test_archived_phase_for_a_new_deal(db, refused):
    phases.archive_phase("Order")
    refused(RuleError, lambda: deals.create_deal("X", actor=ACTOR, phase="Order"), "archived")


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


# ---------------------------------------------------------------- text


@pytest.mark.parametrize(
    "title",
    [
        "Bad\x1b[31mred",
        "Nul\x00byte",
        "Carriage\rreturn",
        "Line\nbreak",
        "Bell\x07",
        "Sep\u2028line",
        "Del\x7f",
    ],
)
def test_control_characters_in_a_title_are_refused(make_deal, refused, title):
    deal = make_deal("Clean")
    error = refused(
        ValidationError, lambda: deals.create_deal(title, actor=ACTOR), "control character"
    )
    assert error.field == "title"
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"title": title}, actor=ACTOR),
        "control character",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("organization", "Acme\x1b"), ("owner", "a\x00b"), ("note", "ok\x1b[2J"), ("source", "x\ty")],
)
def test_control_characters_in_other_fields_are_refused(make_deal, refused, field, value):
    deal = make_deal()
    error = refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {field: value}, actor=ACTOR),
        "control character",
    )
    assert error.field == field


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "cannot be empty"),
        ("  \t ", "cannot be empty"),
        ("x" * 501, "limit is 500"),
        (None, "cannot be empty"),
    ],
)
def test_bad_titles(make_deal, refused, title, message):
    deal = make_deal()
    refused(ValidationError, lambda: deals.create_deal(title, actor=ACTOR), message)
    refused(
        ValidationError, lambda: deals.edit_deal(deal.id, {"title": title}, actor=ACTOR), message
    )


@pytest.mark.parametrize(
    "title",
    [
        "[b]markup[/b] and [red]colour[/red]",
        "Rocket launch 🚀👩‍💻 deal",
        "صفقة جديدة مع الشركة",
        "עסקה חדשה",
        "Mixed: Acme صفقة 42 [i]x[/i] 🎉",
        "x" * 500,
    ],
)
def test_unusual_titles_are_stored_exactly(make_deal, deal_row, events, title):
    deal = make_deal(title)
    assert deal_row(deal.id)["title"] == title
    assert events(deal.id)[0]["new_value"] == title
    deals.edit_deal(deal.id, {"title": "plain"}, actor=ACTOR)
    deals.edit_deal(deal.id, {"title": title}, actor=ACTOR)
    assert deal_row(deal.id)["title"] == title


def test_a_note_may_hold_newlines_and_tabs(make_deal, deal_row):
    deal = make_deal(note="line one\r\n\tindented")
    assert deal_row(deal.id)["note"] == "line one\n\tindented"


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
