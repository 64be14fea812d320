"""The written-out locale facts say what Babel says, for every language dealboard ships.

``models.domain.locale_facts`` keeps the signs and month names of the board's first frame
so that Babel is not imported for it; these tests compare each fact, and every text made
from them, with Babel's own answer (the way the code asked Babel before), so the table can
never drift from CLDR: a new language without its row, or a Babel upgrade that changes a
name, fails here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from models.domain import i18n
from models.domain.i18n import LANGUAGES, LOCALES, PERCENT_SIGNS
from models.domain.locale_facts import FACTS, babel_facts, facts, grouped
from models.domain.money import format_money, number_symbols

# Whole percentages as the app shows them (0–100), and far beyond, both signs.
PERCENTS = [*range(-1100, 1101), 12_345, -99_999, 1_000_000]
# Every month, every day count at the month's edges, across a year boundary.
DAYS = [
    dt.date(year, month, day)
    for year in (2005, 2026, 2027)
    for month in range(1, 13)
    for day in (1, 9, 10, 28)
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_its_row_and_it_is_babels(language: str) -> None:
    locale = LOCALES[language]
    assert FACTS[locale] == babel_facts(locale)


def test_a_locale_without_a_row_asks_babel() -> None:
    assert "de_DE" not in FACTS
    assert facts("de_DE") == babel_facts("de_DE")
    assert facts("de_DE").months[2] == "März"


@pytest.mark.parametrize("language", LANGUAGES)
def test_whole_percentages_as_babel_writes_them(language: str) -> None:
    pattern = "#,##0" + PERCENT_SIGNS[language]
    for percent in PERCENTS:
        expected = format_percent(Decimal(percent) / 100, pattern, locale=LOCALES[language])
        assert i18n.format_whole_percent(percent, language=language) == expected, percent


@pytest.mark.parametrize("language", LANGUAGES)
def test_grouped_numbers_as_babel_writes_them(language: str) -> None:
    locale = LOCALES[language]
    for number in [*PERCENTS, 10**9, -(10**12) - 7]:
        assert grouped(number, locale) == format_decimal(number, "#,##0", locale=locale)


@pytest.mark.parametrize("language", LANGUAGES)
def test_money_signs_are_babels(language: str) -> None:
    locale = LOCALES[language]
    assert number_symbols(language) == (get_group_symbol(locale), get_decimal_symbol(locale))
    assert number_symbols("xx") == number_symbols("en")  # an unknown language writes English


def test_money_text_is_unchanged() -> None:
    assert format_money(-123_456_789, "EUR", "nl") == "-€ 1.234.567,89"
    assert format_money(123_456_789, "USD", "en") == "$1,234,567.89"


@pytest.mark.parametrize("language", LANGUAGES)
def test_short_dates_as_babel_writes_them(language: str) -> None:
    locale = LOCALES[language]
    today = dt.date(2026, 6, 15)
    for day in DAYS:
        this_year = babel_format_date(day, "dd MMM", locale=locale)
        other_year = babel_format_date(day, "MMM ''yy", locale=locale)
        expected = this_year if day.year == today.year else other_year
        assert i18n.format_short_date(day, today, language) == expected
        assert i18n.month_abbreviation(day.month, language) == other_year.split(" ")[0]


def test_a_month_outside_the_year_is_refused() -> None:
    for month in (0, 13):
        with pytest.raises(KeyError):
            i18n.month_abbreviation(month, "en")
