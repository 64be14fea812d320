"""Where deals close, why, to whom, how often outcomes are corrected, how good the dates are.

The per-phase reasons and competitors and the corrections are worked out by hand on the
hand-built database (tests/models/reports/report_cases.py); the forecast accuracy on a small
database of its own, since no won deal there had an expected close date.
"""

from __future__ import annotations

import datetime as dt

from models.operations.deals import accept_deal, create_deal, edit_deal, reject_deal
from models.reports.management import ReportFilter, build_report, report_to_json
from tests.models.reports.report_cases import ACTOR, at, build_hand_database, report

# Closed deals per phase at close (board order), outcome and reason, ordered within a phase as
# the reasons section orders its rows. D11 keeps "Other" (it applies to both outcomes) when
# switched to rejected; D10 counts where it finally closed (Negotiation), not in Proposal.
REASONS_BY_PHASE = [
    {"phase": "Introduction", "outcome": "rejected", "reason": "Other", "count": 1, "value": 101},
    {
        "phase": "Presentation",
        "outcome": "accepted",
        "reason": "Best price",
        "count": 1,
        "value": 123456,
    },
    {"phase": "Proposal", "outcome": "accepted", "reason": None, "count": 1, "value": 9999},
    {"phase": "Pilot", "outcome": "rejected", "reason": "No budget", "count": 1, "value": 77777},
    {
        "phase": "Negotiation",
        "outcome": "accepted",
        "reason": "Existing relationship",
        "count": 1,
        "value": 500000,
    },
    {
        "phase": "Negotiation",
        "outcome": "rejected",
        "reason": "Chose a competitor",
        "count": 1,
        "value": 250075,
    },
]
# Lost deals per phase at close and competitor: D11, D9, D2 (D10 lost to Rivalsoft once, but
# was reopened and won).
COMPETITORS_BY_PHASE = [
    {"phase": "Introduction", "competitor": "Rivalsoft", "count": 1, "value": 101},
    {"phase": "Pilot", "competitor": "Acme Tools", "count": 1, "value": 77777},
    {"phase": "Negotiation", "competitor": "Rivalsoft", "count": 1, "value": 250075},
]


def test_reasons_and_competitors_per_phase_at_close(hand):
    result = report()
    assert result["reasons_by_phase"] == REASONS_BY_PHASE
    assert result["competitors_by_phase"] == COMPETITORS_BY_PHASE
    # Per phase they add up to the reasons and competitors sections.
    assert sum(row["count"] for row in result["reasons_by_phase"]) == sum(
        row["count"] for row in result["reasons"]
    )


def test_reasons_and_competitors_per_phase_follow_the_filters(hand):
    result = report(owner="bob")  # D2 and D9
    assert result["reasons_by_phase"] == [REASONS_BY_PHASE[3], REASONS_BY_PHASE[5]]
    assert result["competitors_by_phase"] == COMPETITORS_BY_PHASE[1:]
    february = report(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    assert february["reasons_by_phase"] == [REASONS_BY_PHASE[i] for i in (0, 2, 4, 5)]
    data = report_to_json(february)
    assert data["competitors_by_phase"][0] == {
        "phase": "Introduction",
        "competitor": "Rivalsoft",
        "count": 1,
        "value": "1.01",
    }


def test_corrections_count_reopens_and_switches_by_when_they_happened(hand):
    # D10 was reopened on 02-02 10:00; D11 was switched on 02-11 09:00. D12 (deleted) never.
    assert report()["corrections"] == {"reopened": 1, "switched": 1}
    # The period is on the event's time: D10 closed in February, but was reopened on 02-02.
    in_period = report(date_from=dt.date(2026, 2, 3), date_to=dt.date(2026, 2, 28))
    assert in_period["corrections"] == {"reopened": 0, "switched": 1}
    january = report(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 2, 2))
    assert january["corrections"] == {"reopened": 1, "switched": 0}
    assert report(owner="bob")["corrections"] == {"reopened": 0, "switched": 0}
    assert report(source="web")["corrections"] == {"reopened": 0, "switched": 1}


def won(title: str, created: str, closed: str, expected: str | None = None) -> int:
    """A deal created and won at the given times, expecting to close on ``expected``."""
    extra = {"expected_close": expected} if expected else {}
    deal = create_deal(title, actor=ACTOR, at=at(created), **extra)
    accept_deal(deal.id, actor=ACTOR, at=at(closed))
    return deal.id


def build_dated_deals() -> None:
    """Won and lost deals with and without an expected close date (see the test)."""
    won("A", "2026-01-05 09:00", "2026-02-10 23:00", "2026-02-10")  # on its day: on time
    won("B", "2026-01-05 09:00", "2026-02-13 09:00", "2026-02-10")  # 3 days late
    won("C", "2026-01-05 09:00", "2026-02-09 09:00", "2026-02-01")  # 8 days late
    won("D", "2026-01-05 09:00", "2026-02-09 09:00")  # no date: not counted
    lost = create_deal("E", actor=ACTOR, at=at("2026-01-05 09:00"), expected_close="2026-01-01")
    reject_deal(lost.id, reason="No budget", actor=ACTOR, at=at("2026-03-01 09:00"))  # lost
    # Expected 02-05 when it closed on 02-20 (15 days late); moved to 02-25 afterwards.
    f = won("F", "2026-01-05 09:00", "2026-02-20 09:00", "2026-02-05")
    edit_deal(f, {"expected_close": "2026-02-25"}, actor=ACTOR, at=at("2026-02-21 09:00"))
    # No date when it closed; one was added afterwards: not counted.
    g = won("G", "2026-01-05 09:00", "2026-02-15 09:00")
    edit_deal(g, {"expected_close": "2026-02-01"}, actor=ACTOR, at=at("2026-02-16 09:00"))
    # Moved to 03-31 before it closed on 03-02: on time by the date it had at close.
    h = create_deal("H", actor=ACTOR, at=at("2026-01-05 09:00"), expected_close="2026-01-01")
    edit_deal(h.id, {"expected_close": "2026-03-31"}, actor=ACTOR, at=at("2026-02-01 09:00"))
    accept_deal(h.id, actor=ACTOR, at=at("2026-03-02 09:00"))


def test_forecast_accuracy_uses_the_expected_date_a_won_deal_had_when_it_closed(db):
    build_dated_deals()
    result = build_report(ReportFilter(today=dt.date(2026, 3, 15)))
    # With a date at close: A B C F H. Late: B 3, C 8, F 15 → 26 / 3 = 8.67 → 8.7 days.
    assert result["forecast_accuracy"] == {
        "won_with_date": 5,
        "won_late": 3,
        "average_slip_days": 8.7,
    }
    # Closed in February 1–13: A B C (D has no date).
    early = build_report(ReportFilter(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 13)))
    assert early["forecast_accuracy"] == {
        "won_with_date": 3,
        "won_late": 2,
        "average_slip_days": 5.5,  # (3 + 8) / 2
    }
    march = build_report(ReportFilter(date_from=dt.date(2026, 3, 1)))  # H, on time
    assert march["forecast_accuracy"] == {
        "won_with_date": 1,
        "won_late": 0,
        "average_slip_days": None,
    }


def test_new_sections_of_an_empty_database(db):
    result = build_report(ReportFilter(today=dt.date(2026, 3, 15)))
    assert result["reasons_by_phase"] == [] and result["competitors_by_phase"] == []
    assert result["corrections"] == {"reopened": 0, "switched": 0}
    assert result["forecast_accuracy"] == {
        "won_with_date": 0,
        "won_late": 0,
        "average_slip_days": None,
    }


def test_the_same_new_sections_on_every_database(db):
    build_hand_database()
    result = report()
    assert result["reasons_by_phase"] == REASONS_BY_PHASE
    assert result["competitors_by_phase"] == COMPETITORS_BY_PHASE
    assert result["corrections"] == {"reopened": 1, "switched": 1}
