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
import os
import re
import struct
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
    A fixed ``datetime.timezone`` has no changes by construction; nor has a zone whose data
    ends with its last change before ``first_year`` and a rule without daylight saving (UTC,
    Etc/GMT-5, Asia/Kolkata: a quarter of the zones), read from its TZif file at once.
    """
    if isinstance(tz, dt.timezone):
        return _seconds(tz.utcoffset(None)), ()
    fromutc = tz.fromutc
    start = dt.datetime(first_year, 1, 1, tzinfo=tz)
    steady = _steady_offset(tz, int(start.replace(tzinfo=dt.UTC).timestamp()))
    # The file is only believed where the zone itself agrees (one read).
    if steady is not None and steady == _seconds(fromutc(start) - start):
        return steady, ()
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


# A TZif header (RFC 8536): magic, version, then the counts of UT/local and standard/wall
# indicators, leap seconds, transitions, local time types and abbreviation characters.
_TZIF_HEADER = struct.Struct(">4s1s15x6L")
# A POSIX TZ string without daylight saving: a name and an offset west of UTC ("IST-5:30").
_STANDARD_ONLY = re.compile(rb"(?:<[+\-\w]+>|[A-Za-z]{3,})([+-]?)(\d{1,3})(?::(\d\d))?(?::(\d\d))?")


def _steady_offset(tz: dt.tzinfo, since: int) -> int | None:
    """The offset a ZoneInfo keeps from Unix time ``since`` on, or None if it may change.

    None too where its data cannot be told. Only for the instance ``ZoneInfo(key)`` gives, read from the file ZoneInfo reads (the
    first directory of ``zoneinfo.TZPATH`` that holds it, else the ``tzdata`` package); an
    instance made from another file (``from_file``, ``no_cache``) is left to the stepping.
    """
    key = getattr(tz, "key", None)
    if not isinstance(tz, zoneinfo.ZoneInfo) or not isinstance(key, str):
        return None
    try:
        if zoneinfo.ZoneInfo(key) is not tz:
            return None
        return _tzif_steady_offset(_tzif_bytes(key), since)
    except (OSError, ValueError, ImportError, struct.error, zoneinfo.ZoneInfoNotFoundError):
        return None


def _tzif_bytes(key: str) -> bytes:
    """The TZif data of a zone, from where ``ZoneInfo(key)`` takes it."""
    for directory in zoneinfo.TZPATH:
        path = os.path.join(directory, key)
        if os.path.isfile(path):
            with open(path, "rb") as file:
                return file.read()
    import importlib.resources  # only where the system has no zone files

    *folders, name = key.split("/")
    package = ".".join(["tzdata.zoneinfo", *folders])
    return importlib.resources.files(package).joinpath(name).read_bytes()


def _tzif_steady_offset(data: bytes, since: int) -> int | None:
    """The offset in TZif ``data`` from ``since`` on, if no change follows; else None.

    Steady means: the version 2+ data's last transition (if any) is at or before ``since``,
    and the rule for later times (the footer) is a standard time with that same offset.
    """
    magic, version, *counts = _TZIF_HEADER.unpack_from(data)
    if magic != b"TZif" or version == b"\0":
        return None  # version 1 data has no footer: leave it to the stepping
    utc_flags, std_flags, leaps, times, types, chars = counts
    # Skip the 32-bit block to the 64-bit one.
    at = _TZIF_HEADER.size + times * 5 + types * 6 + chars + leaps * 8 + std_flags + utc_flags
    _, _, utc_flags, std_flags, leaps, times, types, chars = _TZIF_HEADER.unpack_from(data, at)
    at += _TZIF_HEADER.size
    kinds = at + times * 8
    infos = kinds + times
    footer = infos + types * 6 + chars + leaps * 12 + std_flags + utc_flags
    rule = _STANDARD_ONLY.fullmatch(data[footer:].strip(b"\n"))
    if rule is None:
        return None  # daylight saving (or no rule): the offset may change
    sign, hours, minutes, seconds = rule.groups()
    west = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    offset = west if sign == b"-" else -west  # POSIX offsets count west of UTC
    if times:
        if struct.unpack_from(">q", data, kinds - 8)[0] > since:
            return None
        kind = data[infos - 1]  # the local time type of the last transition
    elif types == 1:
        kind = 0
    else:
        return None
    (last,) = struct.unpack_from(">l", data, infos + kind * 6)
    return offset if last == offset else None
