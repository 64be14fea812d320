"""How the app shows money, dates and user text (stored times: ``models.domain.wording``)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from models.domain.i18n import current_language
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


def short_date(value: dt.date | None, today: dt.date) -> str:
    """``31 Dec`` within this year, ``Dec '27`` otherwise; empty without a date."""
    if value is None:
        return ""
    if value.year == today.year:
        return value.strftime("%d %b")
    return value.strftime("%b '%y")
