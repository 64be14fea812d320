"""Read what other clients stored without crashing: values a column cannot hold become ``BadValue``.

SQLite lets any client store any value in any column: ``'abc'`` as an amount, a BLOB as a
title, ``2026-02-30`` as a date. peewee's own fields then raise or hand back strings, and
every screen, list, export and edit that reads the row fails. The fields here convert what
dealboard writes as usual and wrap anything else in a ``BadValue``, which keeps the stored
value (so it is never changed unless someone edits that field) and says what is wrong with
it. Readers show ``BadValue.marked``; ``dealboard check`` lists them (``models.storage.foreign_rows``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from peewee import BigIntegerField, CharField, DateField, DateTimeField, TextField

NOT_A_DATE = "not a date"
NOT_A_TIMESTAMP = "not a date and time"
NOT_AN_AMOUNT = "not a whole number of cents"
NOT_TEXT = "not text"
MARK = "⚠"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What peewee writes for a naive datetime: str(value), with or without microseconds.
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{6})?")


def escaped(text: str) -> str:
    """``text`` with control, format and other unprintable characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


class BadValue:
    """A stored value its column cannot hold; ``raw`` is kept as stored, ``problem`` says why."""

    __slots__ = ("problem", "raw")

    def __init__(self, raw: object, problem: str) -> None:
        self.raw = raw
        self.problem = problem

    def __str__(self) -> str:
        """The stored value as text (bytes decoded), as history records it when it is replaced."""
        if isinstance(self.raw, bytes):
            return self.raw.decode("utf-8", "replace")
        return str(self.raw)

    def __repr__(self) -> str:
        return f"BadValue({self.raw!r}, {self.problem!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BadValue) and (self.raw, self.problem) == (
            other.raw,
            other.problem,
        )

    def __hash__(self) -> int:
        return hash((BadValue, repr(self.raw), self.problem))

    @property
    def shown(self) -> str:
        """The stored value escaped for a screen: a BLOB as ``x'…'``, text quoted."""
        if isinstance(self.raw, bytes):
            return f"x'{self.raw.hex()}'"
        return repr(self.raw) if isinstance(self.raw, str) else escaped(str(self.raw))

    @property
    def marked(self) -> str:
        """The stored value with the warning people see: ``'2026-02-30' ⚠ not a date``."""
        return f"{self.shown} {MARK} {self.problem}"


def marked(value: Any) -> Any:
    """``value``, or its marked text when it is a ``BadValue``."""
    return value.marked if isinstance(value, BadValue) else value


class SafeText:
    """Mixin for text columns: a BLOB (or other non-text) becomes a ``BadValue``."""

    def python_value(self, value: Any) -> Any:
        """Text as text; anything else marked."""
        if value is None or isinstance(value, str):
            return value
        return BadValue(value, NOT_TEXT)


class SafeCharField(SafeText, CharField):
    """A ``CharField`` that marks non-text values instead of passing bytes on."""


class SafeTextField(SafeText, TextField):
    """A ``TextField`` that marks non-text values instead of passing bytes on."""


class SafeCentsField(BigIntegerField):
    """An amount in whole cents; ``'abc'``, a fraction or a BLOB is marked."""

    def python_value(self, value: Any) -> Any:
        """Integers as int; anything else marked."""
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        return BadValue(value, NOT_AN_AMOUNT)


class SafeDateField(DateField):
    """A calendar date stored as ``YYYY-MM-DD``; ``2026-02-30`` or any other text is marked."""

    def python_value(self, value: Any) -> Any:
        """Dates as ``datetime.date``; anything else marked."""
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str) and _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        return BadValue(value, NOT_A_DATE)


class SafeDateTimeField(DateTimeField):
    """A UTC timestamp stored as ``YYYY-MM-DD HH:MM:SS[.ffffff]``; other text is marked."""

    def python_value(self, value: Any) -> Any:
        """Timestamps as naive ``datetime``; anything else marked."""
        if value is None or isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and _TIMESTAMP.fullmatch(value):
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                pass
        return BadValue(value, NOT_A_TIMESTAMP)


_D4, _D2 = "[0-9]" * 4, "[0-9]" * 2
_DATE_GLOB = f"{_D4}-{_D2}-{_D2}"
_SECONDS_GLOB = f"{_DATE_GLOB} {_D2}:{_D2}:{_D2}"
_MICROSECONDS_GLOB = f"{_SECONDS_GLOB}.{'[0-9]' * 6}"


def usable_sql(field: Any, column: str) -> str | None:
    """SQLite SQL that is true only for a stored value ``field.python_value`` keeps as it is.

    So ``dealboard check`` can let SQLite skip the rows that are fine and convert only the
    others (``models.storage.foreign_rows``): where this is true the field never makes a
    ``BadValue``; where it is false the field still decides (a few values the field accepts,
    such as ``23:59:59.999999``, which SQLite's day arithmetic rounds up, are left to it).
    The expression is never NULL, and compares only what ``substr`` and the date functions
    give, which have no affinity: compared with the column itself, a DATE or DATETIME
    column's NUMERIC affinity would turn ``'0001'`` into the number 1. None for a field
    that has no such test: read every row.

    Dates and times are held to their exact shape in ASCII digits (the byte length rules
    out anything after a NUL, which GLOB would not see), a year from 0001, hours, minutes
    and seconds in range, and a calendar day that SQLite's day arithmetic gives back as it
    is (``2026-02-30`` comes back as ``2026-03-02``). A day that survives that is one Python
    accepts too, whatever SQLite's own parsing allows.
    """
    c = column
    if isinstance(field, SafeText):
        return f"typeof({c}) IN ('text', 'null')"
    if isinstance(field, SafeCentsField):
        return f"typeof({c}) IN ('integer', 'null')"
    if isinstance(field, SafeDateField):
        return (
            f"({c} IS NULL OR (typeof({c}) = 'text' AND length(CAST({c} AS BLOB)) = 10"
            f" AND {c} GLOB '{_DATE_GLOB}' AND substr({c}, 1, 4) <> '0000'"
            f" AND {_real_day(c)}))"
        )
    if isinstance(field, SafeDateTimeField):
        return (
            f"({c} IS NULL OR (typeof({c}) = 'text' AND CASE length(CAST({c} AS BLOB))"
            f" WHEN 19 THEN {c} GLOB '{_SECONDS_GLOB}'"
            f" WHEN 26 THEN {c} GLOB '{_MICROSECONDS_GLOB}' ELSE 0 END"
            f" AND substr({c}, 1, 4) <> '0000' AND substr({c}, 12, 2) < '24'"
            f" AND substr({c}, 15, 2) < '60'"
            f" AND substr({c}, 18, 2) < '60' AND {_real_day(c)}))"
        )
    return None


def _real_day(c: str) -> str:
    """SQL: the ``YYYY-MM-DD`` digits that ``c`` begins with are a day of the calendar.

    Days 01 to 28 of months 01 to 12 are, in every year; only for the others is SQLite's
    day arithmetic asked (a third of the cost of the whole test where every value needs it).
    """
    return (
        f"((substr({c}, 6, 2) BETWEEN '01' AND '12' AND substr({c}, 9, 2) BETWEEN '01' AND '28')"
        f" OR date(julianday({c})) IS substr({c}, 1, 10))"
    )


def good_date(value: object) -> bool:
    """A close date the card can use: none, a date (PostgreSQL) or real ``YYYY-MM-DD`` text."""
    if not isinstance(value, str):
        return True
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def card_fields(
    title: object, org: object, contact: object, owner: object, cents: object, close: object
) -> tuple[str, str, str, str, int, object]:
    """Card fields for a row another client stored badly: usable values, the title marked.

    The card counts a bad amount as 0 (as SQL's SUM does) and shows no close date; its
    title says which field is wrong, and the detail screen shows the stored values.
    """
    problems = []
    texts = []
    for name, value in (("title", title), ("organization", org), ("contact", contact)):
        checked = SafeCharField().python_value(value)
        if isinstance(checked, BadValue):
            problems.append(f"{name} {checked.problem}")
        texts.append(str(checked) if checked is not None else "")
    owner_text = owner if isinstance(owner, str) else str(SafeCharField().python_value(owner))
    if owner_text is not owner:
        problems.append(f"owner {NOT_TEXT}")
    amount = SafeCentsField().python_value(cents)
    if isinstance(amount, BadValue):
        problems.append(f"value {amount.shown} {amount.problem}")
        amount = 0
    if not good_date(close):
        problems.append(f"expected close {SafeDateField().python_value(close).marked}")
        close = None
    texts[0] = f"{texts[0]} {MARK} {'; '.join(problems)}"
    return texts[0], texts[1], texts[2], owner_text, amount, close
