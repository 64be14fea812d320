"""The trend: deals created, won and lost per calendar month, worked out by hand.

Runs on SQLite and PostgreSQL (the ``db`` fixture). Default phases; amounts in cents.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.errors import ValidationError
from models.operations.deals import (
    accept_deal,
    create_deal,
    delete_deal,
    reject_deal,
    reopen_deal,
)
from models.operations.settings import set_setting
from models.reports.csv_export import report_rows
from models.reports.management import ReportFilter, build_report, make_filter, report_to_json
from models.reports.trend import trend_months
from tests.models.reports.report_cases import ACTOR, report

TODAY = dt.date(2024, 3, 10)  # 2024 is a leap year


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# Deals (value in cents, owner, source; created → closed):
#   A 10000 ann web   2023-11-30 23:59:59 → won 2024-01-31 23:59:59 (last second of January)
#   B  5001 bob web   2023-12-01 00:00:00 → lost 2024-02-01 00:00:00 (first second of February)
#   C     3 ann fair  2024-02-29 12:00 (leap day) → won 2024-02-29 18:00
#   D     2 ann web   2024-01-15 09:00 → won 2024-02-29 23:59:59 (last second of a leap February)
#   E  1234 ann web   2024-03-01 00:00:00, open
#   F 20000 bob fair  2024-02-10 09:00 → won 2024-03-01, then deleted: counts nowhere
#   G 30000 bob web   2024-01-05 09:00 → lost 01-06, reopened 01-10, won 2024-03-05: counts once,
#                     won in March (the month of its last close), not lost in January
#   H   500 bob web   2023-12-31 23:59:59 (last second of the year), open
#   I  7000 ann fair  2024-01-01 00:00:00 (first second of the year) → lost 2024-03-10 09:00
#   J 99900 bob web   2023-10-10 09:00 → won 2023-11-30 23:59:59
def build_trend_database() -> None:
    """Write the deals above."""

    def new(title, value, owner, source, when):
        return create_deal(
            title, actor=ACTOR, value=value, owner=owner, source=source, at=at(when)
        ).id

    def won(deal, when):
        accept_deal(deal, actor=ACTOR, at=at(when))

    def lost(deal, when):
        reject_deal(deal, reason="No budget", actor=ACTOR, at=at(when))

    won(new("A", "100.00", "ann", "web", "2023-11-30 23:59:59"), "2024-01-31 23:59:59")
    lost(new("B", "50.01", "bob", "web", "2023-12-01 00:00:00"), "2024-02-01 00:00:00")
    won(new("C", "0.03", "ann", "fair", "2024-02-29 12:00"), "2024-02-29 18:00")
    won(new("D", "0.02", "ann", "web", "2024-01-15 09:00"), "2024-02-29 23:59:59")
    new("E", "12.34", "ann", "web", "2024-03-01 00:00:00")
    deal = new("F", "200.00", "bob", "fair", "2024-02-10 09:00")
    won(deal, "2024-03-01 00:00:00")
    delete_deal(deal, actor=ACTOR, at=at("2024-03-02 09:00"))
    deal = new("G", "300.00", "bob", "web", "2024-01-05 09:00")
    lost(deal, "2024-01-06 09:00")
    reopen_deal(deal, actor=ACTOR, at=at("2024-01-10 09:00"))
    won(deal, "2024-03-05 09:00")
    new("H", "5.00", "bob", "web", "2023-12-31 23:59:59")
    lost(new("I", "70.00", "ann", "fair", "2024-01-01 00:00:00"), "2024-03-10 09:00")
    won(new("J", "999.00", "bob", "web", "2023-10-10 09:00"), "2023-11-30 23:59:59")


@pytest.fixture
def trend_db(db):
    build_trend_database()


def month(name, created, won=(0, 0), lost=(0, 0), rate=None, average=None):
    """One expected row: (count, value) won and lost."""
    return {
        "month": name,
        "created": created,
        "won_count": won[0],
        "won_value": won[1],
        "lost_count": lost[0],
        "lost_value": lost[1],
        "win_rate": rate,
        "average_won_value": average,
    }


def trend(**filters):
    filters.setdefault("today", TODAY)
    return build_report(ReportFilter(**filters))["trend"]


# The last four months, ending with today's (March 2024).
FOUR_MONTHS = [
    month("2023-12", 2),  # B (12-01 00:00:00), H (12-31 23:59:59); A was created a second early
    # created D, G, I (01-01 00:00:00); won A (01-31 23:59:59) 10000: 1 of 1, 10000 / 1
    month("2024-01", 3, won=(1, 10000), rate=1.0, average=10000),
    # created C (leap day; F is deleted); won C 3 + D 2 = 5 (D at 02-29 23:59:59), lost B 5001
    # (02-01 00:00:00): 2 of 3 = 0.66666… → 0.6667; 5 / 2 = 2.5 → 3 (half up)
    month("2024-02", 1, won=(2, 5), lost=(1, 5001), rate=0.6667, average=3),
    # created E (03-01 00:00:00); won G 30000 (not F: deleted), lost I 7000: 1 of 2 = 0.5
    month("2024-03", 1, won=(1, 30000), lost=(1, 7000), rate=0.5, average=30000),
]


def test_months_edges_leap_day_deleted_and_reopened_deals(trend_db):
    assert trend(months=4) == FOUR_MONTHS


def test_months_are_the_database_time_zone_s(trend_db):
    # Amsterdam is UTC+1 in winter: a second before midnight UTC is 00:59:59 the next day.
    set_setting("timezone", "Europe/Amsterdam")
    assert trend(months=4) == [
        # created B and A (12-01 00:59:59 there); won J (11-30 23:59:59 UTC) 99900
        month("2023-12", 2, won=(1, 99900), rate=1.0, average=99900),
        # created D, G, I and H (12-31 23:59:59 UTC); A's win moved to February
        month("2024-01", 4),
        # created C; won A 10000 + C 3 = 10003, lost B 5001: 2 of 3; 10003 / 2 = 5001.5 → 5002
        month("2024-02", 1, won=(2, 10003), lost=(1, 5001), rate=0.6667, average=5002),
        # created E; won D 2 (02-29 23:59:59 UTC) + G 30000 = 30002, lost I 7000; 30002 / 2
        month("2024-03", 1, won=(2, 30002), lost=(1, 7000), rate=0.6667, average=15001),
    ]


def test_twelve_months_by_default_with_empty_months_as_zeros(trend_db):
    rows = trend()
    # 2023-04 … 2024-03; nothing before October: rows of zeros, so a chart has no gaps.
    assert [row["month"] for row in rows] == [
        *(f"2023-{number:02d}" for number in range(4, 13)),
        "2024-01",
        "2024-02",
        "2024-03",
    ]
    assert rows[:6] == [month(f"2023-{number:02d}", 0) for number in range(4, 10)]
    # J: created 10-10, won 11-30 23:59:59 (A, created that second, is November's too)
    assert rows[6] == month("2023-10", 1)
    assert rows[7] == month("2023-11", 1, won=(1, 99900), rate=1.0, average=99900)
    assert rows[8:] == FOUR_MONTHS


def test_owner_and_source_filter_the_trend(trend_db):
    assert trend(months=4, owner="ann") == [
        month("2023-12", 0),
        month("2024-01", 2, won=(1, 10000), rate=1.0, average=10000),  # created D, I; won A
        month("2024-02", 1, won=(2, 5), rate=1.0, average=3),  # created C; won C, D
        month("2024-03", 1, lost=(1, 7000), rate=0.0),  # created E; lost I
    ]
    assert trend(months=4, source="fair") == [
        month("2023-12", 0),
        month("2024-01", 1),  # created I
        month("2024-02", 1, won=(1, 3), rate=1.0, average=3),  # created and won C
        month("2024-03", 0, lost=(1, 7000), rate=0.0),  # lost I; F is deleted
    ]


def test_a_period_lists_its_own_months_and_only_its_days(trend_db):
    # 2024-01-15 … 2024-02-29: created D (01-15 09:00) and C, not G (01-05) or I (01-01);
    # closed A, B, C, D (02-29 23:59:59 is still the last day); 12 months asked, two listed.
    period = {"date_from": dt.date(2024, 1, 15), "date_to": dt.date(2024, 2, 29)}
    assert trend(**period) == [
        month("2024-01", 1, won=(1, 10000), rate=1.0, average=10000),
        month("2024-02", 1, won=(2, 5), lost=(1, 5001), rate=0.6667, average=3),
    ]


def test_a_long_period_keeps_its_last_months(trend_db):
    period = {"date_from": dt.date(2023, 1, 1), "date_to": dt.date(2024, 2, 29)}
    assert trend(months=2, **period) == FOUR_MONTHS[1:3]
    # 14 months in the period, 12 listed: 2023-03 … 2024-02
    rows = trend(**period)
    assert [row["month"] for row in rows][:1] + [row["month"] for row in rows][-1:] == [
        "2023-03",
        "2024-02",
    ]
    assert len(rows) == 12


def test_the_trend_adds_up_to_the_win_rate_of_its_months(trend_db):
    result = build_report(ReportFilter(today=TODAY, date_from=dt.date(2023, 4, 1)))
    rows = result["trend"]
    overall = result["win_rate"]["overall"]
    assert sum(row["won_count"] for row in rows) == overall["won"] == 5  # A C D G J
    assert sum(row["won_count"] + row["lost_count"] for row in rows) == overall["closed"] == 7


def test_json_and_csv_give_amounts_as_decimal_strings(trend_db):
    result = build_report(ReportFilter(today=TODAY, months=4))
    data = report_to_json(result)
    assert data["trend"][2] == {
        "month": "2024-02",
        "created": 1,
        "won_count": 2,
        "won_value": "0.05",
        "lost_count": 1,
        "lost_value": "50.01",
        "win_rate": 0.6667,
        "average_won_value": "0.03",
    }
    assert data["trend"][0]["won_value"] == "0.00"
    assert data["trend"][0]["average_won_value"] is None
    rows = report_rows(result, ["trend"])
    assert rows[:8] == [
        ("trend", "2023-12", "created", "2"),
        ("trend", "2023-12", "won_count", "0"),
        ("trend", "2023-12", "won_value", "0.00"),
        ("trend", "2023-12", "lost_count", "0"),
        ("trend", "2023-12", "lost_value", "0.00"),
        ("trend", "2023-12", "win_rate", ""),
        ("trend", "2023-12", "average_won_value", ""),
        ("trend", "2024-01", "created", "3"),
    ]
    assert ("trend", "2024-02", "average_won_value", "0.03") in rows
    assert len(rows) == 4 * 7


def test_an_empty_database_lists_every_month_with_zeros(db):
    rows = trend(months=3)
    assert rows == [month("2024-01", 0), month("2024-02", 0), month("2024-03", 0)]


@pytest.mark.parametrize(
    ("today", "months", "date_from", "date_to", "expected"),
    [
        (dt.date(2024, 3, 10), 1, None, None, ["2024-03"]),
        (dt.date(2024, 1, 31), 3, None, None, ["2023-11", "2023-12", "2024-01"]),
        # only a start: up to today's month
        (dt.date(2024, 3, 10), 12, dt.date(2024, 2, 29), None, ["2024-02", "2024-03"]),
        # a start after today: that month alone
        (dt.date(2024, 3, 10), 12, dt.date(2024, 5, 1), None, ["2024-05"]),
        # only an end: the months before it
        (dt.date(2024, 3, 10), 2, None, dt.date(2023, 1, 1), ["2022-12", "2023-01"]),
        (dt.date(2024, 3, 10), 120, None, None, None),
    ],
)
def test_which_months_are_listed(today, months, date_from, date_to, expected):
    listed = trend_months(today, months, date_from, date_to)
    if expected is None:  # 120 months: ten years back, nothing skipped or doubled
        assert len(listed) == len(set(listed)) == 120
        assert listed[0] == "2014-04" and listed[-1] == "2024-03"
        assert listed == sorted(listed)
    else:
        assert listed == expected


@pytest.mark.parametrize("value", [0, "0", "121", 121, "-1", "abc", 2.5, "12.5", "", None])
def test_months_outside_1_to_120_are_refused(db, refused, value):
    message = "The number of months must be a whole number from 1 to 120."
    error = refused(ValidationError, lambda: make_filter(months=value), message)
    assert error.field == "months"


def test_months_from_1_to_120_are_accepted(db):
    assert make_filter(months=" 1 ").months == 1
    assert make_filter(months="120").months == 120
    assert make_filter().months == 12


def test_the_hand_built_database_trend(hand):
    # report_cases.py: today 2026-03-15. Created in January D1 D2 D3 D5 D6 D7 D9 D10, in
    # February D4 D8 D11 (D12, D13 deleted). Won D1 01-20 123456; D8 02-28 9999 and D10
    # (reopened, won again) 02-20 500000; lost D2 02-05 250075, D11 (switched) 101, D9 03-01
    # 77777. February: 509999 / 2 = 254999.5 → 255000.
    rows = report(months=3)["trend"]
    assert rows == [
        month("2026-01", 8, won=(1, 123456), rate=1.0, average=123456),
        month("2026-02", 3, won=(2, 509999), lost=(2, 250176), rate=0.5, average=255000),
        month("2026-03", 0, lost=(1, 77777), rate=0.0),
    ]
