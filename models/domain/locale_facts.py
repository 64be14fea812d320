"""The few CLDR facts the board's first frame needs, kept here so that Babel loads later.

Every card shows an amount (grouped with the language's signs) and a date (a month's short
name), and every column header its phase's probability (``75%`` / ``75 %``). Babel knows all
of them, but importing it and reading its locale data cost about 15–30 ms of CPU on the way
to the first painted board (docs/performance.md). So the shipped languages' facts are written
out below; ``tests/models/domain/test_locale_facts.py`` holds each of them to Babel's own
output for every language in ``LANGUAGES``, so the table cannot drift from CLDR unnoticed.
Babel itself is imported only by what else needs it (reports, other formats) and, should a
language ever lack a row here, by ``facts`` for that language.
"""

from __future__ import annotations

import functools
from typing import NamedTuple


class LocaleFacts(NamedTuple):
    """What a language writes around numbers and dates (CLDR, ``latn`` digits)."""

    group: str  # the thousands separator: ``,`` / ``.``
    decimal: str  # the decimal sign: ``.`` / ``,``
    percent: str  # the percent sign
    minus: str  # the minus sign
    months: tuple[str, ...]  # the months' abbreviated names (format context), January first


# Babel's answers for the Babel locale of each language (``models.domain.i18n.LOCALES``).
FACTS: dict[str, LocaleFacts] = {
    "en_US": LocaleFacts(
        group=",",
        decimal=".",
        percent="%",
        minus="-",
        months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    ),
    "nl_NL": LocaleFacts(
        group=".",
        decimal=",",
        percent="%",
        minus="-",
        months=("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    ),
}


def facts(locale: str) -> LocaleFacts:
    """The facts of the Babel ``locale`` (``en_US``): from the table, else from Babel."""
    known = FACTS.get(locale)
    return known if known is not None else babel_facts(locale)


@functools.cache
def babel_facts(locale: str) -> LocaleFacts:
    """The same facts as Babel reads them from CLDR (the table's test, a language without a row)."""
    from babel import Locale
    from babel.dates import get_month_names
    from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol

    names = get_month_names("abbreviated", "format", locale)
    return LocaleFacts(
        group=get_group_symbol(locale),
        decimal=get_decimal_symbol(locale),
        percent=str(Locale.parse(locale).number_symbols["latn"]["percentSign"]),
        minus=get_minus_sign_symbol(locale),
        months=tuple(str(names[month]) for month in range(1, 13)),
    )


def grouped(number: int, locale: str) -> str:
    """A whole number with the locale's thousands separator and minus: ``-12,500`` / ``-12.500``.

    What Babel writes for the pattern ``#,##0`` (groups of three, no padding).
    """
    known = facts(locale)
    text = f"{abs(number):,}".replace(",", known.group)
    return known.minus + text if number < 0 else text
