"""A zone's offset changes: the same as reading the offset every day, for every zone.

``offset_changes`` reads the offset every few days and bisects; reading it every day (the
reference below, the function as it was) is slow but only misses changes less than a day
apart. The default run compares the two on zones that make stepping hard; the full-length
step compares them on every zone this machine knows.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from models.domain.periods import offset_changes
from tests.full_length import heavy

Changes = tuple[int, tuple[tuple[dt.datetime, int], ...]]

# Zones that make a stepped search hard: 30-minute DST (Lord Howe), Ramadan suspensions a
# week or a month long (Casablanca, Gaza), a skipped day (Apia), DST abolished (Sao Paulo,
# Tehran), a change at 00:44:30 UTC (Monrovia 1972), and zones without changes.
DEMANDING = [
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",
    "Africa/Casablanca",
    "Asia/Gaza",
    "Asia/Tehran",
    "Pacific/Apia",
    "America/Sao_Paulo",
    "America/Boa_Vista",
    "Africa/Monrovia",
    "UTC",
    "Etc/GMT-14",
]


def daily_offset_changes(tz: dt.tzinfo, first_year: int = 1970, last_year: int = 2100) -> Changes:
    """The reference: read the offset every day and bisect a day whose offset changed."""

    def offset(seconds: int) -> int:
        delta = dt.datetime.fromtimestamp(seconds, tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    day = 86400
    moment = int(dt.datetime(first_year, 1, 1, tzinfo=dt.UTC).timestamp())
    end = int(dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC).timestamp())
    initial = current = offset(moment)
    changes: list[tuple[dt.datetime, int]] = []
    while moment < end:
        now = offset(moment + day)
        if now != current:
            low, high = moment, moment + day  # offset(low) == current, offset(high) == now
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == current else (low, middle)
            instant = dt.datetime.fromtimestamp(high, dt.UTC).replace(tzinfo=None)
            changes.append((instant, now))
            current = now
        moment += day
    return initial, tuple(changes)


@pytest.mark.parametrize("name", DEMANDING)
def test_changes_match_reading_every_day(name: str) -> None:
    tz = zoneinfo.ZoneInfo(name)
    assert offset_changes(tz) == daily_offset_changes(tz)


def test_a_fixed_offset_has_no_changes() -> None:
    india = dt.timezone(dt.timedelta(hours=5, minutes=30))
    assert offset_changes(india) == daily_offset_changes(india) == (19800, ())
    assert offset_changes(dt.UTC) == (0, ())


def test_other_years_and_an_empty_span() -> None:
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    assert offset_changes(amsterdam, 2020, 2021) == daily_offset_changes(amsterdam, 2020, 2021)
    assert len(offset_changes(amsterdam, 2020, 2021)[1]) == 4
    assert offset_changes(amsterdam, 2021, 2020) == (3600, ())


class _Steps(dt.tzinfo):
    """+01:00, and from each given UTC instant on, the offset given with it (hours)."""

    def __init__(self, *changes: tuple[str, int]) -> None:
        self.changes = [(dt.datetime.fromisoformat(at), hours) for at, hours in changes]

    def _hours(self, utc: dt.datetime) -> int:
        return next((h for at, h in reversed(self.changes) if at <= utc.replace(tzinfo=None)), 1)

    def fromutc(self, moment: dt.datetime) -> dt.datetime:
        return moment + dt.timedelta(hours=self._hours(moment))

    def utcoffset(self, moment: dt.datetime | None) -> dt.timedelta:
        # A wall time's offset: the first that maps back to it (enough for these tests).
        assert moment is not None
        hours = next(h for h in range(1, 4) if self._hours(moment - dt.timedelta(hours=h)) == h)
        return dt.timedelta(hours=hours)

    def dst(self, moment: dt.datetime | None) -> dt.timedelta:
        return dt.timedelta(0)

    def tzname(self, moment: dt.datetime | None) -> str:
        return "STEPS"


def test_two_changes_between_two_readings_are_both_found() -> None:
    quick = _Steps(("2000-06-01 10:00", 2), ("2000-06-01 11:00", 3))
    assert offset_changes(quick, 2000, 2000) == (
        3600,
        ((dt.datetime(2000, 6, 1, 10), 7200), (dt.datetime(2000, 6, 1, 11), 10800)),
    )


def test_a_reversal_after_the_last_year_does_not_hide_a_change_before_its_end() -> None:
    # The bisection of the last stretch must not look past 1 January 2001.
    late = _Steps(("2000-12-31 23:00", 2), ("2001-01-01 02:00", 1))
    assert offset_changes(late, 2000, 2000) == daily_offset_changes(late, 2000, 2000)
    assert offset_changes(late, 2000, 2000) == (3600, ((dt.datetime(2000, 12, 31, 23), 7200),))


@heavy
def test_changes_match_reading_every_day_in_every_zone() -> None:
    """Every zone this machine knows (about 600; a minute): no change missed or moved."""
    differ = []
    for name in sorted(zoneinfo.available_timezones()):
        tz = zoneinfo.ZoneInfo(name)
        if offset_changes(tz) != daily_offset_changes(tz):
            differ.append(name)
    assert differ == []
