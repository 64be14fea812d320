"""Conversion to the next phase and days spent in each phase, worked out by hand.

The hand-built database (tests/models/reports/report_cases.py) gives the numbers of a real
mix of histories; small stories of their own pin down each rule: recorded reaching, not
today's order; stays of one deal summed; closed time not counted; the report's day as "now".
Every test runs on SQLite and on PostgreSQL (the ``db`` and ``hand`` fixtures).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from models.operations.deals import (
    accept_deal,
    create_deal,
    move_deal,
    reject_deal,
    reopen_deal,
)
from models.operations.lookup import find_phase
from models.operations.phases import archive_phase, merge_phase, move_phase
from models.operations.settings import set_setting
from models.reports.management import ReportFilter, build_report, report_to_json
from models.reports.sql import ReportSql
from models.reports.sql_flow import phase_seconds, report_now
from tests.models.reports.report_cases import ACTOR, CONVERSION, TIME_IN_PHASE, report

# ------------------------------------------------------------------ the hand-built database
#
# CONVERSION and TIME_IN_PHASE, worked out by hand deal by deal, are in report_cases.py.


def test_conversion_counts_recorded_reaching_in_todays_active_order(hand):
    result = report()
    assert result["conversion"] == CONVERSION
    # "reached" is the funnel's count of the phase.
    funnel = {row["phase"]: row["reached"] for row in result["funnel"]}
    assert all(row["reached"] == funnel[row["phase"]] for row in result["conversion"])


def test_time_in_phase_sums_each_deals_stays_up_to_its_close_or_the_report_day(hand):
    assert report()["time_in_phase"] == TIME_IN_PHASE


def test_flow_follows_the_owner_filter(hand):
    bob = report(owner="bob")  # D2 D4 D5 D7 D9 (D13 is deleted)
    # Introduction: D2 D4 D5 D7 D9 (D4 skipped it); Presentation D2 D4 D5 D9; Proposal D2 D5
    # D9; Negotiation D2.
    assert [(r["reached"], r["reached_next"], r["rate"]) for r in bob["conversion"]] == [
        (5, 4, 0.8),
        (4, 3, 0.75),
        (3, 1, 0.3333),
        (1, 0, 0.0),
    ]
    assert [(r["deals"], r["average_days"], r["median_days"]) for r in bob["time_in_phase"]] == [
        (1, 1.0, 1.0),  # Discovery: D7
        # D2 6, D5 10, D7 52.625, D9 5 = 73.625 / 4 = 18.406…; median (6 + 10) / 2
        (4, 18.4, 8.0),
        (2, 21.8, 21.8),  # D2 3, D4 40.625: 43.625 / 2 = 21.8125
        (2, 27.3, 27.3),  # D2 5, D5 49.625: 54.625 / 2 = 27.3125
        (2, 25.0, 25.0),  # Pilot: D2 5, D9 45
        (1, 11.0, 11.0),  # Negotiation: D2
        (0, None, None),
    ]


def test_flow_with_a_period_counts_the_deals_closed_in_it(hand):
    # Closed in February: D2 (02-05), D11 (02-10), D10 (02-20), D8 (02-28 12:00).
    february = report(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    # Introduction: all four (D8 skipped it); Presentation D2 D8 D10; Proposal the same;
    # Negotiation D2 D10.
    assert [(r["reached"], r["reached_next"], r["rate"]) for r in february["conversion"]] == [
        (4, 3, 0.75),
        (3, 3, 1.0),
        (3, 2, 0.6667),
        (2, 0, 0.0),
    ]
    # Their whole stays count, also the days before the period.
    assert [
        (r["phase"], r["deals"], r["average_days"], r["median_days"])
        for r in february["time_in_phase"]
    ] == [
        ("Discovery", 0, None, None),
        ("Introduction", 3, 4.1, 6.0),  # D2 6, D10 6, D11 0.25 = 12.25 / 3 = 4.083…
        ("Presentation", 1, 3.0, 3.0),  # D2
        ("Proposal", 3, 16.7, 18.0),  # D2 5, D8 27, D10 18 = 50 / 3 = 16.67
        ("Pilot", 1, 5.0, 5.0),  # D2
        ("Negotiation", 2, 14.0, 14.0),  # D2 11, D10 17
        ("Order", 0, None, None),
    ]


def test_flow_in_json_keeps_its_keys_and_nulls(hand):
    data = report_to_json(report())
    assert data["conversion"][0] == {
        "phase": "Introduction",
        "next_phase": "Presentation",
        "reached": 11,
        "reached_next": 8,
        "rate": 0.7273,
    }
    assert data["time_in_phase"][-1] == {
        "phase": "Order",
        "deals": 0,
        "average_days": None,
        "median_days": None,
    }


# ------------------------------------------------------------------ stories of their own
#
# Default phases: Introduction, Presentation, Proposal, Negotiation, Order.

START = dt.datetime(2026, 1, 5)
TODAY = dt.date(2026, 1, 24)  # the report's day: open stays count up to 01-25 00:00, day 20


def day(number: float) -> dt.datetime:
    """``number`` days after the start of these stories."""
    return START + dt.timedelta(days=number)


def flow(today: dt.date = TODAY) -> dict[str, tuple[int, float | None, float | None]]:
    """Per phase: deals that spent time in it, average and median days."""
    result = build_report(ReportFilter(today=today))
    return {
        row["phase"]: (row["deals"], row["average_days"], row["median_days"])
        for row in result["time_in_phase"]
    }


def conversion() -> list[tuple[str, str, int, int, float | None]]:
    """The conversion rows as (phase, next phase, reached, reached next, rate)."""
    return [
        (r["phase"], r["next_phase"], r["reached"], r["reached_next"], r["rate"])
        for r in build_report(ReportFilter(today=TODAY))["conversion"]
    ]


def test_the_report_day_ends_at_midnight_after_it():
    assert report_now(dt.date(2026, 2, 28)) == dt.datetime(2026, 3, 1)
    # In Amsterdam (UTC+1 in winter) the day ends at 23:00 UTC.
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    assert report_now(dt.date(2026, 2, 28), amsterdam) == dt.datetime(2026, 2, 28, 23, 0)


def introduction_seconds() -> tuple[int, int, int, int]:
    """Introduction's deals, their seconds, the median's parts, on the report day TODAY."""
    sql = ReportSql()
    return phase_seconds(sql, report_now(TODAY, sql.zone))[find_phase("Introduction").id]


def test_open_stays_end_with_the_report_day_of_the_databases_time_zone(db):
    create_deal("Open", actor=ACTOR, at=day(19) + dt.timedelta(hours=20))  # 01-24 20:00 UTC
    assert introduction_seconds() == (1, 4 * 3600, 4 * 3600, 1)  # up to 01-25 00:00 UTC
    assert flow()["Introduction"] == (1, 0.2, 0.2)  # 4 / 24 = 0.1667
    set_setting("timezone", "Europe/Amsterdam")
    # The report's day 01-24 ends at 01-25 00:00 in Amsterdam, 01-24 23:00 UTC: 3 hours.
    assert introduction_seconds() == (1, 3 * 3600, 3 * 3600, 1)
    assert flow()["Introduction"] == (1, 0.1, 0.1)  # 3 / 24 = 0.125


def test_stays_of_a_deal_are_summed_and_closed_time_counts_nowhere(db):
    back = create_deal("Back and forth", actor=ACTOR, at=day(0)).id
    move_deal(back, "Presentation", actor=ACTOR, at=day(2))
    move_deal(back, "Introduction", actor=ACTOR, at=day(3))
    move_deal(back, "Proposal", actor=ACTOR, at=day(7))
    accept_deal(back, actor=ACTOR, at=day(10))
    again = create_deal("Reopened", actor=ACTOR, at=day(0)).id
    reject_deal(again, reason="No budget", actor=ACTOR, at=day(4))
    reopen_deal(again, actor=ACTOR, at=day(9))
    move_deal(again, "Presentation", actor=ACTOR, at=day(10))  # open up to day 20
    short = create_deal("Lost in Proposal", actor=ACTOR, at=day(0)).id
    move_deal(short, "Proposal", actor=ACTOR, at=day(1))
    reject_deal(short, reason="No budget", actor=ACTOR, at=day(3))
    assert flow() == {
        # Back and forth 2 + 4 = 6 (one deal), Reopened 4 + 1 = 5 (not the 5 closed days),
        # Lost in Proposal 1: 12 / 3 = 4; median 5
        "Introduction": (3, 4.0, 5.0),
        "Presentation": (2, 5.5, 5.5),  # Back and forth 1, Reopened 10 (day 10 → 20)
        "Proposal": (2, 2.5, 2.5),  # Back and forth 3, Lost in Proposal 2
        "Negotiation": (0, None, None),
        "Order": (0, None, None),
    }
    # A day later only the open deal's stay grows: Presentation (1 + 11) / 2.
    assert flow(TODAY + dt.timedelta(days=1))["Presentation"] == (2, 6.0, 6.0)

    # A merge relabels the two closed deals of Proposal: no time in Negotiation for them.
    merge_phase("Proposal", "Negotiation", actor=ACTOR, at=day(15))
    merged = flow()
    assert merged["Proposal"] == (2, 2.5, 2.5)
    assert merged["Negotiation"] == (0, None, None)


def test_history_after_the_report_day_is_left_out(db):
    deal = create_deal("Early", actor=ACTOR, at=day(0)).id
    move_deal(deal, "Presentation", actor=ACTOR, at=day(3))
    create_deal("Later", actor=ACTOR, at=day(30))
    # Report day: the start's day → "now" is day 1: Early 1 day in Introduction so far.
    assert flow(START.date())["Introduction"] == (1, 1.0, 1.0)
    assert flow(START.date())["Presentation"] == (0, None, None)
    # Day 20: Early 3 days in Introduction, 17 in Presentation; Later is still in the future.
    assert flow()["Introduction"] == (1, 3.0, 3.0)
    assert flow()["Presentation"] == (1, 17.0, 17.0)


def test_flow_of_an_empty_database(db):
    assert conversion() == [
        ("Introduction", "Presentation", 0, 0, None),
        ("Presentation", "Proposal", 0, 0, None),
        ("Proposal", "Negotiation", 0, 0, None),
        ("Negotiation", "Order", 0, 0, None),
    ]
    assert set(flow().values()) == {(0, None, None)}


def story_conversion() -> None:
    """Won in Proposal (skipped Presentation), lost in Negotiation (skipped Presentation and
    Proposal), lost in Introduction."""
    won = create_deal("Won", actor=ACTOR, at=day(0)).id
    move_deal(won, "Proposal", actor=ACTOR, at=day(1))
    accept_deal(won, actor=ACTOR, at=day(2))
    lost = create_deal("Lost late", actor=ACTOR, at=day(0)).id
    move_deal(lost, "Negotiation", actor=ACTOR, at=day(1))
    reject_deal(lost, reason="No budget", actor=ACTOR, at=day(2))
    early = create_deal("Lost early", actor=ACTOR, at=day(0)).id
    reject_deal(early, reason="No budget", actor=ACTOR, at=day(2))


def test_conversion_pairs_follow_todays_order_but_count_what_was_recorded(db):
    story_conversion()
    assert conversion() == [
        ("Introduction", "Presentation", 3, 2, 0.6667),
        ("Presentation", "Proposal", 2, 2, 1.0),
        ("Proposal", "Negotiation", 2, 1, 0.5),
        ("Negotiation", "Order", 1, 0, 0.0),
    ]
    # Negotiation moved to second place: the pairs change, what each deal reached does not
    # (by today's order the deal won in Proposal would now have "reached" Negotiation).
    move_phase("Negotiation", 2)
    assert conversion() == [
        ("Introduction", "Negotiation", 3, 1, 0.3333),
        ("Negotiation", "Presentation", 1, 1, 1.0),
        ("Presentation", "Proposal", 2, 2, 1.0),
        ("Proposal", "Order", 2, 0, 0.0),
    ]


def test_an_archived_phase_has_no_conversion_row_and_is_no_next_phase(db):
    story_conversion()
    archive_phase("Presentation")
    assert conversion() == [
        ("Introduction", "Proposal", 3, 2, 0.6667),
        ("Proposal", "Negotiation", 2, 1, 0.5),
        ("Negotiation", "Order", 1, 0, 0.0),
    ]
