"""Local days and months as UTC bounds: midnight in Amsterdam, daylight-saving days, zone names."""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.errors import ValidationError
from models.domain.periods import (
    day_start,
    days_bounds,
    default_zone_name,
    local_date,
    month_bounds,
    month_start,
    months_bounds,
    offset_changes,
    zone,
    zone_name,
)

AMSTERDAM = zone("Europe/Amsterdam")
UTC = zone("UTC")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_a_day_in_amsterdam_begins_an_hour_before_utc_midnight_in_winter():
    assert day_start(dt.date(2026, 2, 1), AMSTERDAM) == at("2026-01-31 23:00")
    # 00:30 on 1 February in Amsterdam is 23:30 UTC on 31 January: a February day.
    assert local_date(at("2026-01-31 23:30"), AMSTERDAM) == dt.date(2026, 2, 1)
    assert local_date(at("2026-01-31 22:59:59"), AMSTERDAM) == dt.date(2026, 1, 31)
    assert days_bounds(dt.date(2026, 2, 1), dt.date(2026, 2, 28), AMSTERDAM) == (
        at("2026-01-31 23:00"),
        at("2026-02-28 23:00"),
    )
    assert days_bounds(None, None, AMSTERDAM) == (None, None)


def test_utc_days_are_utc_midnights():
    assert days_bounds(dt.date(2026, 2, 1), dt.date(2026, 2, 28), UTC) == (
        at("2026-02-01 00:00"),
        at("2026-03-01 00:00"),
    )
    assert local_date(at("2026-01-31 23:30"), UTC) == dt.date(2026, 1, 31)


def test_the_spring_dst_day_has_23_hours_and_the_autumn_one_25():
    start, end = days_bounds(dt.date(2026, 3, 29), dt.date(2026, 3, 29), AMSTERDAM)
    assert (start, end) == (at("2026-03-28 23:00"), at("2026-03-29 22:00"))
    start, end = days_bounds(dt.date(2026, 10, 25), dt.date(2026, 10, 25), AMSTERDAM)
    assert (start, end) == (at("2026-10-24 22:00"), at("2026-10-25 23:00"))
    assert end - start == dt.timedelta(hours=25)


def test_months_end_where_the_next_begins_across_dst():
    assert month_bounds(2026, 3, AMSTERDAM) == (at("2026-02-28 23:00"), at("2026-03-31 22:00"))
    assert month_bounds(2026, 12, AMSTERDAM) == (at("2026-11-30 23:00"), at("2026-12-31 23:00"))
    months = months_bounds(dt.date(2026, 11, 5), 10, AMSTERDAM)
    assert [month for month, _, _ in months][:2] == ["2026-02", "2026-03"]
    assert months[-1] == ("2026-11", at("2026-10-31 23:00"), at("2026-11-30 23:00"))
    assert all(months[i][2] == months[i + 1][1] for i in range(len(months) - 1))
    across_year = months_bounds(dt.date(2027, 1, 9), 2, UTC)
    assert across_year == [
        ("2026-12", at("2026-12-01"), at("2027-01-01")),
        ("2027-01", at("2027-01-01"), at("2027-02-01")),
    ]


def test_the_month_so_far_starts_at_local_midnight_of_the_first():
    # Just after midnight on 1 February in Amsterdam, February has begun.
    assert month_start(at("2026-01-31 23:30"), AMSTERDAM) == at("2026-01-31 23:00")
    assert month_start(at("2026-01-31 23:30"), UTC) == at("2026-01-01 00:00")


def test_a_skipped_or_repeated_midnight_starts_the_day_at_its_first_moment():
    santiago = zone("America/Santiago")  # 11 Sept 2022: clocks jumped from 00:00 to 01:00
    assert day_start(dt.date(2022, 9, 11), santiago) == at("2022-09-11 04:00")  # 01:00 -03
    assert day_start(dt.date(2022, 9, 10), santiago) == at("2022-09-10 04:00")  # 00:00 -04
    havana = zone("America/Havana")  # 1 Nov 2026: 01:00 back to 00:00, midnight twice
    assert day_start(dt.date(2026, 11, 1), havana) == at("2026-11-01 04:00")  # the first


def test_offset_changes_are_exact_to_the_second():
    initial, changes = offset_changes(AMSTERDAM)
    assert initial == 3600
    assert [c for c in changes if c[0].year == 2026] == [
        (at("2026-03-29 01:00"), 7200),
        (at("2026-10-25 01:00"), 3600),
    ]
    assert offset_changes(UTC) == (0, ())


def test_zone_names_are_checked_and_spelled_canonically():
    assert zone_name(" europe/amsterdam ") == "Europe/Amsterdam"
    assert zone_name("utc") == "UTC"
    with pytest.raises(ValidationError, match="did you mean Europe/Amsterdam") as caught:
        zone_name("Europe/Amsterdm")
    assert caught.value.field == "timezone"
    assert str(caught.value).startswith("Unknown time zone 'Europe/Amsterdm'; did you mean")
    with pytest.raises(ValidationError, match=r"'amsterdam'; did you mean Europe/Amsterdam\?"):
        zone_name("amsterdam")  # a city alone
    with pytest.raises(ValidationError, match=r"^Unknown time zone 'lead'\. Use an IANA name"):
        zone_name("lead")  # nothing close: no guess
    for bad in (
        "",
        "../../etc/passwd",
        "Mars/Olympus_Mons",
        "Europe/Amsterdam\x1b[2J",
        "Europe/Am\u017fterdam",  # a long s, which casefolds to "s"
        "localtime",  # a file beside the zones: this machine's zone, not a name
        "posixrules",
        "Europe",  # a directory
    ):
        with pytest.raises(ValidationError, match="Unknown time zone"):
            zone(bad)


def test_the_default_zone_follows_the_language():
    assert default_zone_name("nl") == "Europe/Amsterdam"
    assert default_zone_name("en") == "UTC"
