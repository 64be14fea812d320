"""What a deal reached is decided when it happens; later phase changes rewrite no closed deal.

A deal reaches the phase it enters and the active phases it skipped on the way forward, by
the order of that moment (``deal_reached``); funnel and calibration count those rows.
Default phases: Introduction 10, Presentation 25, Proposal 50, Negotiation 75, Order 100.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.operations.deals import accept_deal, create_deal, move_deal, reject_deal
from models.operations.phases import (
    archive_phase,
    merge_phase,
    move_phase,
    rename_phase,
    set_phase_probability,
)
from models.reports.management import ReportFilter, build_report
from tests.models.reports.report_cases import ACTOR, TODAY

START = dt.datetime(2026, 1, 5, 9, 0)


def at(hours: int) -> dt.datetime:
    """``hours`` after the start of these stories."""
    return START + dt.timedelta(hours=hours)


def numbers() -> dict[str, tuple[int, int, int, float | None]]:
    """Per phase name: deals that reached it, closed ones, won ones, the actual win rate."""
    report = build_report(ReportFilter(today=TODAY, min_deals=1))
    funnel = {row["phase"]: row["reached"] for row in report["funnel"]}
    return {
        row["phase"]: (funnel[row["phase"]], row["closed"], row["won"], row["actual_win_rate"])
        for row in report["calibration"]
    }


@pytest.fixture
def closed(db):
    """Three closed deals: won in Proposal (skipped Presentation), lost in Negotiation
    (skipped Presentation and Proposal), lost in Introduction."""
    won = create_deal("Won", actor=ACTOR, at=at(0)).id
    move_deal(won, "Proposal", actor=ACTOR, at=at(1))
    accept_deal(won, actor=ACTOR, at=at(2))
    lost = create_deal("Lost late", actor=ACTOR, at=at(0)).id
    move_deal(lost, "Negotiation", actor=ACTOR, at=at(1))
    reject_deal(lost, reason="No budget", actor=ACTOR, at=at(2))
    early = create_deal("Lost early", actor=ACTOR, at=at(0)).id
    reject_deal(early, reason="No budget", actor=ACTOR, at=at(2))


BEFORE = {
    "Introduction": (3, 3, 1, 0.3333),
    "Presentation": (2, 2, 1, 0.5),  # both only skipped it
    "Proposal": (2, 2, 1, 0.5),
    "Negotiation": (1, 1, 0, 0.0),
    "Order": (0, 0, 0, None),
}


def test_the_closed_deals_reached_what_they_entered_and_skipped(closed):
    assert numbers() == BEFORE


def test_reordering_phases_changes_no_closed_deal(closed):
    # By today's order the deal won in Proposal would now stand beyond Negotiation.
    move_phase("Negotiation", 2)
    assert numbers() == BEFORE


def test_renaming_a_phase_changes_no_closed_deal(closed):
    rename_phase("Proposal", "Offer")
    after = numbers()
    assert after.pop("Offer") == BEFORE["Proposal"]
    assert after == {name: row for name, row in BEFORE.items() if name != "Proposal"}


def test_archiving_a_phase_changes_no_closed_deal(closed):
    archive_phase("Presentation")  # only skipped: still listed with what it had
    assert numbers() == BEFORE


def test_changing_a_probability_changes_no_closed_deal(closed):
    set_phase_probability("Proposal", 90)
    set_phase_probability("Negotiation", 5)
    assert numbers() == BEFORE


def test_a_jump_forward_and_back_reaches_the_phases_it_skipped(db):
    # Old rule (today's order): 5 / 4 / 3 / 4 / 1, more deals in Negotiation than in Proposal.
    stories = {
        "A": ["Order"],
        "B": ["Presentation", "Proposal", "Negotiation"],
        "C": ["Presentation", "Proposal"],
        "D": ["Negotiation", "Presentation"],
        "E": ["Negotiation", "Introduction"],
    }
    for title, moves in stories.items():
        deal = create_deal(title, actor=ACTOR, at=at(0)).id
        for hour, phase in enumerate(moves, start=1):
            move_deal(deal, phase, actor=ACTOR, at=at(hour))
    funnel = {phase: row[0] for phase, row in numbers().items()}
    assert funnel == {
        "Introduction": 5,
        "Presentation": 5,  # D and E skipped it on their jump
        "Proposal": 5,
        "Negotiation": 4,  # A skipped it, B entered it, D and E went there and back
        "Order": 1,
    }


def test_an_archived_phase_collects_no_deal_created_after_it_was_archived(db):
    before = create_deal("Before", actor=ACTOR, at=at(0)).id
    move_deal(before, "Proposal", actor=ACTOR, at=at(1))
    archive_phase("Presentation")
    after = create_deal("After", actor=ACTOR, at=at(2)).id
    move_deal(after, "Proposal", actor=ACTOR, at=at(3))
    create_deal("Straight in", actor=ACTOR, phase="Negotiation", at=at(4))
    funnel = {phase: row[0] for phase, row in numbers().items()}
    assert funnel == {
        "Introduction": 3,  # "Straight in" was created beyond it, so it skipped it
        "Presentation": 1,  # only "Before": it was active when that deal skipped it
        "Proposal": 3,
        "Negotiation": 1,
        "Order": 0,
    }


def test_a_merge_makes_the_deals_that_reached_the_source_reach_the_target(db):
    won = create_deal("Won", actor=ACTOR, at=at(0)).id
    move_deal(won, "Presentation", actor=ACTOR, at=at(1))
    accept_deal(won, actor=ACTOR, at=at(2))
    create_deal("Open", actor=ACTOR, at=at(3))
    merge_phase("Presentation", "Negotiation", actor=ACTOR, at=at(4))
    funnel = {phase: row[0] for phase, row in numbers().items()}
    # Merging says both phases are one: the won deal, closed in Presentation, now stands in
    # Negotiation and reached it; the open deal never reached either.
    assert funnel == {
        "Introduction": 2,
        "Presentation": 1,
        "Proposal": 0,
        "Negotiation": 1,
        "Order": 0,
    }
