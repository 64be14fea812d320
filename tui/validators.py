"""Textual validators built on the domain's own parsers, so forms say what the CLI says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.validation import ValidationResult, Validator

from models.domain.errors import ValidationError
from models.domain.i18n import current_language
from models.domain.typed_input import (
    amount_input,
    date_input,
    parse_amount,
    parse_day,
)
from models.domain.validation import cents_to_decimal_string, clean_text, parse_probability
from tui.i18n import _


class DomainValidator(Validator):
    """Validate with a function from ``models.domain.validation``; its message is shown as typed."""

    def __init__(self, check: Callable[[str], object], *, optional: bool = False) -> None:
        super().__init__()
        self.check = check
        self.optional = optional

    def validate(self, value: str) -> ValidationResult:
        """Run the domain check; an empty optional value is fine."""
        if self.optional and not value.strip():
            return self.success()
        try:
            self.check(value)
        except ValidationError as error:
            return self.failure(str(error))
        return self.success()


def text_field(field: str, *, required: bool = False) -> DomainValidator:
    """A free-text field with its length limit and no control characters."""
    return DomainValidator(lambda value: clean_text(field, value, required=required))


def money_field() -> DomainValidator:
    """An amount as the session's language writes one (``models.domain.typed_input``)."""
    return DomainValidator(lambda value: parse_amount(value, current_language()), optional=True)


def probability_field(*, optional: bool = False) -> DomainValidator:
    """A whole number from 0 to 100."""
    return DomainValidator(parse_probability, optional=optional)


def date_field(field: str = "expected_close") -> DomainValidator:
    """A date as the session's language writes one (ISO in both), or empty; messages name ``field``."""
    return DomainValidator(lambda value: parse_day(value, current_language(), field), optional=True)


AMOUNT_FIELDS = frozenset({"value"})
DATE_FIELDS = frozenset({"expected_close", "next_step_date"})


def neutral_amount(typed: str) -> str:
    """An amount typed in the session's language as the operations take it: ``12500.00``.

    Empty text, and text the validator refuses (it says why), stay as typed.
    """
    if not typed.strip():
        return typed
    try:
        return cents_to_decimal_string(parse_amount(typed, current_language()))
    except ValidationError:
        return typed


def neutral_date(typed: str, field: str = "expected_close") -> str:
    """A date typed in the session's language as the operations take it: ISO ``2027-01-31``.

    Empty text, and text the validator refuses (it says why), stay as typed.
    """
    try:
        day = parse_day(typed, current_language(), field)
    except ValidationError:
        return typed
    return typed if day is None else day.isoformat()


def neutral_input(name: str, typed: str) -> str:
    """What the operations get from the form input ``name``: amounts and dates made neutral.

    ``12.500,00`` typed in Dutch becomes ``12500.00``, ``31-01-2027`` becomes ``2027-01-31``;
    other inputs stay as typed.
    """
    if name in AMOUNT_FIELDS:
        return neutral_amount(typed)
    if name in DATE_FIELDS:
        return neutral_date(typed, name)
    return typed


def amount_placeholder() -> str:
    """The grey example in an empty amount input: ``e.g. 12500.00``, ``bijv. 12.500,00``.

    Marked as an example: a bare ``12500.00`` read as a value already typed, and a deal saved
    so was stored as €0.
    """
    return _("e.g. {amount}").format(amount=amount_input(1250000, current_language()))


def date_placeholder() -> str:
    """The grey pattern in an empty date input: ``YYYY-MM-DD``, in Dutch ``DD-MM-JJJJ``."""
    return "DD-MM-JJJJ" if current_language() == "nl" else "YYYY-MM-DD"


def shown_amount(cents: int) -> str:
    """An amount as an input shows it in the session's language: ``12.500,00`` in Dutch."""
    return amount_input(cents, current_language())


def shown_date(iso: str | None) -> str:
    """An ISO date (``deal_to_dict``'s) as an input shows it: ``31-01-2027`` in Dutch.

    Text that is no ISO date (a value another client stored badly, shown marked) stays.
    """
    if not iso:
        return ""
    try:
        return date_input(dt.date.fromisoformat(iso), current_language())
    except ValueError:
        return iso
