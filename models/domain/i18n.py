"""The language people read: translated messages (gettext) and numbers and dates (Babel).

One language is current for the whole process (``set_language``; the language resolver
calls it once at start-up). Each package keeps its own gettext catalog beside its code:
``models/locale/nl/LC_MESSAGES/models.po`` (the errors and messages of ``models/``) and
``tui/locale/nl/LC_MESSAGES/tui.po`` (the command line and the app). The compiled ``.mo``
files are committed beside them, so an install needs no compile step; a test keeps them
equal to their ``.po``. A ``Messages`` object looks its message up in the current language's
catalog at the moment it is called, so text built after ``set_language`` is in that language.

English is the source language: its messages are the code's own strings, with no catalog.
"""

from __future__ import annotations

import datetime as dt
import gettext as stdlib_gettext
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path

from models.domain.locale_facts import facts, grouped

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "nl")
# The Babel (CLDR) locale whose conventions each language follows.
LOCALES = {"en": "en_US", "nl": "nl_NL"}
# CLDR writes ``75%`` in Dutch; Dutch style (Taalunie) puts a space before the sign.
PERCENT_SIGNS = {"en": "%", "nl": " %"}

_current = SOURCE_LANGUAGE


def set_language(language: str) -> None:
    """Make ``language`` (``en`` or ``nl``) the language of every message from now on."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    _current = language


def current_language() -> str:
    """The language messages are shown in now: ``en`` or ``nl``."""
    return _current


class Messages:
    """The translated messages of one package: its gettext domain and catalog folder."""

    def __init__(self, domain: str, localedir: Path) -> None:
        self.domain = domain
        self.localedir = localedir
        self._loaded: dict[str, stdlib_gettext.NullTranslations] = {}

    def translations(self, language: str | None = None) -> stdlib_gettext.NullTranslations:
        """The catalog of ``language`` (default: the current one), read once."""
        language = language or _current
        found = self._loaded.get(language)
        if found is None:
            if language == SOURCE_LANGUAGE:
                found = stdlib_gettext.NullTranslations()
            else:
                path = self.localedir / language / "LC_MESSAGES" / f"{self.domain}.mo"
                with path.open("rb") as file:
                    found = stdlib_gettext.GNUTranslations(file)
            self._loaded[language] = found
        return found

    def gettext(self, message: str) -> str:
        """``message`` in the current language."""
        return self.translations().gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The singular or plural form for ``count``, by the current language's plural rule."""
        return self.translations().ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` in the current language, told apart from the same words elsewhere."""
        return self.translations().pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog where it is defined; ``_`` translates it where shown."""
    return message


MODELS = Messages("models", Path(__file__).resolve().parent.parent / "locale")
_ = MODELS.gettext
ngettext = MODELS.ngettext
pgettext = MODELS.pgettext


class Words(Mapping[str, str]):
    """A fixed table of words (a status's label, …) read in the current language.

    The source words are marked with ``N_`` where the table is made; each lookup
    translates, so code that indexes the table (``STATUS_LABELS["accepted"]``) reads the
    current language without a change.
    """

    def __init__(self, words: Mapping[str, str]) -> None:
        self._words = dict(words)

    def __getitem__(self, key: str) -> str:
        return MODELS.gettext(self._words[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


def babel_locale(language: str | None = None) -> str:
    """The Babel locale name for ``language`` (default: the current one)."""
    return LOCALES[language or _current]


def format_number(
    value: float | Decimal | int, *, decimals: int = 0, language: str | None = None
) -> str:
    """A number grouped and with the language's decimal sign: ``12,500.5`` / ``12.500,5``."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=babel_locale(language))


def format_measure(value: float | int | None, *, language: str | None = None) -> str:
    """A measured number such as average days: ``30.1`` / ``30,1``; a dash for None.

    English shows the number as Python writes it, as the command line always did.
    """
    if value is None:
        return "–"
    language = language or _current
    if language == SOURCE_LANGUAGE:
        return str(value)
    from babel.numbers import format_decimal

    return format_decimal(value, "#,##0.###", locale=babel_locale(language))


def format_percent(
    fraction: float | Decimal, *, decimals: int = 0, language: str | None = None
) -> str:
    """A fraction as a percentage: ``75%`` in English, ``75 %`` in Dutch; ``decimals`` fixed."""
    from babel.numbers import format_percent as babel_percent

    fraction_digits = "." + "0" * decimals if decimals else ""
    pattern = f"#,##0{fraction_digits}{PERCENT_SIGNS[language or _current]}"
    return babel_percent(fraction, pattern, locale=babel_locale(language))


def format_rate(rate: float, *, decimals: int = 1, language: str | None = None) -> str:
    """A rate 0–1 as a percentage: ``48.5%`` / ``48,5 %``.

    Rounded as ``f"{rate * 100:.1f}"`` rounds (the binary value, half to even), so English
    output is what it always was; Babel only writes the rounded number in the language.
    """
    rounded = Decimal(f"{rate * 100:.{decimals}f}") / 100
    return format_percent(rounded, decimals=decimals, language=language)


def format_whole_percent(percent: int, *, language: str | None = None) -> str:
    """A whole percentage such as a phase's probability: ``75%`` / ``75 %``.

    Written from the language's signs (``models.domain.locale_facts``), as Babel writes it
    with ``format_percent``'s pattern: every column header of the board's first frame shows
    one, and Babel's import is not needed for that.
    """
    language = language or _current
    locale = babel_locale(language)
    sign = PERCENT_SIGNS[language].replace("%", facts(locale).percent)
    return grouped(percent, locale) + sign


def month_abbreviation(month: int, language: str | None = None) -> str:
    """The month's short name: ``Jan`` in English, ``jan`` in Dutch (CLDR's names)."""
    if not 1 <= month <= 12:
        raise KeyError(month)  # as Babel's table of names answered
    return facts(babel_locale(language)).months[month - 1]


def format_short_date(value: dt.date, today: dt.date, language: str | None = None) -> str:
    """``31 Dec`` / ``31 dec`` within ``today``'s year, ``Dec '27`` / ``dec '27`` otherwise."""
    month = month_abbreviation(value.month, language)
    if value.year == today.year:
        return f"{value.day:02d} {month}"
    return f"{month} '{value.year % 100:02d}"


def format_date(value: dt.date, language: str | None = None) -> str:
    """A whole date as people write it: ``2027-01-31`` in English, ``31-01-2027`` in Dutch."""
    if (language or _current) == "nl":
        return value.strftime("%d-%m-%Y")
    return value.isoformat()
