"""The calibration's 95 % Wilson score interval, against values worked out by hand.

Wilson, z = 1.96, n closed, p = won / n:
centre = (p + z²/2n) / (1 + z²/n), half = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²).
Default phases: Introduction 10, Presentation 25, Proposal 50, Negotiation 75, Order 100.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.operations.deals import accept_deal, create_deal, move_deal, reject_deal
from models.reports.calibration import calibration_interval, wilson_interval
from models.reports.management import ReportFilter, build_report
from tests.models.reports.report_cases import ACTOR, TODAY

START = dt.datetime(2026, 1, 5, 9, 0)


@pytest.mark.parametrize(
    ("won", "closed", "expected"),
    [
        # 1/3: z²/n = 1.28053, centre 0.97360 / 2.28053 = 0.42692,
        # half 0.85945 · √0.180785 = 0.36543 → 0.06149 … 0.79235
        (1, 3, (0.0615, 0.7923)),
        # 3/4: centre 1.2302 / 1.9604 = 0.62753, half 0.99980 · √0.1069 = 0.32689
        (3, 4, (0.3006, 0.9544)),
        # 0/1: centre = half = 1.9208 / 4.8416 = 0.39673 → 0 … 0.79346
        (0, 1, (0.0, 0.7935)),
        # 0/10: high = (z²/n) / (1 + z²/n) = 0.38416 / 1.38416
        (0, 10, (0.0, 0.2775)),
        (10, 10, (0.7225, 1.0)),
        # 5/10: centre 0.5, half 1.41602 · √(0.025 + 0.009604) = 0.26341
        (5, 10, (0.2366, 0.7634)),
        # 3/20: centre 0.24604 / 1.19208 = 0.20640, half 1.64419 · √0.008776 = 0.15403
        (3, 20, (0.0524, 0.3604)),
    ],
)
def test_wilson_interval_matches_hand_computed_values(won, closed, expected):
    assert wilson_interval(won, closed) == expected


def test_no_closed_deal_has_no_interval():
    assert wilson_interval(0, 0) is None
    assert calibration_interval(50, 0, 0, too_few=True) == {
        "interval_low": None,
        "interval_high": None,
        "outside": None,
    }


def test_outside_compares_the_configured_probability_with_the_bounds():
    # 1/3 → 0.0615 … 0.7923: 6 % and 80 % lie outside, 7 % and 79 % inside.
    assert calibration_interval(6, 1, 3, too_few=False)["outside"] is True
    assert calibration_interval(7, 1, 3, too_few=False)["outside"] is False
    assert calibration_interval(79, 1, 3, too_few=False)["outside"] is False
    assert calibration_interval(80, 1, 3, too_few=False)["outside"] is True
    # Too few deals to judge: the interval is shown, the verdict is not.
    assert calibration_interval(80, 1, 3, too_few=True) == {
        "interval_low": 0.0615,
        "interval_high": 0.7923,
        "outside": None,
    }


@pytest.fixture
def won_early(db):
    """Three deals won in Introduction, one lost in Negotiation (skipped the two between)."""
    for number in range(3):
        deal = create_deal(f"Won {number}", actor=ACTOR, at=START).id
        accept_deal(deal, actor=ACTOR, at=START + dt.timedelta(hours=1))
    lost = create_deal("Lost", actor=ACTOR, at=START).id
    move_deal(lost, "Negotiation", actor=ACTOR, at=START + dt.timedelta(hours=1))
    reject_deal(lost, reason="No budget", actor=ACTOR, at=START + dt.timedelta(hours=2))


def test_report_calibration_has_the_interval_of_each_phase(won_early):
    report = build_report(ReportFilter(today=TODAY, min_deals=2))
    rows = {
        row["phase"]: (
            row["won"],
            row["closed"],
            row["interval_low"],
            row["interval_high"],
            row["too_few"],
            row["outside"],
        )
        for row in report["calibration"]
    }
    assert rows == {
        # 3 of 4 won: 0.3006 … 0.9544, so 10 % is not what the data supports.
        "Introduction": (3, 4, 0.3006, 0.9544, False, True),
        # 0 of 1: 0 … 0.7935; one deal is too few (min 2) to judge.
        "Presentation": (0, 1, 0.0, 0.7935, True, None),
        "Proposal": (0, 1, 0.0, 0.7935, True, None),
        "Negotiation": (0, 1, 0.0, 0.7935, True, None),
        "Order": (0, 0, None, None, True, None),
    }


def test_one_deal_is_enough_when_the_minimum_says_so(won_early):
    report = build_report(ReportFilter(today=TODAY, min_deals=1))
    outside = {row["phase"]: row["outside"] for row in report["calibration"]}
    # 25 %, 50 % and 75 % lie within 0 … 0.7935; nothing closed beyond Negotiation.
    assert outside == {
        "Introduction": True,
        "Presentation": False,
        "Proposal": False,
        "Negotiation": False,
        "Order": None,
    }
