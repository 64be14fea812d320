"""Parse and check user input: names, free text, probabilities, money and dates.

Every function either returns the clean value or raises ``ValidationError`` naming the field
and saying in one sentence what is wrong, so the command line, the forms and the CSV import
all refuse bad input with the same words.

Which characters free text may hold is decided here, per class, and nowhere else:

* Kept, stored and shown in inputs exactly as typed, because real writing needs them: the
  zero-width joiner and non-joiner (Sinhala ``ශ්‍රී``, Indic conjuncts, emoji sequences such
  as 👩‍💻), variation selectors and emoji tags (flags), the left-to-right, right-to-left
  and Arabic letter marks, the bidi isolates U+2066–U+2069 (they confine their effect to
  the isolated text), the zero-width space, word joiner, zero-width no-break space, soft
  hyphen, and the number signs of Arabic, Syriac and Kaithi.
* Refused on input, with a sentence naming the character: C0 and C1 control characters
  (escape sequences, NUL, carriage returns; notes may hold newlines and tabs), the line
  and paragraph separators, lone surrogates, the bidi embeddings and overrides
  U+202A–U+202E (they reorder the text around them: "Trojan Source"), and the format
  controls that only steer invisible machinery (U+2061–U+2064 invisible operators,
  U+206A–U+206F deprecated shaping controls, U+FFF9–U+FFFB annotation marks, the language
  tag U+E0001, the musical beam and slur controls U+1D173–U+1D17A).
* A required text (a title, a phase or reason name) must hold at least one visible
  character: white space, format characters, combining marks alone and the letters that
  draw nothing (the Hangul fillers, the Braille blank) do not count.

Screens may still escape characters when they *display* text (a card, a label, a table),
where a bidi control could reorder the terminal's line; an input always holds the real
value, so what is saved is what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from models.domain.errors import ValidationError
from models.domain.i18n import N_, _
from models.domain.wording import field_label

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
    "next_step": 200,
    "close_note": 5000,
    "note": 20000,
    "phase": 60,
    "reason": 100,
}
MULTILINE_FIELDS = frozenset({"note", "close_note"})

# Input checks see a phase's or a reason's name under the field "phase" or "reason".
_NAME_FIELDS = {"phase": "phase_name", "reason": "reason_name"}


def label(field: str) -> str:
    """Return the human name of a field for messages (``models.domain.wording``'s labels)."""
    return field_label(_NAME_FIELDS.get(field, field))


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


BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e")
# Format characters (category Cf) refused as steering only invisible machinery; every other
# format character is kept (see the module's docstring).
REFUSED_FORMAT = frozenset(
    "\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f\ufff9\ufffa\ufffb"
    "\U000e0001\U0001d173\U0001d174\U0001d175\U0001d176\U0001d177\U0001d178\U0001d179"
    "\U0001d17a"
)
# Letters that draw nothing: a name of only these is as empty as one of spaces.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def refused_character(char: str, *, multiline: bool = False) -> str | None:
    """What kind of character ``char`` is if free text may not hold it, else None.

    The answer completes "contains …": "a control character", "a bidi embedding or override".
    """
    if multiline and char in "\n\t":
        return None
    category = unicodedata.category(char)
    if category == "Cc" or char in "\u2028\u2029":
        return N_("a control character")
    if category == "Cs":
        return N_("an invalid character")
    if char in BIDI_OVERRIDES:
        return N_("a bidi embedding or override")
    if char in REFUSED_FORMAT:
        return N_("an invisible formatting character")
    return None


def is_visible(char: str) -> bool:
    """Whether a character draws something on its own (see the module's docstring)."""
    return not (
        char.isspace()
        or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Mn", "Me", "Zl", "Zp", "Zs")
        or char in BLANK_LETTERS
    )


def printable(text: str, *, multiline: bool = False) -> bool:
    """Whether ``text`` is plainly printable: then it holds no character refused above.

    Every refused character is a control, surrogate, format or line/paragraph separator,
    none of which ``str.isprintable`` accepts (newlines and tabs aside in multiline text), so
    a printable text needs no look at each character (a long note: a hundred times faster).
    """
    if multiline:
        text = text.replace("\n", "").replace("\t", "")
    return text.isprintable()


def _refused(field: str, text: str) -> ValidationError | None:
    """The error for the first character ``text`` may not hold, or None."""
    multiline = field in MULTILINE_FIELDS
    if printable(text, multiline=multiline):
        return None
    for char in text:
        kind = refused_character(char, multiline=multiline)
        if kind is None:
            continue
        if kind == "an invalid character":
            return ValidationError(
                field,
                _("{label_field} contains an invalid character.").format(label_field=label(field)),
            )
        name = unicodedata.name(char, "")
        code = f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"
        return ValidationError(
            field,
            _("{label_field} contains {kind} ({code}); remove it.").format(
                label_field=label(field), kind=_(kind), code=code
            ),
        )
    return None


def clean_text(field: str, value: object, *, required: bool = False) -> str:
    """Trim a free-text field and check its length and characters.

    Which characters are refused and which are kept is the module docstring's list. A
    required field must hold a visible character. Notes may hold newlines and tabs.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(
            field, _("{label_field} must be text.").format(label_field=label(field))
        )
    text = value.replace("\r\n", "\n") if field in MULTILINE_FIELDS else value
    text = text.strip()
    if required and not text:
        raise ValidationError(
            field, _("{label_field} cannot be empty.").format(label_field=label(field))
        )
    limit = FIELD_LIMITS.get(field, 200)
    if len(text) > limit:
        raise ValidationError(
            field,
            _("{label_field} is {len_text} characters long; the limit is {limit}.").format(
                label_field=label(field), len_text=len(text), limit=limit
            ),
        )
    error = _refused(field, text)
    if error is not None:
        raise error
    if required and not any(is_visible(char) for char in text):
        raise ValidationError(
            field,
            _("{label_field} shows no visible character; type one that can be read.").format(
                label_field=label(field)
            ),
        )
    return text


def clean_name(field: str, value: object) -> str:
    """Check a phase or reason name: trimmed, not empty, within its limit, printable."""
    return clean_text(field, value, required=True)


def parse_probability(value: object, field: str = "probability") -> int:
    """Parse a win probability: a whole number from 0 to 100, without a % sign."""
    if isinstance(value, bool):
        raise ValidationError(field, _("Probability must be a whole number from 0 to 100."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
        digits = value.strip().lstrip("0") or "0"
        if len(digits) > 3:
            raise ValidationError(
                field,
                _("Probability {shown_value} is not between 0 and 100.").format(
                    shown_value=shown(value)
                ),
            )
        number = int(digits)
    else:
        quoted = shown(value if isinstance(value, str) else repr(value))
        hint = " (leave out the % sign)" if isinstance(value, str) and "%" in value else ""
        raise ValidationError(
            field,
            _("Probability must be a whole number from 0 to 100, not {quoted}{hint}.").format(
                quoted=quoted, hint=hint
            ),
        )
    if not 0 <= number <= 100:
        raise ValidationError(
            field, _("Probability {number} is not between 0 and 100.").format(number=number)
        )
    return number


def parse_money(value: object, field: str = "value") -> int:
    """Parse an amount into integer cents: digits with ``.`` or ``,`` and up to two decimals.

    Thousands separators are refused because ``12.500`` is ambiguous between languages.
    """
    if isinstance(value, bool):
        raise ValidationError(field, _("Value must be an amount like 12500.00."))
    if isinstance(value, int):
        cents = value * 100
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(field, _("Value must be a finite amount."))
        quantized = value * 100
        if quantized != quantized.to_integral_value():
            raise ValidationError(field, _("Value can have at most two decimals."))
        cents = int(quantized)
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("-") and _MONEY_RE.fullmatch(text[1:]):
            if any(c not in "0.," for c in text[1:]):
                raise ValidationError(
                    field, _("Value cannot be negative ({cut_text}).").format(cut_text=cut(text))
                )
            text = text[1:]
        match = _MONEY_RE.fullmatch(text)
        if not match:
            raise ValidationError(
                field,
                _(
                    "Value {shown_value} is not an amount; write digits with at most two decimals and no thousands separator, like 12500.00 or 12500,00."
                ).format(shown_value=shown(value)),
            )
        whole, frac = match.group(1).lstrip("0") or "0", (match.group(2) or "").ljust(2, "0")
        if len(whole) > 16:  # checked before int(), which refuses over 4,300 digits
            raise ValidationError(
                field, _("Value {shown_value} is too large.").format(shown_value=shown(value))
            )
        cents = int(whole) * 100 + int(frac)
    else:
        raise ValidationError(
            field, _("Value must be an amount, not {shown_value}.").format(shown_value=shown(value))
        )
    if cents < 0:
        raise ValidationError(field, _("Value cannot be negative."))
    if cents > MAX_CENTS:
        raise ValidationError(field, _("Value is too large."))
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
        raise ValidationError(
            field,
            _("{label_field} must be a date like 2026-12-31.").format(label_field=label(field)),
        )
    text = value.strip()
    if not text:
        return None
    if not _DATE_RE.fullmatch(text):
        raise ValidationError(
            field,
            _("{label_field} {shown_value} is not a date; write it as YYYY-MM-DD.").format(
                label_field=label(field), shown_value=shown(value)
            ),
        )
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            field,
            _("{label_field} {text} is not a real date.").format(
                label_field=label(field), text=text
            ),
        ) from None
    if not 1900 <= parsed.year <= 2999:
        raise ValidationError(
            field,
            _("{label_field} {text} is out of range.").format(label_field=label(field), text=text),
        )
    return parsed


def parse_int_id(value: object, what: str) -> int | None:
    """Return ``value`` as a positive id if it looks like one, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INT_RE.fullmatch(value.strip()) and len(value.strip()) < 19:
        return int(value.strip())
    return None
