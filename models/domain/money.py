"""Money display: integer cents shown in the database's currency and language."""

from __future__ import annotations

CURRENCY_SYMBOLS: dict[str, str] = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def format_money(
    cents: int, currency: str = "EUR", lang: str = "en", *, decimals: bool = True
) -> str:
    """Format cents for people: ``€ 12.500,00`` in Dutch, ``€12,500.00`` in English.

    ``decimals=False`` rounds to whole units for tight places such as column headers.
    """
    negative = cents < 0
    cents = abs(cents)
    if decimals:
        whole, frac = divmod(cents, 100)
    else:
        whole, frac = (cents + 50) // 100, 0
    grouped = f"{whole:,}"
    if lang == "nl":
        grouped = grouped.replace(",", ".")
        number = f"{grouped},{frac:02d}" if decimals else grouped
    else:
        number = f"{grouped}.{frac:02d}" if decimals else grouped
    symbol = CURRENCY_SYMBOLS.get(currency)
    sign = "-" if negative else ""
    if symbol is None:
        return f"{sign}{currency} {number}"
    if lang == "nl":
        return f"{sign}{symbol} {number}"
    return f"{sign}{symbol}{number}"


def format_compact(cents: int, currency: str = "EUR", lang: str = "en") -> str:
    """Format a large amount short, for column headers: ``€1.2M``, ``€ 350k``."""
    units = cents / 100
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    space = " " if lang == "nl" and currency in CURRENCY_SYMBOLS else ""
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(units) >= limit:
            text = f"{units / limit:.1f}".rstrip("0").rstrip(".")
            if lang == "nl":
                text = text.replace(".", ",")
            return f"{symbol}{space}{text}{suffix}"
    return format_money(cents, currency, lang, decimals=False)
