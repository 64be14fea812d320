"""A card's date is what Babel's ``dd MMM`` / ``MMM ''yy`` wrote, without importing Babel.

``tui.formatting`` writes card dates from ``models.domain.locale_facts`` so that the board's
first frame needs no Babel (docs/performance.md); each date of several years, in each
language, must still read exactly as Babel writes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from babel.dates import format_date

from models.domain.i18n import LANGUAGES, LOCALES, set_language
from tui.formatting import day_and_month, short_date

TODAY = dt.date(2026, 6, 15)
DAYS = [
    dt.date(year, month, day)
    for year in (2005, 2026, 2027)
    for month in range(1, 13)
    for day in (1, 9, 10, 28)
]


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_card_dates_read_as_babel_writes_them(language: str) -> None:
    set_language(language)
    locale = LOCALES[language]
    for day in DAYS:
        this_year = format_date(day, "dd MMM", locale=locale)
        assert day_and_month(day) == this_year
        expected = (
            this_year if day.year == TODAY.year else format_date(day, "MMM ''yy", locale=locale)
        )
        assert short_date(day, TODAY) == expected
    assert short_date(None, TODAY) == ""
