"""The forecast starts today; open deals due before today are overdue (docs/reports.md).

Four open deals around a month (and year) end, one open deal without a date and one closed
deal with a past date, on each database the suite is given. Weighted values by hand: each
deal's value × its phase's probability, rounded half up to the cent.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.operations.deals import accept_deal, create_deal
from models.reports.management import ReportFilter, build_report, report_to_json

ACTOR = "tester"
CREATED = dt.datetime(2026, 11, 1, 9, 0)

# Weighted values in cents (default phases: Introduction 10, Presentation 25, Proposal 50,
# Negotiation 75, Order 100).
A = 10001  # Introduction, 100005 × 10 % = 10000.5 → 10001, due 2026-12-30
B = 16667  # Proposal, 33333 × 50 % = 16666.5 → 16667, due 2026-12-31
C = 150000  # Negotiation, 200000 × 75 %, due 2027-01-01
D = 251  # Presentation, 1002 × 25 % = 250.5 → 251, due 2027-02-15
F = 5000  # Order, 5000 × 100 %, no date
TOTAL = A + B + C + D + F  # 181919


@pytest.fixture
def deals(db):
    """The six deals above, built through the real operations."""
    for title, phase, value, due in (
        ("A", "Introduction", "1000.05", "2026-12-30"),
        ("B", "Proposal", "333.33", "2026-12-31"),
        ("C", "Negotiation", "2000.00", "2027-01-01"),
        ("D", "Presentation", "10.02", "2027-02-15"),
        ("F", "Order", "50.00", None),
    ):
        create_deal(title, actor=ACTOR, phase=phase, value=value, expected_close=due, at=CREATED)
    # Closed long ago with a past date: neither overdue nor forecast.
    won = create_deal(
        "E", actor=ACTOR, phase="Proposal", value="999.99", expected_close="2026-11-01", at=CREATED
    )
    accept_deal(won.id, actor=ACTOR, at=CREATED + dt.timedelta(days=1))


def forecast_on(today: dt.date) -> tuple[list[tuple[str, int, int]], dict[str, int]]:
    """The forecast as (month, open deals, weighted) and the overdue figure on ``today``."""
    result = build_report(ReportFilter(today=today))
    months = [(r["month"], r["open_count"], r["weighted_value"]) for r in result["forecast"]]
    assert result["forecast_undated"] == {"open_count": 1, "weighted_value": F}
    assert result["pipeline"]["total"]["weighted_value"] == TOTAL
    # Overdue, forecast and undated split the open deals: their weighted values add up.
    assert sum(m[2] for m in months) + result["overdue"]["weighted_value"] + F == TOTAL
    return months, dict(result["overdue"])


def test_first_day_of_a_month_nothing_is_overdue(deals):
    months, overdue = forecast_on(dt.date(2026, 12, 1))
    assert months == [("2026-12", 2, A + B), ("2027-01", 1, C), ("2027-02", 1, D)]
    assert overdue == {"count": 0, "value": 0, "weighted_value": 0}


def test_last_day_of_a_month_keeps_the_deal_due_today_in_the_forecast(deals):
    months, overdue = forecast_on(dt.date(2026, 12, 31))
    # A (due the day before) is overdue; B, due today, is still December's forecast.
    assert months == [("2026-12", 1, B), ("2027-01", 1, C), ("2027-02", 1, D)]
    assert overdue == {"count": 1, "value": 100005, "weighted_value": A}


def test_first_day_of_the_next_month_drops_the_past_month(deals):
    months, overdue = forecast_on(dt.date(2027, 1, 1))
    assert months == [("2027-01", 1, C), ("2027-02", 1, D)]
    # A 100005 + B 33333 = 133338; weighted 10001 + 16667 = 26668
    assert overdue == {"count": 2, "value": 133338, "weighted_value": A + B}


def test_overdue_in_json_names_both_amounts(deals):
    data = report_to_json(build_report(ReportFilter(today=dt.date(2027, 1, 1))))
    assert data["overdue"] == {"count": 2, "value": "1333.38", "weighted_value": "266.68"}
    assert [row["month"] for row in data["forecast"]] == ["2027-01", "2027-02"]
