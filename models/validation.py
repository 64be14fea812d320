"""Parse and check user input: names, free text, probabilities, money and dates.

Every function either returns the clean value or raises ``ValidationError`` naming the field
and saying in one sentence what is wrong, so the command line, the forms and the CSV import
all refuse bad input with the same words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from models.errors import ValidationError

MAX_CENTS = 10**15  # ten trillion in any currency: far beyond any deal, far inside int64
# ASCII digits only: ``\d`` would also take Arabic-Indic, fullwidth and other digits, which
# ``int()`` reads but dates and the CSV's timestamps do not, so one kind of digit everywhere.
_MONEY_RE = re.compile(r"([0-9]+)(?:[.,]([0-9]{1,2}))?")
_INT_RE = re.compile(r"[0-9]+")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SHOWN_CHARS = 40  # how much of a refused value a message quotes

FIELD_LIMITS: dict[str, int] = {
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
MULTILINE_FIELDS = frozenset({"note", "close_note"})

LABELS: dict[str, str] = {
    "title": "Title",
    "organization": "Organization",
    "contact": "Contact",
    "owner": "Owner",
    "source": "Source",
    "competitor": "Competitor",
    "close_note": "Closing note",
    "note": "Note",
    "phase": "Phase name",
    "reason": "Reason name",
    "value": "Value",
    "probability": "Probability",
    "expected_close": "Expected close",
}


def label(field: str) -> str:
    """Return the human name of a field for messages."""
    return LABELS.get(field, field.replace("_", " ").capitalize())


def cut(text: str) -> str:
    """Cut ``text`` to SHOWN_CHARS characters (with an ellipsis) for a message."""
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def shown(value: object) -> str:
    """Quote a refused value for a message: cut short, control characters escaped.

    ``repr`` escapes every character that is not printable (escape codes, NUL, bidi
    overrides, lone surrogates), and the cut keeps a pasted novel out of a one-line message.
    """
    return repr(cut(value) if isinstance(value, str) else value)


def whole_number(value: object, digits: int = 18) -> int | None:
    """Return ``value`` as an int if it is one, or ASCII digits (at most ``digits``); else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INT_RE.fullmatch(text) and len(text.lstrip("0")) <= digits:
            return int(text)
    return None


def _control_char(text: str, multiline: bool) -> str | None:
    for char in text:
        if multiline and char in "\n\t":
            continue
        category = unicodedata.category(char)
        if category == "Cc" or char in "\u2028\u2029":
            return char
    return None


def clean_text(field: str, value: object, *, required: bool = False) -> str:
    """Trim a free-text field and check its length and characters.

    Control characters (escape codes, NUL, carriage returns) are refused: they would corrupt
    a terminal and cannot be typed by a person on purpose. Notes may hold newlines and tabs.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, f"{label(field)} must be text.")
    text = value.replace("\r\n", "\n") if field in MULTILINE_FIELDS else value
    text = text.strip()
    if required and not text:
        raise ValidationError(field, f"{label(field)} cannot be empty.")
    limit = FIELD_LIMITS.get(field, 200)
    if len(text) > limit:
        raise ValidationError(
            field, f"{label(field)} is {len(text)} characters long; the limit is {limit}."
        )
    bad = _control_char(text, field in MULTILINE_FIELDS)
    if bad is not None:
        raise ValidationError(
            field,
            f"{label(field)} contains a control character (U+{ord(bad):04X}); remove it.",
        )
    if any(unicodedata.category(char) == "Cs" for char in text):
        raise ValidationError(field, f"{label(field)} contains an invalid character.")
    return text


def clean_name(field: str, value: object) -> str:
    """Check a phase or reason name: trimmed, not empty, within its limit, printable."""
    return clean_text(field, value, required=True)


def parse_probability(value: object, field: str = "probability") -> int:
    """Parse a win probability: a whole number from 0 to 100, without a % sign."""
    if isinstance(value, bool):
        raise ValidationError(field, "Probability must be a whole number from 0 to 100.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
        digits = value.strip().lstrip("0") or "0"
        if len(digits) > 3:
            raise ValidationError(field, f"Probability {shown(value)} is not between 0 and 100.")
        number = int(digits)
    else:
        quoted = shown(value if isinstance(value, str) else repr(value))
        hint = " (leave out the % sign)" if isinstance(value, str) and "%" in value else ""
        raise ValidationError(
            field, f"Probability must be a whole number from 0 to 100, not {quoted}{hint}."
        )
    if not 0 <= number <= 100:
        raise ValidationError(field, f"Probability {number} is not between 0 and 100.")
    return number


def parse_money(value: object, field: str = "value") -> int:
    """Parse an amount into integer cents: digits with ``.`` or ``,`` and up to two decimals.

    Thousands separators are refused because ``12.500`` is ambiguous between languages.
    """
    if isinstance(value, bool):
        raise ValidationError(field, "Value must be an amount like 12500.00.")
    if isinstance(value, int):
        cents = value * 100
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(field, "Value must be a finite amount.")
        quantized = value * 100
        if quantized != quantized.to_integral_value():
            raise ValidationError(field, "Value can have at most two decimals.")
        cents = int(quantized)
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("-") and _MONEY_RE.fullmatch(text[1:]):
            if any(c not in "0.," for c in text[1:]):
                raise ValidationError(field, f"Value cannot be negative ({cut(text)}).")
            text = text[1:]
        match = _MONEY_RE.fullmatch(text)
        if not match:
            raise ValidationError(
                field,
                f"Value {shown(value)} is not an amount; write digits with at most two decimals"
                " and no thousands separator, like 12500.00 or 12500,00.",
            )
        whole, frac = match.group(1).lstrip("0") or "0", (match.group(2) or "").ljust(2, "0")
        if len(whole) > 16:  # checked before int(), which refuses over 4,300 digits
            raise ValidationError(field, f"Value {shown(value)} is too large.")
        cents = int(whole) * 100 + int(frac)
    else:
        raise ValidationError(field, f"Value must be an amount, not {shown(value)}.")
    if cents < 0:
        raise ValidationError(field, "Value cannot be negative.")
    if cents > MAX_CENTS:
        raise ValidationError(field, "Value is too large.")
    return cents


def cents_to_decimal_string(cents: int) -> str:
    """Render cents as an exact plain decimal with two decimals: 1250000 → '12500.00'."""
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


def parse_date(value: object, field: str = "expected_close") -> dt.date | None:
    """Parse an ISO date (YYYY-MM-DD); an empty value means no date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValidationError(field, f"{label(field)} must be a date like 2026-12-31.")
    text = value.strip()
    if not text:
        return None
    if not _DATE_RE.fullmatch(text):
        raise ValidationError(
            field, f"{label(field)} {shown(value)} is not a date; write it as YYYY-MM-DD."
        )
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, f"{label(field)} {text} is not a real date.") from None
    if not 1900 <= parsed.year <= 2999:
        raise ValidationError(field, f"{label(field)} {text} is out of range.")
    return parsed


def parse_int_id(value: object, what: str) -> int | None:
    """Return ``value`` as a positive id if it looks like one, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INT_RE.fullmatch(value.strip()) and len(value.strip()) < 19:
        return int(value.strip())
    return None
