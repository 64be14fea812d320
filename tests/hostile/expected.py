"""What the rules say each hostile value becomes: the oracle of the hostile-input tests.

Written from the docs, independently of models/domain/validation.py: a value is
either stored as the function returns it, or REFUSED (with a message, nothing written).
``is_readable_message`` says what a person may be shown when a value is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
import zoneinfo
from typing import Any

REFUSED: Any = type("Refused", (), {"__repr__": lambda self: "REFUSED"})()

TEXT_LIMITS = {
    "title": 500,
    "organization": 200,
    "contact": 200,
    "owner": 200,
    "source": 200,
    "competitor": 200,
    "close_note": 5000,
    "note": 20000,
    "phase": 60,
    "reason": 100,
}
MULTILINE = frozenset({"note", "close_note"})
MAX_CENTS = 10**15


# The explicit bidi embeddings, overrides and isolates ("Trojan Source"): stored as typed,
# but a terminal that implements bidi reorders the rest of the line after one.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_control(char: str, *, multiline: bool = False) -> bool:
    """A character no field may hold: C0/C1 controls, line separators, lone surrogates."""
    if multiline and char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029"


# Refused in any text: the bidi embeddings and overrides, and the format characters that
# only steer invisible machinery (invisible operators, deprecated shaping controls,
# annotation marks, the language tag, musical beams). Isolates, joiners and marks are kept.
REFUSED_FORMAT = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e"
    "\u206f\ufff9\ufffa\ufffb\U000e0001"
) | {chr(code) for code in range(0x1D173, 0x1D17B)}
# Letters that draw nothing.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def draws_something(char: str) -> bool:
    """A character that is visible on its own (a required text needs one)."""
    invisible = ("Cc", "Cf", "Cs", "Mn", "Me", "Zs", "Zl", "Zp")
    return not (char.isspace() or unicodedata.category(char) in invisible or char in BLANK_LETTERS)


def expected_text(field: str, value: str, *, required: bool = False) -> Any:
    """Free text and names: trimmed; refused when empty or invisible (if required), too long,
    with controls, bidi embeddings or overrides, or invisible-only format characters.

    Notes and closing notes keep inner newlines and tabs; a CR LF in them becomes LF.
    """
    multiline = field in MULTILINE
    text = (value.replace("\r\n", "\n") if multiline else value).strip()
    if required and not text:
        return REFUSED
    if len(text) > TEXT_LIMITS[field]:
        return REFUSED
    if any(is_control(char, multiline=multiline) or char in REFUSED_FORMAT for char in text):
        return REFUSED
    if required and not any(draws_something(char) for char in text):
        return REFUSED
    return text


def expected_name(field: str, value: str, existing: list[str]) -> Any:
    """Phase and reason names: required text, unique without regard to case."""
    text = expected_text(field, value, required=True)
    if text is not REFUSED and text.casefold() in {name.casefold() for name in existing}:
        return REFUSED
    return text


def _ascii_digits(text: str) -> bool:
    return bool(text) and all("0" <= char <= "9" for char in text)


def expected_cents(value: str) -> Any:
    """An amount: ASCII digits, optionally ``.`` or ``,`` and one or two decimals; never negative.

    ``-0`` is zero; a minus before anything else is refused, as is more than ten trillion.
    """
    text = value.strip()
    negative = text.startswith("-")
    if negative:
        text = text[1:]
    whole, separator, decimals = text.replace(",", ".").partition(".")
    if "," in text and "." in text:
        return REFUSED
    if not _ascii_digits(whole) or (separator and not _ascii_digits(decimals)):
        return REFUSED
    if len(decimals) > 2 or len(whole.lstrip("0")) > 17:
        return REFUSED
    cents = int(whole) * 100 + int(decimals.ljust(2, "0"))
    if (negative and cents) or cents > MAX_CENTS:
        return REFUSED
    return cents


def expected_whole(value: str, low: int, high: int) -> Any:
    """A whole number of ASCII digits (leading zeros allowed) from ``low`` to ``high``."""
    text = value.strip()
    if not _ascii_digits(text) or len(text.lstrip("0")) > 6:
        return REFUSED
    number = int(text)
    return number if low <= number <= high else REFUSED


def expected_probability(value: str, *, empty_clears: bool = False) -> Any:
    """A probability, 0 to 100; for a deal's override an empty value clears it (None)."""
    if empty_clears and value == "":
        return None
    return expected_whole(value, 0, 100)


def expected_date(value: str) -> Any:
    """A date as ``YYYY-MM-DD`` (ASCII digits, a real day, years 1900-2999); empty is none."""
    text = value.strip()
    if not text:
        return None
    parts = text.split("-")
    if len(parts) != 3 or [len(part) for part in parts] != [4, 2, 2]:
        return REFUSED
    if not all(_ascii_digits(part) for part in parts):
        return REFUSED
    try:
        date = dt.date(*(int(part) for part in parts))
    except ValueError:
        return REFUSED
    return date.isoformat() if 1900 <= date.year <= 2999 else REFUSED


SETTING_KEYS = (
    "currency",
    "language",
    "require_reason_on_reject",
    "require_reason_on_accept",
    "stale_days",
    "timezone",
)
_YES = {"1", "true", "yes", "on", "ja"}
_NO = {"0", "false", "no", "off", "nee"}


@functools.cache
def _known_zones() -> dict[str, str]:
    """This machine's IANA zone names by their lower case (listing them reads ~600 files)."""
    names = zoneinfo.available_timezones() - {"localtime", "posixrules"}
    return {name.lower(): name for name in names}


def expected_setting(key: str, value: str) -> Any:
    """What ``setting set KEY VALUE`` stores: a normalised value, or REFUSED."""
    text = value.strip()
    if key == "currency":
        ascii_letters = len(text) == 3 and all(char.isascii() and char.isalpha() for char in text)
        return text.upper() if ascii_letters else REFUSED
    if key == "language":
        return text.lower() if text.lower() in ("en", "nl") else REFUSED
    if key == "stale_days":
        days = expected_whole(text, 1, 3650)
        return REFUSED if days is REFUSED else str(days)
    if key == "timezone":  # an IANA name this machine knows, in any case, ASCII only
        if not text or not text.isascii():
            return REFUSED
        return _known_zones().get(text.lower(), REFUSED)
    word = text.lower()
    return "1" if word in _YES else "0" if word in _NO else REFUSED


def is_readable_message(message: str) -> str | None:
    """Return what is wrong with an error message for a person, or None when it is fine.

    One line, under 300 characters, every character printable: a message that quotes a
    hostile value must escape it, never pass an escape sequence on to the terminal.
    """
    if not message:
        return "empty message"
    if len(message) >= 300:
        return f"{len(message)} characters long"
    if not message.isprintable():
        return "holds characters that are not printable (a raw control or format character)"
    if "Traceback" in message or "Error:" in message:
        return "leaks an exception"
    return None
