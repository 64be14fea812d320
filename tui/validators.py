"""Textual validators built on the domain's own parsers, so forms say what the CLI says."""

from __future__ import annotations

from collections.abc import Callable

from textual.validation import ValidationResult, Validator

from models.domain.errors import ValidationError
from models.domain.validation import clean_text, parse_date, parse_money, parse_probability


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
    """An amount: digits, at most two decimals, no thousands separator."""
    return DomainValidator(parse_money, optional=True)


def probability_field(*, optional: bool = False) -> DomainValidator:
    """A whole number from 0 to 100."""
    return DomainValidator(parse_probability, optional=optional)


def date_field(field: str = "expected_close") -> DomainValidator:
    """An ISO date, or empty; messages name ``field``."""
    return DomainValidator(lambda value: parse_date(value, field), optional=True)
