"""`check` names reached-data (``deal_reached``) that disagrees with the history.

Default phases: Introduction, Presentation, Proposal, Negotiation, Order. A deal reaches the
phase it enters and, moving forward, the active phases it skips, all at that moment; merging
a phase gives the deals that reached it the target too. None of that is a finding; a row the
history cannot account for, or a phase entered without a row, is.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.demo.build import build_demo
from models.operations.deals import accept_deal, create_deal, move_deal, reject_deal
from models.operations.phases import add_phase, merge_phase
from models.storage.database import open_database
from models.storage.foreign_rows import MAX_LISTED
from models.storage.maintenance import check_database
from models.storage.schema import DealEvent, DealReached, Phase
from tests.models.storage.reached_stories import at, back_to_0005, make_stories

ACTOR = "tester"


def phase_id(name: str) -> int:
    return Phase.get(Phase.name == name).id


def reached_findings(result):
    return [f for f in result.findings if str(f["problem"]).startswith("reached_")]


@pytest.fixture
def story(db):
    """Deals that jump forward, go back, close, and phases merged with and without deals."""
    jumper = create_deal("Jumper", actor=ACTOR, at=at(0)).id
    move_deal(jumper, "Negotiation", actor=ACTOR, at=at(1))  # skips Presentation, Proposal
    move_deal(jumper, "Introduction", actor=ACTOR, at=at(2))  # back: reaches nothing new
    won = create_deal("Won", actor=ACTOR, at=at(0), phase="Proposal").id
    accept_deal(won, actor=ACTOR, at=at(3))
    add_phase("Pilot", 60)
    passer = create_deal("Passer", actor=ACTOR, at=at(4)).id
    move_deal(passer, "Pilot", actor=ACTOR, at=at(5))
    move_deal(passer, "Introduction", actor=ACTOR, at=at(6))
    # Pilot holds no deal now: merging it records no move, only the reached rows.
    merge_phase("Pilot", "Negotiation", actor=ACTOR, at=at(7))
    stayer = create_deal("Stayer", actor=ACTOR, at=at(8), phase="Presentation").id
    reject_deal(stayer, reason="No budget", actor=ACTOR, at=at(9))
    # Presentation holds the closed Stayer: merging moves it (a recorded phase event).
    merge_phase("Presentation", "Proposal", actor=ACTOR, at=at(10))
    return {"jumper": jumper, "won": won, "passer": passer, "stayer": stayer}


def test_what_the_operations_record_agrees_with_the_history(story):
    result = check_database()
    assert reached_findings(result) == []
    assert result.healthy, result.problems


def test_a_phase_entered_without_a_reached_row_is_named(story):
    jumper = story["jumper"]
    negotiation = phase_id("Negotiation")
    DealReached.delete().where(
        DealReached.deal == jumper, DealReached.phase == negotiation
    ).execute()
    line = (
        DealEvent.select(DealEvent.id)
        .where(DealEvent.deal == jumper, DealEvent.kind == "phase", DealEvent.phase == negotiation)
        .scalar()
    )
    result = check_database()
    message = (
        f"Deal #{jumper}: history line {line} enters phase 'Negotiation', but the phases it"
        " reached (deal_reached) leave it out."
    )
    assert reached_findings(result) == [
        {
            "deal": jumper,
            "history_line": line,
            "field": "deal_reached",
            "value": "Negotiation",
            "problem": "reached_missing",
            "related_field": None,
            "related_value": None,
            "message": message,
        }
    ]
    assert message in result.problems and not result.healthy


def test_a_reached_row_the_history_does_not_account_for_is_named(story):
    # Created and moved after the merges, so it reached no phase archived since.
    won = create_deal("Late", actor=ACTOR, at=at(11)).id
    move_deal(won, "Proposal", actor=ACTOR, at=at(12))
    accept_deal(won, actor=ACTOR, at=at(14))
    DealReached.insert(deal=won, phase=phase_id("Order"), at=at(14)).execute()
    result = check_database()
    found = reached_findings(result)
    assert [(f["deal"], f["value"], f["problem"], f["field"]) for f in found] == [
        (won, "Order", "reached_unexplained", "deal_reached")
    ]
    assert found[0]["related_field"] == "at"
    assert str(found[0]["related_value"])[:19] == "2026-01-05 23:00:00"
    assert found[0]["message"] == (
        f"Deal #{won}: recorded as having reached phase 'Order' at 2026-01-05 23:00:00, but its"
        " history neither enters that phase nor enters another one then."
    )
    assert not result.healthy


def test_a_deal_that_reached_a_phase_merged_since_is_given_the_benefit_of_the_doubt(story):
    # Merging a phase that holds no deal leaves no history line, only reached rows at the
    # merge's time: a row of a deal that reached an archived phase before it is not named.
    DealReached.insert(deal=story["won"], phase=phase_id("Order"), at=at(13)).execute()
    assert reached_findings(check_database()) == []


def test_a_row_at_the_moment_of_another_entry_counts_as_skipped(story):
    won = story["won"]  # its creation in Proposal could have skipped Introduction
    DealReached.delete().where(DealReached.deal == won).execute()
    DealReached.insert(deal=won, phase=phase_id("Proposal"), at=at(0)).execute()
    DealReached.insert(deal=won, phase=phase_id("Introduction"), at=at(0)).execute()
    assert reached_findings(check_database()) == []


def test_findings_stop_at_the_listed_maximum_and_count_the_rest(story):
    extra = MAX_LISTED + 3
    for number in range(extra):
        deal = create_deal(f"Bulk {number}", actor=ACTOR, at=at(20)).id
        DealReached.delete().where(DealReached.deal == deal).execute()
    result = check_database()
    assert len(reached_findings(result)) == MAX_LISTED
    assert result.findings_left_off == 3
    assert result.problems[-1] == (
        "… and 3 more disagreements between the phases deals reached and their history."
    )


def test_a_demo_database_has_no_disagreement(tmp_path):
    path = tmp_path / "demo.sqlite"
    build_demo(path, deals=400, seed=3, now=dt.datetime(2026, 3, 1, 12, 0))
    database = open_database(path)
    try:
        assert reached_findings(check_database()) == []
    finally:
        database.close()


def test_what_migration_0006_backfills_agrees_with_the_history(db_target):
    database = open_database(db_target)
    ids = make_stories()
    back_to_0005(database, ids["bare"])  # the bare deal loses its history: another check's
    database = open_database(db_target)
    try:
        result = check_database()
        assert reached_findings(result) == []
        assert result.problems == ["1 deal has no history at all."]
    finally:
        database.close()
