"""How the app shows money, dates and user text (stored times: ``models.domain.wording``)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from models.domain.i18n import (
    SOURCE_LANGUAGE,
    current_language,
    format_short_date,
    month_abbreviation,
)
from models.domain.i18n import format_date as format_whole_date
from models.domain.money import fit_amount, format_compact, format_money
from tui.output import printable


class Money:
    """Formats cents in one database's currency and language."""

    def __init__(self, currency: str = "EUR", language: str = "en") -> None:
        self.currency = currency
        self.language = language

    def full(self, cents: int) -> str:
        """``€12,500.00`` / ``€ 12.500,00``."""
        return format_money(cents, self.currency, self.language)

    def whole(self, cents: int) -> str:
        """``€12,500`` / ``€ 12.500``: rounded to whole units."""
        return format_money(cents, self.currency, self.language, decimals=False)

    def short(self, cents: int) -> str:
        """``€12.5k`` / ``€ 1,2M``: for narrow places."""
        return format_compact(cents, self.currency, self.language)

    def fit(self, cents: int, width: int, *, whole: bool = True, coarse: bool = True) -> str | None:
        """The most exact amount that fits ``width`` cells: ``€26,500``, ``€26.5k``, ``€27k``.

        ``whole=False`` starts at the compact form, ``coarse=False`` stops before the last.
        None when none fits: an amount is never cut.
        """
        return fit_amount(cents, width, self.currency, self.language, whole=whole, coarse=coarse)


def session_money(currency: str) -> Money:
    """Amounts in the database's currency, written as the session's language writes them.

    The session's language (``--lang``, ``DEALBOARD_LANG``, the database's, the locale's;
    ``models.domain.language``), not the database's setting: ``--lang nl`` shows
    ``€ 12.500,00`` on an English database, as the inputs read and show amounts.
    """
    return Money(currency, current_language())


def safe(value: object, *, keep: str = "") -> str:
    """User text made safe for the terminal: control characters (but ``keep``) escaped."""
    return printable(value, keep=keep)


def plain(value: object, style: str = "") -> Text:
    """User text as a Rich Text that is never parsed as markup."""
    return Text(printable(value), style=style, no_wrap=True, overflow="ellipsis")


def day_and_month(value: dt.date) -> str:
    """``05 Dec`` / ``05 dec``: the day and the month's short name, in the session's language."""
    return f"{value.day:02d} {month_abbreviation(value.month)}"


def short_date(value: dt.date | None, today: dt.date) -> str:
    """``31 Dec`` / ``31 dec`` within this year, ``Dec '27`` / ``dec '27`` otherwise.

    Empty without a date. Month names are the session's language's (CLDR's, written out in
    ``models.domain.locale_facts``): Babel's ``dd MMM`` and ``MMM ''yy`` without its import.
    """
    if value is None:
        return ""
    return format_short_date(value, today)


def long_date(value: str | None) -> str:
    """A stored ISO date as the session's language writes it: ``2026-12-31`` / ``31-12-2026``."""
    if not value:
        return ""
    if current_language() == SOURCE_LANGUAGE:
        return value
    return format_whole_date(dt.date.fromisoformat(value))
