"""Phase operations: add, rename, probability, reorder, archive, merge, delete."""

from __future__ import annotations

import pytest

from models.domain.errors import NotFound, RuleError, ValidationError
from models.operations import deals, phases

ACTOR = "tester"


@pytest.fixture
def phase_table(rows):
    """The phase table in board order as (position, name, probability, archived) tuples."""
    return lambda: [
        (r["position"], r["name"], r["probability"], r["archived"])
        for r in rows("SELECT * FROM phase ORDER BY position, id")
    ]


SEEDED = [
    (1, "Introduction", 10, 0),
    (2, "Presentation", 25, 0),
    (3, "Proposal", 50, 0),
    (4, "Negotiation", 75, 0),
    (5, "Order", 100, 0),
]


def test_seeded_phases(db, phase_table):
    assert phase_table() == SEEDED


def test_add_phase_at_the_end(db, phase_table):
    added = phases.add_phase("  Contract review ", "90")
    assert (added.name, added.probability, added.position) == ("Contract review", 90, 6)
    assert phase_table() == [*SEEDED, (6, "Contract review", 90, 0)]


def test_add_phase_at_a_position_moves_later_phases_down(db, phase_table):
    phases.add_phase("Demo", 35, position=3)
    assert phase_table() == [
        (1, "Introduction", 10, 0),
        (2, "Presentation", 25, 0),
        (3, "Demo", 35, 0),
        (4, "Proposal", 50, 0),
        (5, "Negotiation", 75, 0),
        (6, "Order", 100, 0),
    ]
    phases.add_phase("Lead", 5, position="1")
    assert [name for _, name, _, _ in phase_table()][:2] == ["Lead", "Introduction"]
    assert [position for position, *_ in phase_table()] == list(range(1, 8))


def test_add_phase_at_one_past_the_end(db, phase_table):
    phases.add_phase("After order", 100, position=6)
    assert phase_table()[-1] == (6, "After order", 100, 0)


def test_rename_phase_keeps_deals_and_allows_a_case_change(make_deal, deal_row, phase_table):
    deal = make_deal(phase="Proposal")
    phases.rename_phase("proposal", "Quote")
    assert phase_table()[2] == (3, "Quote", 50, 0)
    phases.rename_phase("Quote", "QUOTE")  # its own name in another case is fine
    assert phase_table()[2] == (3, "QUOTE", 50, 0)
    assert deal_row(deal.id)["phase_id"] == deal.phase_id


def test_set_phase_probability(db, phase_table):
    phases.set_phase_probability("Negotiation", "80")
    phases.set_phase_probability("Order", 0)
    assert phase_table()[3] == (4, "Negotiation", 80, 0)
    assert phase_table()[4] == (5, "Order", 0, 0)


def test_edit_phase_name_and_probability_together(db, phase_table):
    phases.edit_phase("Order", name="Won order", probability=95)
    assert phase_table()[4] == (5, "Won order", 95, 0)


def test_edit_phase_is_all_or_nothing(db, db_snapshot):
    before = db_snapshot()
    with pytest.raises(ValidationError, match="between 0 and 100"):
        phases.edit_phase("Order", name="Won order", probability=101)
    assert db_snapshot() == before


def test_edit_phase_with_nothing_to_change(db, db_snapshot):
    before = db_snapshot()
    with pytest.raises(ValidationError, match="Nothing to change"):
        phases.edit_phase("Order")
    assert db_snapshot() == before


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (1, ["Order", "Introduction", "Presentation", "Proposal", "Negotiation"]),
        (3, ["Introduction", "Presentation", "Order", "Proposal", "Negotiation"]),
        (5, ["Introduction", "Presentation", "Proposal", "Negotiation", "Order"]),
    ],
)
def test_move_phase(db, phase_table, position, expected):
    phases.move_phase("Order", position)
    table = phase_table()
    assert [name for _, name, _, _ in table] == expected
    assert [p for p, *_ in table] == [1, 2, 3, 4, 5]


def test_move_phase_down(db, phase_table):
    phases.move_phase("Introduction", 4)
    assert [name for _, name, _, _ in phase_table()] == [
        "Presentation",
        "Proposal",
        "Negotiation",
        "Introduction",
        "Order",
    ]


@pytest.mark.parametrize("position", [0, 6, -1, "x", 2.5, True, None])
def test_move_phase_to_a_bad_position_is_refused(db, db_snapshot, position):
    before = db_snapshot()
    with pytest.raises(ValidationError, match="from 1 to 5") as caught:
        phases.move_phase("Order", position)
    assert caught.value.field == "position"
    assert db_snapshot() == before


def test_add_phase_at_a_bad_position_is_refused(db, db_snapshot):
    before = db_snapshot()
    with pytest.raises(ValidationError, match="from 1 to 6"):
        phases.add_phase("Demo", 35, position=7)
    assert db_snapshot() == before


def test_archive_and_unarchive_phase(make_deal, phase_table):
    deal = make_deal(phase="Presentation")
    deals.accept_deal(deal.id, actor=ACTOR)  # closed deals do not block archiving
    phases.archive_phase("Presentation")
    assert phase_table()[1] == (2, "Presentation", 25, 1)
    with pytest.raises(RuleError, match="archived"):
        make_deal(phase="Presentation")
    phases.unarchive_phase("presentation")
    assert phase_table()[1] == (2, "Presentation", 25, 0)
    make_deal(phase="Presentation")


def test_archived_phase_is_not_a_move_target(make_deal, db_snapshot):
    deal = make_deal(phase="Introduction")
    phases.archive_phase("Order")
    before = db_snapshot()
    with pytest.raises(RuleError, match="archived"):
        deals.move_deal(deal.id, "Order", actor=ACTOR)
    assert db_snapshot() == before


def test_archive_twice_and_unarchive_active_are_refused(db, db_snapshot):
    phases.archive_phase("Order")
    before = db_snapshot()
    with pytest.raises(RuleError, match="already archived"):
        phases.archive_phase("Order")
    with pytest.raises(RuleError, match="not archived"):
        phases.unarchive_phase("Proposal")
    assert db_snapshot() == before


def test_merge_moves_every_deal_records_each_and_archives_the_source(
    make_deal, deal_row, events, phase_id, phase_table
):
    open_plain = make_deal("Open", phase="Presentation")
    open_override = make_deal("Override", phase="Presentation", probability_override=33)
    won = make_deal("Won", phase="Presentation")
    deals.accept_deal(won.id, actor=ACTOR)
    lost = make_deal("Lost", phase="Presentation", probability_override=12)
    deals.reject_deal(lost.id, actor=ACTOR, reason="No budget")
    deleted = make_deal("Deleted", phase="Presentation")
    deals.delete_deal(deleted.id, actor=ACTOR)
    bystander = make_deal("Elsewhere", phase="Order")
    versions = {
        d.id: deal_row(d.id)["version"] for d in (open_plain, open_override, won, lost, deleted)
    }

    moved = phases.merge_phase("Presentation", "proposal", actor="merger")

    assert moved == 5
    proposal = phase_id("Proposal")
    for deal_id, version in versions.items():
        row = deal_row(deal_id)
        assert row["phase_id"] == proposal
        assert row["version"] == version + 1
        merge_events = [e for e in events(deal_id) if e["version"] == version + 1]
        phase_event = merge_events[0]
        assert (phase_event["kind"], phase_event["field"]) == ("phase", "phase")
        assert (phase_event["old_value"], phase_event["new_value"]) == ("Presentation", "Proposal")
        assert phase_event["actor"] == "merger"
        assert phase_event["phase_id"] == proposal
    # Open deals lose their override (recorded); closed ones keep what they closed with.
    assert deal_row(open_override.id)["probability_override"] is None
    override_events = [e for e in events(open_override.id) if e["field"] == "probability_override"]
    assert [(e["old_value"], e["new_value"]) for e in override_events] == [("33", None)]
    assert deal_row(lost.id)["probability_at_close"] == 12
    assert deal_row(lost.id)["status"] == "rejected"
    assert deal_row(won.id)["probability_at_close"] == 25
    assert deal_row(bystander.id)["version"] == 1
    assert phase_table()[1] == (2, "Presentation", 25, 1)


def test_merge_of_an_empty_phase_archives_it(db, phase_table):
    assert phases.merge_phase("Presentation", "Proposal", actor=ACTOR) == 0
    assert phase_table()[1][3] == 1


def test_merge_into_itself_or_an_archived_phase_is_refused(make_deal, db_snapshot):
    make_deal(phase="Presentation")
    phases.archive_phase("Order")
    before = db_snapshot()
    with pytest.raises(RuleError, match="into itself"):
        phases.merge_phase("Presentation", "presentation", actor=ACTOR)
    with pytest.raises(RuleError, match="archived"):
        phases.merge_phase("Presentation", "Order", actor=ACTOR)
    with pytest.raises(NotFound, match="no phase"):
        phases.merge_phase("Presentation", "Nowhere", actor=ACTOR)
    assert db_snapshot() == before


def test_delete_an_unused_phase_renumbers_the_rest(db, phase_table):
    phases.delete_phase("Presentation")
    assert phase_table() == [
        (1, "Introduction", 10, 0),
        (2, "Proposal", 50, 0),
        (3, "Negotiation", 75, 0),
        (4, "Order", 100, 0),
    ]


def test_delete_an_unused_archived_phase(db, phase_table):
    phases.archive_phase("Order")
    phases.delete_phase("Order")
    assert [name for _, name, _, _ in phase_table()] == [
        "Introduction",
        "Presentation",
        "Proposal",
        "Negotiation",
    ]


def test_phase_usage_counts(make_deal):
    make_deal(phase="Proposal")
    closed = make_deal(phase="Proposal")
    deals.accept_deal(closed.id, actor=ACTOR)
    gone = make_deal(phase="Proposal")
    deals.delete_deal(gone.id, actor=ACTOR)
    usage = phases.phase_usage(phases.find_phase("Proposal"))
    assert (usage.open_deals, usage.all_deals, usage.in_history) == (1, 3, True)
    assert usage.ever_used
    assert not phases.phase_usage(phases.find_phase("Order")).ever_used
