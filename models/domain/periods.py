"""Days and months in the database's time zone, as UTC instants to compare stored times with.

Timestamps are stored as naive UTC (``2026-01-31 23:30:00``); a period a person names
("February", "1 to 7 March", "today") is made of days in the database's ``timezone``
setting. These functions turn such local days and months into half-open UTC bounds
``[start, end)``, exact across daylight-saving changes, so SQL compares the stored column
with two parameters on SQLite and PostgreSQL alike and an index on it stays usable. Where a
query must name the local day or month of each row (grouping by month), ``offset_changes``
gives the zone's UTC offsets over time for a CASE expression (``models.reports.sql``).

A day begins at the first instant whose local date is that day: normally 00:00; where a
zone skips midnight, the moment the clocks jump; where midnight repeats, its first time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import operator
import zoneinfo

from models.domain.errors import ValidationError
from models.domain.i18n import _
from models.domain.validation import shown

UTC_NAME = "UTC"
# Files in the zone directory that are not IANA names; "localtime" is this machine's zone.
_NOT_ZONES = frozenset({"localtime", "posixrules", "posix", "right"})
# The default of a Dutch database (``language`` nl); every other database defaults to UTC.
DUTCH_ZONE = "Europe/Amsterdam"


def default_zone_name(language: str) -> str:
    """The ``timezone`` a database has until it is set: Amsterdam for Dutch, else UTC."""
    return DUTCH_ZONE if language == "nl" else UTC_NAME


@functools.cache
def _known_zones() -> dict[str, str]:
    """Every IANA name this machine knows (system or ``tzdata`` package), by casefolded name."""
    names = zoneinfo.available_timezones() - _NOT_ZONES
    return {name.casefold(): name for name in names}


def _suggestion(typed: str, known: dict[str, str]) -> str | None:
    """A known name for a city typed alone ("amsterdam") or misspelt, if one is close."""
    if not typed:
        return None
    cities = [name for key, name in known.items() if key.rsplit("/", 1)[-1] == typed]
    if len(cities) == 1:
        return cities[0]
    close = difflib.get_close_matches(typed, known, n=1, cutoff=0.8)
    return known[close[0]] if close else None


def zone_name(value: str) -> str:
    """The canonical IANA name for ``value`` (any case), or ValidationError for an unknown one."""
    text = str(value).strip()
    known = _known_zones()
    # ASCII only: casefolding would otherwise let "Amſterdam" (a long s) pass as Amsterdam.
    name = known.get(text.casefold()) if text and text.isascii() else None
    if name is None:
        hint = _suggestion(text.casefold(), known)
        hint = _("; did you mean {zone}?").format(zone=hint) if hint else "."
        raise ValidationError(
            "timezone",
            _(
                "Unknown time zone {shown_value}{hint} Use an IANA name such as Europe/Amsterdam or UTC."
            ).format(shown_value=shown(value), hint=hint),
        )
    return name


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone of a (checked) IANA name; ValidationError when this machine does not know it."""
    text = str(name)
    if text and text.isascii() and text == text.strip() and text not in _NOT_ZONES:
        # A stored name is already canonical: open it without listing every zone (30 ms).
        try:
            return zoneinfo.ZoneInfo(text)
        except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
            pass  # not a zone this machine has: zone_name says so, with a suggestion
    return zoneinfo.ZoneInfo(zone_name(text))


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def day_start(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The UTC instant (naive, as stored) at which local ``day`` begins in ``tz``."""
    # fold=0 gives the first of two repeated midnights, and for a skipped midnight the
    # instant the clocks jump (PEP 495), which is the first moment of that day either way.
    return _utc(dt.datetime.combine(day, dt.time(), tzinfo=tz))


def days_bounds(
    first: dt.date | None, last: dt.date | None, tz: dt.tzinfo
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """UTC ``[start, end)`` of the local days ``first`` to ``last`` inclusive (None: open)."""
    start = day_start(first, tz) if first is not None else None
    end = day_start(last + dt.timedelta(days=1), tz) if last is not None else None
    return start, end


def month_bounds(year: int, month: int, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """UTC ``[start, end)`` of one local calendar month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return day_start(dt.date(year, month, 1), tz), day_start(following, tz)


def months_bounds(
    last: dt.date, count: int, tz: dt.tzinfo
) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """The ``count`` local months up to ``last``'s, oldest first, as (month, start, end).

    ``month`` is ``YYYY-MM``; start and end are UTC bounds, each month ending where the next
    begins, so a ``CASE`` over them puts every instant in exactly one month.
    """
    index = last.year * 12 + last.month - 1
    months = []
    for number in range(index - count + 1, index + 1):
        year, month = divmod(number, 12)
        start, end = month_bounds(year, month + 1, tz)
        months.append((f"{year:04d}-{month + 1:02d}", start, end))
    return months


def local_date(at: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The local calendar date in ``tz`` of a naive UTC instant (``today`` from ``now``)."""
    return at.replace(tzinfo=dt.UTC).astimezone(tz).date()


def month_start(at: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """The UTC instant at which the local month holding naive UTC instant ``at`` began."""
    return day_start(local_date(at, tz).replace(day=1), tz)


# Offsets are sampled every 2**18 seconds (3 days 49 min); see offset_changes.
_STEP_BITS = 18


@functools.cache
def offset_changes(
    tz: dt.tzinfo, first_year: int = 1970, last_year: int = 2100
) -> tuple[int, tuple[tuple[dt.datetime, int], ...]]:
    """The zone's UTC offset in seconds before ``first_year``, and each change after it.

    Each change is (naive UTC instant, offset in seconds from then on), in time order, to the
    second, for the changes in ``(1 January first_year, 1 January last_year + 1]`` (UTC).

    How: the offset is read every 2**18 seconds (3 days 49 minutes) and each stretch whose
    two ends differ is bisected to the second; a stretch holding more than one change is
    bisected again from the change found, so a change followed by another is kept. A change
    *and its reversal* inside one stretch would both be missed: the step must stay below the
    shortest gap between two changes. On tzdata 2025b that gap is 6 days 23 hours (Brazil in
    October 2000, and Gaza's predicted Ramadan suspensions up to 2100), over twice the step;
    ``tests/models/domain/test_offset_changes.py`` compares this with reading every day, for
    every zone this machine knows. Reading every day took 48,000 reads (75-90 ms per zone
    and process); this takes 16,000 and 18 more per change.

    An offset is read as ``tz.fromutc(moment) - moment`` on an aware UTC wall time: the very
    shift ``datetime.fromtimestamp(seconds, tz)`` applies, without turning seconds into a
    datetime or asking the zone again for ``utcoffset()`` (a third of the cost). The grid
    of moments and their offsets is built by C-level iterators rather than a Python loop.
    A fixed ``datetime.timezone`` has no changes by construction.
    """
    if isinstance(tz, dt.timezone):
        return _seconds(tz.utcoffset(None)), ()
    fromutc = tz.fromutc
    start = dt.datetime(first_year, 1, 1, tzinfo=tz)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=tz)
    step = dt.timedelta(seconds=1 << _STEP_BITS)
    # Aware datetimes in tz, read as UTC wall times: start, start + step, ..., end.
    grid = list(
        itertools.accumulate(
            itertools.repeat(step, (end - start) // step), operator.add, initial=start
        )
    )
    if grid[-1] < end:
        grid.append(end)
    # Both sides carry the same tzinfo, so the difference is of the wall times: the offset.
    offsets = list(map(operator.sub, map(fromutc, grid), grid))
    powers = [dt.timedelta(seconds=1 << bit) for bit in reversed(range(_STEP_BITS))]
    second = powers[-1]
    changes: list[tuple[dt.datetime, int]] = []
    stretches = map(operator.ne, offsets, offsets[1:])
    for index in itertools.compress(range(len(grid) - 1), stretches):
        low, high = grid[index], grid[index + 1]
        current, last = offsets[index], offsets[index + 1]
        while current != last and low < high:  # low < high: a tzinfo that misreads ends too
            # The last second of ``current`` in (low, high): binary lifting, each probe
            # halving the part of the stretch still in doubt, as a bisection does.
            for power in powers:
                middle = low + power
                if middle < high and fromutc(middle) - middle == current:
                    low = middle
            low += second
            current = fromutc(low) - low
            changes.append((low.replace(tzinfo=None), _seconds(current)))
    return _seconds(offsets[0]), tuple(changes)


def _seconds(delta: dt.timedelta | None) -> int:
    """An offset in whole seconds (None, a zone that does not say: 0)."""
    return int(delta.total_seconds()) if delta is not None else 0
