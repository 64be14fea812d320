"""The hand-built report database, its expected unfiltered answers and shared helpers."""

from __future__ import annotations

import datetime as dt

from models.operations.deals import (
    accept_deal,
    create_deal,
    delete_deal,
    edit_deal,
    move_deal,
    reject_deal,
    reopen_deal,
    step_deal,
    switch_outcome,
)
from models.operations.phases import add_phase, archive_phase, set_phase_probability
from models.reports.management import ReportFilter, build_report

# Amounts are integer cents; rates carry four decimals.

ACTOR = "tester"
TODAY = dt.date(2026, 3, 15)
MIN_DEALS = 3

# The listed phases of the hand-built database, in order (Legacy is archived and only a
# deleted deal ever used it, so it is not listed).
PHASES = ["Discovery", "Introduction", "Presentation", "Proposal", "Pilot", "Negotiation", "Order"]
PROBABILITIES = [5, 10, 25, 40, 60, 75, 100]

REPORT_KEYS = {
    "currency",
    "pipeline",
    "outcomes_by_phase",
    "funnel",
    "calibration",
    "conversion",
    "time_in_phase",
    "reasons",
    "competitors",
    "forecast",
    "overdue",
    "win_rate",
    "days_to_close",
    "reasons_by_phase",
    "competitors_by_phase",
    "forecast_accuracy",
    "corrections",
    "trend",
}
# Added beside the fixed keys: the filter the report was made with, and open deals without
# an expected close date (so the forecast adds up to the pipeline's weighted total).
EXTRA_KEYS = {"filters", "forecast_undated"}


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# ------------------------------------------------------------------ the hand-built database
#
# Phases (position: name probability):
#   1 Discovery 5 (archived; only D7's history refers to it)   2 Introduction 10
#   3 Presentation 25   4 Proposal 40 (was 50 until the end)   5 Pilot 60 (archived after D9
#   closed in it)   6 Negotiation 75   7 Order 100 (no deal)   8 Legacy 0 (archived; only the
#   deleted D13 ever used it: not listed)
#
# Deals (owner, source, value in cents, where it ends):
#   D1  ann  web   123456  accepted in Presentation (25 %), reason Best price
#                          created 01-05 09:00, closed 01-20 09:00 (15 days)
#   D2  bob  fair  250075  rejected in Negotiation (75 %), Chose a competitor, lost to Rivalsoft
#                          stepped Intro→Pres→Prop→Pilot→Neg; 01-06 09:00 → 02-05 09:00 (30 d)
#   D3  ann  web   100002  open in Presentation, history Proposal and Negotiation (moved forward
#                          then back; never in Pilot); expected 2026-04-20
#   D4  bob  web     1002  open in Presentation, no expected close date
#   D5  bob  fair   33333  open in Proposal with override 30 % (an override of 90 % was cleared
#                          by its move to Proposal); expected 2026-05-10
#   D6  ann  fair  100101  open in Introduction, expected 2026-03-01: overdue on 2026-03-15
#   D7  bob  web     5005  open in Introduction (created in Discovery), expected 2026-03-15
#                          (today: not overdue)
#   D8  ann  fair    9999  accepted in Proposal without a reason; 02-01 12:00 → 02-28 12:00 (27 d)
#   D9  bob  web    77777  rejected in Pilot, No budget, lost to Acme Tools;
#                          01-10 08:00 → 03-01 08:00 (50 days)
#   D10 ann  fair  500000  rejected in Proposal (Price too high, Rivalsoft), reopened, moved to
#                          Negotiation, accepted there (Existing relationship);
#                          01-02 10:00 → 02-20 10:00 (49 days)
#   D11 ann  web      101  accepted in Introduction (reason Other), switched to rejected, lost
#                          to Rivalsoft; 02-10 09:00 → 02-10 15:00 (0.25 days)
#   D12 ann  web   999999  accepted in Order (Best price) on 02-15, then deleted: counts nowhere
#   D13 carl phone   4242  open, created in Legacy, moved to Introduction, then deleted


def build_hand_database():
    """Write the small database described above; return the deal ids by label (D1 … D13)."""
    add_phase("Discovery", 5, position=1)
    add_phase("Pilot", 60, position=5)
    add_phase("Legacy", 0)
    ids = {}

    def new(label, phase, value, owner, source, when, **extra):
        deal = create_deal(
            label,
            actor=ACTOR,
            phase=phase,
            value=value,
            owner=owner,
            source=source,
            at=at(when),
            **extra,
        )
        ids[label] = deal.id
        return deal.id

    def moved(deal_id, phase, when):
        move_deal(deal_id, phase, actor=ACTOR, at=at(when))

    d = new("D1", "Introduction", "1234.56", "ann", "web", "2026-01-05 09:00")
    moved(d, "Presentation", "2026-01-10 09:00")
    accept_deal(d, reason="Best price", actor=ACTOR, at=at("2026-01-20 09:00"))

    d = new("D2", "Introduction", "2500.75", "bob", "fair", "2026-01-06 09:00")
    for day in (12, 15, 20, 25):
        step_deal(d, 1, actor=ACTOR, at=at(f"2026-01-{day} 09:00"))
    reject_deal(
        d,
        reason="Chose a competitor",
        competitor="Rivalsoft",
        note="Went with their suite",
        actor=ACTOR,
        at=at("2026-02-05 09:00"),
    )

    d = new(
        "D3", "Proposal", "1000.02", "ann", "web", "2026-01-12 09:00", expected_close="2026-04-20"
    )
    moved(d, "Negotiation", "2026-01-19 09:00")
    moved(d, "Presentation", "2026-02-02 09:00")

    new("D4", "Presentation", "10,02", "bob", "web", "2026-02-03 09:00")

    d = new(
        "D5",
        "Introduction",
        "333.33",
        "bob",
        "fair",
        "2026-01-15 09:00",
        expected_close="2026-05-10",
        probability_override=90,
    )
    moved(d, "Proposal", "2026-01-25 09:00")
    edit_deal(d, {"probability_override": 30}, actor=ACTOR, at=at("2026-01-26 09:00"))

    new(
        "D6",
        "Introduction",
        "1001.01",
        "ann",
        "fair",
        "2026-01-20 09:00",
        expected_close="2026-03-01",
    )

    d = new(
        "D7", "Discovery", "50.05", "bob", "web", "2026-01-21 09:00", expected_close="2026-03-15"
    )
    moved(d, "Introduction", "2026-01-22 09:00")

    d = new("D8", "Proposal", "99.99", "ann", "fair", "2026-02-01 12:00")
    accept_deal(d, actor=ACTOR, at=at("2026-02-28 12:00"))

    d = new("D9", "Introduction", "777.77", "bob", "web", "2026-01-10 08:00")
    moved(d, "Pilot", "2026-01-15 08:00")
    reject_deal(
        d, reason="No budget", competitor="Acme Tools", actor=ACTOR, at=at("2026-03-01 08:00")
    )

    d = new("D10", "Introduction", "5000.00", "ann", "fair", "2026-01-02 10:00")
    moved(d, "Proposal", "2026-01-08 10:00")
    reject_deal(
        d, reason="Price too high", competitor="Rivalsoft", actor=ACTOR, at=at("2026-01-25 10:00")
    )
    reopen_deal(d, actor=ACTOR, at=at("2026-02-02 10:00"))
    moved(d, "Negotiation", "2026-02-03 10:00")
    accept_deal(d, reason="Existing relationship", actor=ACTOR, at=at("2026-02-20 10:00"))

    d = new("D11", "Introduction", "1.01", "ann", "web", "2026-02-10 09:00")
    accept_deal(d, reason="Other", actor=ACTOR, at=at("2026-02-10 15:00"))
    switch_outcome(d, competitor="Rivalsoft", actor=ACTOR, at=at("2026-02-11 09:00"))

    d = new("D12", "Introduction", "9999.99", "ann", "web", "2026-01-03 09:00")
    moved(d, "Order", "2026-01-04 09:00")
    accept_deal(d, reason="Best price", actor=ACTOR, at=at("2026-02-15 09:00"))
    delete_deal(d, actor=ACTOR, at=at("2026-02-16 09:00"))

    d = new("D13", "Legacy", "42.42", "carl", "phone", "2026-01-04 09:00")
    moved(d, "Introduction", "2026-01-05 09:00")
    delete_deal(d, actor=ACTOR, at=at("2026-01-06 09:00"))

    archive_phase("Pilot")
    archive_phase("Discovery")
    archive_phase("Legacy")
    set_phase_probability("Proposal", 40)  # D5 keeps its override; closed deals are closed
    return ids


def report(**filters):
    filters.setdefault("today", TODAY)
    filters.setdefault("min_deals", MIN_DEALS)
    return build_report(ReportFilter(**filters))


def by_phase(rows, *keys):
    """{phase: (values of keys)} for a per-phase section."""
    return {row["phase"]: tuple(row[key] for key in keys) for row in rows}


# Answers that do not depend on the period (pipeline now, forecast, overdue), unfiltered.
PIPELINE = {
    "Discovery": (5, 0, 0, 0),
    # D6 100101 × 10 % = 10010.1 → 10010; D7 5005 × 10 % = 500.5 → 501; 10010 + 501 = 10511
    "Introduction": (10, 2, 105106, 10511),
    # D3 100002 × 25 % = 25000.5 → 25001; D4 1002 × 25 % = 250.5 → 251; 25001 + 251 = 25252
    # (rounding the sum instead would give 101004 × 25 % = 25251)
    "Presentation": (25, 2, 101004, 25252),
    # D5 33333 × 30 % (override, not the phase's 40 %) = 9999.9 → 10000
    "Proposal": (40, 1, 33333, 10000),
    "Pilot": (60, 0, 0, 0),
    "Negotiation": (75, 0, 0, 0),
    "Order": (100, 0, 0, 0),
}
# 105106 + 101004 + 33333 = 239443; 10511 + 25252 + 10000 = 45763
PIPELINE_TOTAL = {"open_count": 5, "open_value": 239443, "weighted_value": 45763}
# The forecast starts today (2026-03-15): D6, due 03-01, is overdue, not March's forecast.
FORECAST = [
    {"month": "2026-03", "open_count": 1, "weighted_value": 501},  # D7 (due today) 5005 × 10 %
    {"month": "2026-04", "open_count": 1, "weighted_value": 25001},  # D3
    {"month": "2026-05", "open_count": 1, "weighted_value": 10000},  # D5
]
UNDATED = {"open_count": 1, "weighted_value": 251}  # D4
# D6 (03-01 < 03-15; 100101 × 10 % = 10010.1 → 10010); D7 is due today, not overdue.
# Forecast, undated and overdue split the open deals: 501 + 25001 + 10000 + 251 + 10010 = 45763.
OVERDUE = {"count": 1, "value": 100101, "weighted_value": 10010}

PIPELINE_KEYS = ("probability", "open_count", "open_value", "weighted_value")
OUTCOME_KEYS = ("accepted_count", "accepted_value", "rejected_count", "rejected_value")
CALIBRATION_KEYS = ("probability", "closed", "won", "actual_win_rate", "too_few")

# Days to close of the unfiltered report: D1 15, D2 30, D8 27, D9 50, D10 49, D11 0.25 days.
DAYS_TO_CLOSE = {
    "average": 28.5,
    # ann: D1 15 + D8 27 + D10 49 + D11 0.25 = 91.25 / 4 = 22.81… → 22.8;
    # bob: D2 30 + D9 50 = 80 / 2. Most deals first.
    "by_owner": [
        {"owner": "ann", "closed": 4, "average": 22.8},
        {"owner": "bob", "closed": 2, "average": 40.0},
    ],
    # fair: D2 30 + D8 27 + D10 49 = 106 / 3 = 35.33… → 35.3; web: D1 15 + D9 50 + D11 0.25
    # = 65.25 / 3 = 21.75 → 21.8. A tie on the count: by code point.
    "by_source": [
        {"source": "fair", "closed": 3, "average": 35.3},
        {"source": "web", "closed": 3, "average": 21.8},
    ],
    # Per phase at close, in board order (0.25 → 0.2: rounded as the overall average is).
    "by_phase": [
        {"phase": "Introduction", "closed": 1, "average": 0.2},  # D11
        {"phase": "Presentation", "closed": 1, "average": 15.0},  # D1
        {"phase": "Proposal", "closed": 1, "average": 27.0},  # D8
        {"phase": "Pilot", "closed": 1, "average": 50.0},  # D9
        {"phase": "Negotiation", "closed": 2, "average": 39.5},  # D2 30 + D10 49 = 79 / 2
    ],
}

# Conversion and days in phase of the unfiltered report (test_report_flow.py).
#
# What each (not deleted) deal reached, recorded when it happened (Discovery and Pilot were
# active then; a creation reaches the active phases before the one it starts in):
#   D1 Disc Intro Pres            D2 Disc Intro Pres Prop Pilot Neg   D3 the same as D2
#   D4 Disc Intro Pres            D5 Disc Intro Pres Prop             D6 Disc Intro
#   D7 Disc Intro                 D8 Disc Intro Pres Prop             D9 Disc Intro Pres Prop Pilot
#   D10 Disc Intro Pres Prop Pilot Neg                                D11 Disc Intro
# Today's active order: Introduction, Presentation, Proposal, Negotiation, Order (Discovery
# and Pilot are archived: no rows of their own, and Pilot is not "next" after Proposal).
CONVERSION = [
    # all 11 reached Introduction; 8 of them Presentation (D1-D5, D8-D10): 8 / 11 = 0.72727…
    {
        "phase": "Introduction",
        "next_phase": "Presentation",
        "reached": 11,
        "reached_next": 8,
        "rate": 0.7273,
    },
    # of those 8, Proposal: D2 D3 D5 D8 D9 D10 = 6; 6 / 8
    {
        "phase": "Presentation",
        "next_phase": "Proposal",
        "reached": 8,
        "reached_next": 6,
        "rate": 0.75,
    },
    # of those 6, Negotiation: D2 D3 D10 = 3; 3 / 6
    {
        "phase": "Proposal",
        "next_phase": "Negotiation",
        "reached": 6,
        "reached_next": 3,
        "rate": 0.5,
    },
    {"phase": "Negotiation", "next_phase": "Order", "reached": 3, "reached_next": 0, "rate": 0.0},
]

# Days open in each phase; today is 2026-03-15, so open deals count up to 03-16 00:00.
#   D1  Intro 01-05 09 → Pres 01-10 09 (5) → won 01-20 09 (Pres 10)
#   D2  Intro 01-06 → Pres 01-12 (6) → Prop 01-15 (3) → Pilot 01-20 (5) → Neg 01-25 (5)
#       → lost 02-05 (Neg 11), all at 09:00
#   D3  Prop 01-12 09 → Neg 01-19 09 (7) → Pres 02-02 09 (Neg 14) → open: Pres 41.625
#       (02-02 09:00 → 03-16 00:00 = 42 days less 9 hours)
#   D4  Pres 02-03 09 → open: 40.625
#   D5  Intro 01-15 09 → Prop 01-25 09 (10) → open: Prop 49.625
#   D6  Intro 01-20 09 → open: 54.625
#   D7  Discovery 01-21 09 → Intro 01-22 09 (Disc 1) → open: Intro 52.625
#   D8  Prop 02-01 12 → won 02-28 12 (27)
#   D9  Intro 01-10 08 → Pilot 01-15 08 (5) → lost 03-01 08 (Pilot 45)
#   D10 Intro 01-02 10 → Prop 01-08 10 (6) → lost 01-25 10 (Prop 17) → reopened 02-02 10
#       → Neg 02-03 10 (Prop 1 more: 18; the 8 closed days count nowhere) → won 02-20 10
#       (Neg 17)
#   D11 Intro 02-10 09 → won 02-10 15 (0.25); the switch to lost is no stay
TIME_IN_PHASE = [
    {"phase": "Discovery", "deals": 1, "average_days": 1.0, "median_days": 1.0},  # D7
    # 5 + 6 + 10 + 54.625 + 52.625 + 5 + 6 + 0.25 = 139.5 / 8 = 17.4375; sorted
    # 0.25 5 5 6 | 6 10 52.625 54.625: median (6 + 6) / 2
    {"phase": "Introduction", "deals": 8, "average_days": 17.4, "median_days": 6.0},
    # D1 10, D2 3, D3 41.625, D4 40.625 = 95.25 / 4 = 23.8125; median (10 + 40.625) / 2
    # = 25.3125
    {"phase": "Presentation", "deals": 4, "average_days": 23.8, "median_days": 25.3},
    # D2 5, D3 7, D5 49.625, D8 27, D10 18 = 106.625 / 5 = 21.325; median 18
    {"phase": "Proposal", "deals": 5, "average_days": 21.3, "median_days": 18.0},
    {"phase": "Pilot", "deals": 2, "average_days": 25.0, "median_days": 25.0},  # D2 5, D9 45
    # D2 11, D3 14, D10 17
    {"phase": "Negotiation", "deals": 3, "average_days": 14.0, "median_days": 14.0},
    {"phase": "Order", "deals": 0, "average_days": None, "median_days": None},
]
