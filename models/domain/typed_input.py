"""What people may type for an amount, a date or a status, in the language of their screens.

The operations take one neutral form (``models.domain.validation``: ``12500.00``, ISO dates,
the stored status words); CSV files, JSON and scripts use it too. People type the forms of
their own language, so the command line and the forms read what was typed here, with the
session's language given as a parameter, and hand the operations the neutral form:

* English: the neutral forms as before (``12500.00``, ``12500,00``), commas between thousands
  (``12,500.00``, ``12,500``) and a leading currency sign (``€12,500.00``); ISO dates; the
  stored status words (``open``, ``accepted``, ``rejected``).
* Dutch: a dot between thousands and a decimal comma (``12.500,00``, ``12500,00``,
  ``12.500``, ``€ 12.500,00``, ``12.500,-``), and the plain ``12500.00`` (a dot before one
  or two digits cannot be a thousands separator); dates ``31-01-2027``, ``31-1-2027`` and
  ISO ``2027-01-31``; the statuses ``open``, ``geaccepteerd``, ``gewonnen``, ``afgewezen``,
  ``verloren`` besides the stored words.

The neutral form means the same in both languages. The one text whose meaning depends on the
language is a dot before three digits: ``12.500`` is twelve thousand five hundred in Dutch
and refused in English (an amount has at most two decimals).

Each message is one string constant with ``{placeholders}``, marked with ``N_`` and translated
when raised, so it is said whole in the session's language.
"""

from __future__ import annotations

import datetime as dt
import re

from models.domain.errors import ValidationError
from models.domain.i18n import N_, _
from models.domain.money import CURRENCY_SYMBOLS
from models.domain.status import APPLIES_TO, STATUS_FILTERS, AppliesTo, Status, StatusFilter
from models.domain.validation import (
    cents_to_decimal_string,
    label,
    parse_date,
    parse_money,
    shown,
)

DUTCH = "nl"

# A currency sign or code before an amount, as the screens show one: "€ 12.500,00", "€12,500.00".
_CURRENCY_RE = re.compile(
    "(?:"
    + "|".join(re.escape(s) for s in (*CURRENCY_SYMBOLS.values(), *CURRENCY_SYMBOLS))
    + r")\s*"
)
# The neutral form (``models.domain.validation``): digits, ``.`` or ``,``, up to two decimals.
_NEUTRAL_RE = re.compile(r"([0-9]+)(?:[.,]([0-9]{1,2}))?")
# English: commas between groups of three digits, a decimal point.
_ENGLISH_RE = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+)(?:\.([0-9]{1,2}))?")
# Dutch: dots between groups of three, a decimal comma; ",-" (or ",--") is a whole amount.
_DUTCH_RE = re.compile(r"([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]{1,2}|-{1,2}))?")
# The plain form with a decimal point, read in Dutch too: a dot before 1 or 2 digits.
_POINT_RE = re.compile(r"([0-9]+)\.([0-9]{1,2})")
_DUTCH_DATE_RE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")

NOT_AN_AMOUNT_EN = N_(
    "Value {value} is not an amount; write digits with at most two decimals, like 12500.00,"
    " 12,500.00 or 12500,00."
)
NOT_AN_AMOUNT_NL = N_(
    "Value {value} is not an amount; write it like 12.500,00, 12500,00 or 12.500 (dots"
    " between thousands, a comma before the cents, at most two decimals)."
)
NOT_A_DATE_NL = N_(
    "{label} {value} is not a date; write it as 31-01-2027, 31-1-2027 or 2027-01-31."
)
NOT_A_REAL_DATE = N_("{label} {value} is not a real date.")
DATE_OUT_OF_RANGE = N_("{label} {value} is out of range.")
NOT_A_STATUS_EN = N_("Status {value} is not one of open, accepted, rejected.")
NOT_A_STATUS_NL = N_(
    "Status {value} is not one of open, geaccepteerd (gewonnen), afgewezen (verloren);"
    " accepted and rejected are read too."
)
NOT_APPLIES_TO_EN = N_("A reason applies to accepted, rejected or both, not {value}.")
NOT_APPLIES_TO_NL = N_(
    "A reason applies to geaccepteerd (gewonnen), afgewezen (verloren) or beide, not {value};"
    " accepted, rejected and both are read too."
)
NOT_A_FILTER_EN = N_("Status {value} is not one of open, accepted, rejected, all.")
NOT_A_FILTER_NL = N_(
    "Status {value} is not one of open, geaccepteerd (gewonnen), afgewezen (verloren), alle;"
    " accepted, rejected and all are read too."
)

# Dutch words for a status, or for "all" in a status filter; the stored words are read too.
DUTCH_STATUS_WORDS: dict[str, Status] = {
    Status.OPEN.value: Status.OPEN,  # the same word in Dutch
    "geaccepteerd": Status.ACCEPTED,
    "gewonnen": Status.ACCEPTED,
    "afgewezen": Status.REJECTED,
    "verloren": Status.REJECTED,
}
DUTCH_FILTER_WORDS: dict[str, StatusFilter] = {
    **{word: StatusFilter(status.value) for word, status in DUTCH_STATUS_WORDS.items()},
    "alle": StatusFilter.ALL,
}
DUTCH_APPLIES_WORDS: dict[str, AppliesTo] = {
    "geaccepteerd": AppliesTo.ACCEPTED,
    "gewonnen": AppliesTo.ACCEPTED,
    "afgewezen": AppliesTo.REJECTED,
    "verloren": AppliesTo.REJECTED,
    "beide": AppliesTo.BOTH,
}


def _sign_and_body(text: str) -> tuple[str, str]:
    """Split a leading minus sign and currency sign (in either order) off an amount."""
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:].lstrip()
    match = _CURRENCY_RE.match(text)
    if match:
        text = text[match.end() :]
        if not sign and text.startswith("-"):
            sign, text = "-", text[1:].lstrip()
    return sign, text


def neutral_amount(text: str, lang: str) -> str | None:
    """The neutral form of an amount typed in ``lang``, or None when it is not one.

    ``12.500,00`` in Dutch is ``12500.00``; ``12,500.00`` in English is too. A minus sign is
    kept, for the neutral parser to refuse in its own words.
    """
    sign, body = _sign_and_body(text.strip())
    if lang == DUTCH:
        match = _DUTCH_RE.fullmatch(body)
        if match:
            frac = match.group(2) or ""
            frac = "" if frac.startswith("-") else frac
            whole = match.group(1).replace(".", "")
            return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"
        match = _POINT_RE.fullmatch(body)
        return f"{sign}{body}" if match else None
    match = _ENGLISH_RE.fullmatch(body)
    if match:
        whole, frac = match.group(1).replace(",", ""), match.group(2)
        return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"
    return f"{sign}{body}" if _NEUTRAL_RE.fullmatch(body) else None


def parse_amount(value: object, lang: str, field: str = "value") -> int:
    """Parse an amount typed in ``lang`` (``en`` or ``nl``) into integer cents.

    Numbers and Decimals go to the neutral parser as they are. A refused text gets the
    sentence that lists the forms ``lang`` reads.
    """
    if not isinstance(value, str):
        return parse_money(value, field)
    neutral = neutral_amount(value, lang)
    if neutral is None:
        template = NOT_AN_AMOUNT_NL if lang == DUTCH else NOT_AN_AMOUNT_EN
        raise ValidationError(field, _(template).format(value=shown(value)))
    return parse_money(neutral, field)


def amount_input(cents: int, lang: str) -> str:
    """An amount as an input shows it to be edited: ``12500.00``, in Dutch ``12.500,00``.

    Exact (every cent kept) and read back by ``parse_amount`` in the same language.
    """
    if lang != DUTCH:
        return cents_to_decimal_string(cents)
    whole, frac = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{whole:,}".replace(",", ".") + f",{frac:02d}"


def parse_day(value: object, lang: str, field: str = "expected_close") -> dt.date | None:
    """Parse a date typed in ``lang``; an empty value means no date.

    ISO ``2027-01-31`` in both languages; in Dutch also ``31-01-2027`` and ``31-1-2027``.
    """
    if lang != DUTCH or not isinstance(value, str):
        return parse_date(value, field)
    text = value.strip()
    match = _DUTCH_DATE_RE.fullmatch(text)
    if match is None:
        try:
            return parse_date(text, field)
        except ValidationError:
            raise ValidationError(
                field, _(NOT_A_DATE_NL).format(label=label(field), value=shown(value))
            ) from None
    day, month, year = (int(part) for part in match.groups())
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        raise ValidationError(
            field, _(NOT_A_REAL_DATE).format(label=label(field), value=text)
        ) from None
    if not 1900 <= parsed.year <= 2999:  # the neutral parser's range
        raise ValidationError(field, _(DATE_OUT_OF_RANGE).format(label=label(field), value=text))
    return parsed


def date_input(day: dt.date | None, lang: str) -> str:
    """A date as an input shows it to be edited: ``2027-01-31``, in Dutch ``31-01-2027``."""
    if day is None:
        return ""
    return day.strftime("%d-%m-%Y") if lang == DUTCH else day.isoformat()


def parse_status(value: str, lang: str) -> Status:
    """Parse a status typed in ``lang``: the stored words, in Dutch also the Dutch ones."""
    word = value.strip().casefold()
    if word in {status.value for status in Status}:
        return Status(word)
    if lang == DUTCH and word in DUTCH_STATUS_WORDS:
        return DUTCH_STATUS_WORDS[word]
    template = NOT_A_STATUS_NL if lang == DUTCH else NOT_A_STATUS_EN
    raise ValidationError("status", _(template).format(value=shown(value)))


def parse_status_filter(value: str, lang: str) -> StatusFilter:
    """Parse which deals a list shows: a status or ``all`` (in Dutch also ``alle``)."""
    word = value.strip().casefold()
    if word in STATUS_FILTERS:
        return StatusFilter(word)
    if lang == DUTCH and word in DUTCH_FILTER_WORDS:
        return DUTCH_FILTER_WORDS[word]
    template = NOT_A_FILTER_NL if lang == DUTCH else NOT_A_FILTER_EN
    raise ValidationError("status", _(template).format(value=shown(value)))


def parse_applies_to(value: str, lang: str) -> AppliesTo:
    """Parse which outcome a reason explains: accepted, rejected or both (Dutch words too)."""
    word = value.strip().casefold()
    if word in APPLIES_TO:
        return AppliesTo(word)
    if lang == DUTCH and word in DUTCH_APPLIES_WORDS:
        return DUTCH_APPLIES_WORDS[word]
    template = NOT_APPLIES_TO_NL if lang == DUTCH else NOT_APPLIES_TO_EN
    raise ValidationError("applies_to", _(template).format(value=shown(value)))


def status_words(lang: str, *, filters: bool = False) -> tuple[str, ...]:
    """The words a status (or a status filter) may be typed as in ``lang``, stored words first."""
    stored = STATUS_FILTERS if filters else tuple(status.value for status in Status)
    if lang != DUTCH:
        return stored
    dutch = DUTCH_FILTER_WORDS if filters else DUTCH_STATUS_WORDS
    return (*stored, *(word for word in dutch if word not in stored))


def applies_to_words(lang: str) -> tuple[str, ...]:
    """The words a reason's outcome may be typed as in ``lang``, stored words first."""
    return (*APPLIES_TO, *DUTCH_APPLIES_WORDS) if lang == DUTCH else APPLIES_TO
