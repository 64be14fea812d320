"""Money display: integer cents shown in the database's currency and language."""

from __future__ import annotations

from models.domain.i18n import LOCALES
from models.domain.locale_facts import facts

CURRENCY_SYMBOLS: dict[str, str] = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def number_symbols(lang: str) -> tuple[str, str]:
    """The language's thousands and decimal signs from its locale: ``,`` ``.`` / ``.`` ``,``.

    From the table of ``models.domain.locale_facts`` (held to Babel's answers by its test),
    so a board of thousands of amounts formats them at the speed of an f-string and its
    first frame needs no Babel.
    """
    known = facts(LOCALES.get(lang, LOCALES["en"]))
    return known.group, known.decimal


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
    group, decimal = number_symbols(lang)
    grouped = f"{whole:,}".replace(",", group)
    number = f"{grouped}{decimal}{frac:02d}" if decimals else grouped
    symbol = CURRENCY_SYMBOLS.get(currency)
    sign = "-" if negative else ""
    if symbol is None:
        return f"{sign}{currency} {number}"
    if lang == "nl":
        return f"{sign}{symbol} {number}"
    return f"{sign}{symbol}{number}"


def format_compact(
    cents: int, currency: str = "EUR", lang: str = "en", *, decimals: bool = True
) -> str:
    """Format a large amount short, for narrow places: ``€1.2M``, ``€ 350k``, ``€26.5k``.

    One decimal at most (dropped when it is zero). ``decimals=False`` rounds 10 and more
    thousands or millions to whole ones (``€27k``) for the narrowest places; below 10 the
    decimal stays (``€2M`` for 1.5 million would be a third off). Below a thousand the whole
    amount; 999,960 is ``€1M``, never ``€1000k``.
    """
    symbol = CURRENCY_SYMBOLS.get(currency, currency + " ")
    space = " " if lang == "nl" and currency in CURRENCY_SYMBOLS else ""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    scales = ((10**11, "B"), (10**8, "M"), (10**5, "k"))  # in cents
    for index, (limit, suffix) in enumerate(scales):
        if cents < limit:
            continue
        text = _scaled(cents, limit, decimals)
        if text.startswith("1000") and index > 0:  # rounded up into the next unit
            limit, suffix = scales[index - 1]
            text = _scaled(cents, limit, decimals)
        text = text.replace(".", number_symbols(lang)[1])
        return f"{sign}{symbol}{space}{text}{suffix}"
    return format_money(-cents if sign else cents, currency, lang, decimals=False)


def _scaled(cents: int, unit: int, decimals: bool) -> str:
    """``26.5``, ``6`` (not ``6.0``); without decimals ``27`` from 10 on; half up."""
    if not decimals and cents >= 10 * unit:
        return str((cents + unit // 2) // unit)
    tenths = (cents * 10 + unit // 2) // unit
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth}" if tenth else str(whole)


def amount_forms(
    cents: int,
    currency: str = "EUR",
    lang: str = "en",
    *,
    whole: bool = True,
    coarse: bool = True,
) -> list[str]:
    """The ways to show an amount without cents, most exact first, each one shorter.

    ``€26,500``, ``€26.5k``, ``€27k``: ``whole=False`` leaves out the first, ``coarse=False``
    the last. A form no shorter than the one before it is left out.
    """
    forms = [format_compact(cents, currency, lang)]
    if whole:
        forms.insert(0, format_money(cents, currency, lang, decimals=False))
    if coarse:
        forms.append(format_compact(cents, currency, lang, decimals=False))
    shown: list[str] = []
    for form in forms:
        if not shown or len(form) < len(shown[-1]):
            shown.append(form)
    return shown


def fit_amount(
    cents: int,
    width: int,
    currency: str = "EUR",
    lang: str = "en",
    *,
    whole: bool = True,
    coarse: bool = True,
) -> str | None:
    """The most exact form of ``amount_forms`` that fits ``width`` characters, else None.

    A cut amount is a wrong amount: a place too narrow for every form shows none.
    """
    for form in amount_forms(cents, currency, lang, whole=whole, coarse=coarse):
        if len(form) <= width:
            return form
    return None
