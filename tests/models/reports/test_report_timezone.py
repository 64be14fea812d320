"""Report periods are days in the database's time zone (setting ``timezone``), not UTC days.

A deal won at 23:30 UTC on 31 January was won at 00:30 on 1 February in Amsterdam: there it
belongs to February. Each case runs with the zone set to Europe/Amsterdam and to UTC, so the
same stored times give both answers; the daylight-saving days (29 March 2026 has 23 hours,
25 October 2026 has 25) are cut at their real midnights.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.periods import months_bounds
from models.operations.deal_status import accept_deal
from models.operations.deals import create_deal
from models.operations.settings import set_setting
from models.reports import management
from models.reports.management import ReportFilter, build_report
from models.reports.sql import ReportSql

ACTOR = "tester"
TODAY = dt.date(2026, 11, 1)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def won(title: str, closed: str, expected: str | None = None) -> int:
    """A deal created on 2 January 2026 and won at ``closed`` (UTC)."""
    deal = create_deal(
        title, actor=ACTOR, value="100", expected_close=expected, at=at("2026-01-02 09:00")
    )
    return accept_deal(deal.id, actor=ACTOR, at=at(closed)).id


def closed_in(first: dt.date, last: dt.date) -> int:
    result = build_report(ReportFilter(date_from=first, date_to=last, today=TODAY))
    return result["win_rate"]["overall"]["closed"]


@pytest.fixture
def midnight(db):
    """Two deals won either side of Amsterdam's midnight at the start of February."""
    won("Evening", "2026-01-31 22:30", expected="2026-01-31")  # 23:30 on 31 Jan in Amsterdam
    won("Night", "2026-01-31 23:30", expected="2026-01-31")  # 00:30 on 1 Feb in Amsterdam


def test_a_deal_won_at_half_past_midnight_in_amsterdam_belongs_to_february(midnight):
    set_setting("timezone", "Europe/Amsterdam")
    assert closed_in(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == 1  # Night
    assert closed_in(dt.date(2026, 1, 1), dt.date(2026, 1, 31)) == 1  # Evening
    # Night closed on 1 February, a day after its expected 31 January.
    accuracy = build_report(ReportFilter(today=TODAY))["forecast_accuracy"]
    assert accuracy == {"won_with_date": 2, "won_late": 1, "average_slip_days": 1.0}


def test_in_a_utc_database_the_same_deal_belongs_to_january(midnight):
    set_setting("timezone", "UTC")
    assert closed_in(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == 0
    assert closed_in(dt.date(2026, 1, 1), dt.date(2026, 1, 31)) == 2
    accuracy = build_report(ReportFilter(today=TODAY))["forecast_accuracy"]
    assert accuracy == {"won_with_date": 2, "won_late": 0, "average_slip_days": None}


@pytest.mark.parametrize(
    ("day", "times", "inside"),
    [
        # 29 March 2026: CET until 01:00 UTC, CEST after; the day runs 23:00 to 22:00 UTC.
        (
            dt.date(2026, 3, 29),
            ["2026-03-28 22:59:59", "2026-03-28 23:00", "2026-03-29 21:59:59", "2026-03-29 22:00"],
            [False, True, True, False],
        ),
        # 25 October 2026: CEST until 01:00 UTC, CET after; the day runs 22:00 to 23:00 UTC.
        (
            dt.date(2026, 10, 25),
            ["2026-10-24 21:59:59", "2026-10-24 22:00", "2026-10-25 22:59:59", "2026-10-25 23:00"],
            [False, True, True, False],
        ),
    ],
)
def test_a_daylight_saving_day_is_cut_at_its_own_midnights(db, day, times, inside):
    set_setting("timezone", "Europe/Amsterdam")
    for number, closed in enumerate(times):
        won(f"Deal {number}", closed)
    assert closed_in(day, day) == sum(inside)
    before = closed_in(day - dt.timedelta(days=1), day - dt.timedelta(days=1))
    after = closed_in(day + dt.timedelta(days=1), day + dt.timedelta(days=1))
    assert (before, after) == (1, 1)


@pytest.mark.parametrize(
    ("zone", "overdue", "forecast"),
    [
        # 23:30 UTC on 31 January is already 1 February in Amsterdam: due 31 January is late.
        ("Europe/Amsterdam", 1, [("2026-02", 1)]),
        ("UTC", 0, [("2026-01", 1), ("2026-02", 1)]),
    ],
)
def test_today_is_the_date_in_the_database_zone(db, monkeypatch, zone, overdue, forecast):
    set_setting("timezone", zone)
    create_deal("Due 31 Jan", actor=ACTOR, value="100", expected_close="2026-01-31")
    create_deal("Due 1 Feb", actor=ACTOR, value="100", expected_close="2026-02-01")
    monkeypatch.setattr(management, "utcnow", lambda: at("2026-01-31 23:30"))
    result = build_report(ReportFilter())  # no ``today``: the clock's date in the zone
    assert result["overdue"]["count"] == overdue
    assert [(row["month"], row["open_count"]) for row in result["forecast"]] == forecast


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (
            "Europe/Amsterdam",
            [
                ("2026-01-31 22:59:59", "2026-01-31 23:59:59", "2026-01"),
                ("2026-01-31 23:00", "2026-02-01 00:00:00", "2026-02"),
                ("2026-03-29 00:59:59", "2026-03-29 01:59:59", "2026-03"),  # CET
                ("2026-03-29 01:00", "2026-03-29 03:00:00", "2026-03"),  # CEST from here
                ("2026-03-31 21:59:59", "2026-03-31 23:59:59", "2026-03"),
                ("2026-03-31 22:00", "2026-04-01 00:00:00", "2026-04"),
                ("2026-10-25 00:59:59", "2026-10-25 02:59:59", "2026-10"),  # CEST
                ("2026-10-25 01:00", "2026-10-25 02:00:00", "2026-10"),  # CET from here
                ("2026-10-31 22:59:59", "2026-10-31 23:59:59", "2026-10"),
                ("2026-10-31 23:00", "2026-11-01 00:00:00", "2026-11"),
            ],
        ),
        (
            "UTC",
            [
                ("2026-01-31 23:00", "2026-01-31 23:00:00", "2026-01"),
                ("2026-03-31 22:00", "2026-03-31 22:00:00", "2026-03"),
            ],
        ),
    ],
)
def test_local_gives_each_stored_time_its_wall_time_and_month(db, zone, expected):
    set_setting("timezone", zone)
    for closed, _, _ in expected:
        won(closed, closed)
    sql = ReportSql()
    local = sql.local("d.closed_at")
    rows = sql._rows(
        f"SELECT d.title, {local}, {sql._month(local)} FROM deal d ORDER BY d.closed_at", []
    )
    shown = [
        (title, wall if isinstance(wall, str) else wall.isoformat(sep=" "), month)
        for title, wall, month in rows
    ]
    assert shown == [(closed, wall, month) for closed, wall, month in expected]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # One change inside (29 March): the CASE keeps only it.
        (
            "2026-03-01",
            "2026-04-01",
            [
                ("2026-03-29 00:59:59", "2026-03-29 01:59:59"),
                ("2026-03-29 01:00", "2026-03-29 03:00:00"),
                ("2026-03-31 21:59:59", "2026-03-31 23:59:59"),
            ],
        ),
        # No change inside: summer time throughout, a constant shift.
        (
            "2026-04-01",
            "2026-10-01",
            [
                ("2026-04-01 00:00", "2026-04-01 02:00:00"),
                ("2026-09-30 21:59", "2026-09-30 23:59:00"),
            ],
        ),
    ],
)
def test_local_within_a_stretch_uses_only_the_changes_inside(db, start, end, expected):
    set_setting("timezone", "Europe/Amsterdam")
    for closed in ("2026-02-27 12:00", "2026-10-25 01:30", *(closed for closed, _ in expected)):
        won(closed, closed)
    sql = ReportSql()
    local = sql.local("d.closed_at", within=(at(start), at(end)))
    assert local.count("CASE") == (1 if start == "2026-03-01" else 0)
    rows = sql._rows(
        f"SELECT d.title, {local} FROM deal d WHERE d.closed_at >= ? AND d.closed_at < ?"
        " ORDER BY d.closed_at",
        [at(start), at(end)],
    )
    shown = [
        (title, wall if isinstance(wall, str) else wall.isoformat(sep=" ")) for title, wall in rows
    ]
    assert shown == expected


def test_bucket_puts_each_time_in_its_local_month_across_dst(db):
    set_setting("timezone", "Europe/Amsterdam")
    times = [
        "2026-01-31 22:59:59",  # before the first month: NULL
        "2026-01-31 23:00",  # 00:00 on 1 February in Amsterdam
        "2026-03-29 01:00",  # clocks go forward: still March
        "2026-03-31 21:59:59",  # 23:59:59 summer time on 31 March
        "2026-03-31 22:00",  # 00:00 on 1 April
        "2026-04-30 21:59:59",  # the last second of April
        "2026-04-30 22:00",  # after the last month: NULL
    ]
    for closed in times:
        won(closed, closed)
    sql = ReportSql()
    months = months_bounds(dt.date(2026, 4, 1), 3, sql.zone)
    label = sql.bucket("d.closed_at", months)
    rows = sql._rows(f"SELECT d.title, {label} FROM deal d ORDER BY d.closed_at", [])
    assert rows == list(
        zip(times, [None, "2026-02", "2026-03", "2026-03", "2026-04", "2026-04", None], strict=True)
    )
    assert sql.bucket("d.closed_at", []) == "NULL"
