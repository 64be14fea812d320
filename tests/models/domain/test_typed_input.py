"""Amounts, dates and statuses as people type them, in English and in Dutch."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.domain.errors import ValidationError
from models.domain.status import AppliesTo, Status, StatusFilter
from models.domain.typed_input import (
    amount_input,
    applies_to_words,
    date_input,
    neutral_amount,
    parse_amount,
    parse_applies_to,
    parse_day,
    parse_status,
    parse_status_filter,
    status_words,
)

ENGLISH_FORMS = "like 12500.00, 12,500.00 or 12500,00"
DUTCH_FORMS = "write it like 12.500,00, 12500,00 or 12.500"


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("12.500,00", 1250000),
        ("12500,00", 1250000),
        ("12.500", 1250000),
        ("€ 12.500,00", 1250000),
        ("€12.500,00", 1250000),
        ("EUR 12.500,00", 1250000),
        ("€\u00a012.500,00", 1250000),  # as Babel writes it, with a no-break space
        ("12.500,-", 1250000),
        ("12.500,5", 1250050),
        ("1.234.567,89", 123456789),
        ("0,05", 5),
        ("12500", 1250000),
        (" 12.500,00 ", 1250000),
        # The neutral form (scripts, JSON) means the same: a dot before 1 or 2 digits.
        ("12500.00", 1250000),
        ("12500.5", 1250050),
        ("12.50", 1250),
    ],
)
def test_dutch_amounts(typed: str, cents: int) -> None:
    assert parse_amount(typed, "nl") == cents


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("12500.00", 1250000),
        ("12500.50", 1250050),
        ("12500,00", 1250000),  # read before, read still
        ("12,500.00", 1250000),
        ("12,500", 1250000),
        ("1,234,567.89", 123456789),
        ("€12,500.00", 1250000),
        ("12500", 1250000),
        ("0.10", 10),
    ],
)
def test_english_amounts(typed: str, cents: int) -> None:
    assert parse_amount(typed, "en") == cents


@pytest.mark.parametrize(
    ("typed", "lang", "message"),
    [
        (
            "12.500,00",
            "en",
            f"Value '12.500,00' is not an amount; write digits with at most two decimals, {ENGLISH_FORMS}.",
        ),
        ("12.500", "en", ENGLISH_FORMS),  # a dot before three digits: Dutch thousands
        ("12,500.00", "nl", DUTCH_FORMS),
        ("12,500", "nl", DUTCH_FORMS),  # a comma before three digits: not cents
        ("12.50.000", "nl", DUTCH_FORMS),
        ("1.234.5", "nl", DUTCH_FORMS),
        ("12 500", "nl", DUTCH_FORMS),
        ("abc", "nl", DUTCH_FORMS),
        ("abc", "en", ENGLISH_FORMS),
        ("", "nl", DUTCH_FORMS),
        ("-12.500,00", "nl", "cannot be negative"),
        ("€ -5", "nl", "cannot be negative"),
        ("-5", "en", "cannot be negative"),
        ("99.999.999.999.999.999", "nl", "too large"),
        ("1,2345", "en", ENGLISH_FORMS),
    ],
)
def test_refused_amounts_say_the_forms_of_the_language(typed: str, lang: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount(typed, lang)
    assert message in str(caught.value)
    assert caught.value.field == "value"


def test_dutch_message_names_the_dot_and_the_comma() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount("12,500.00", "nl")
    assert str(caught.value) == (
        "Value '12,500.00' is not an amount; write it like 12.500,00, 12500,00 or 12.500"
        " (dots between thousands, a comma before the cents, at most two decimals)."
    )


def test_numbers_go_to_the_neutral_parser() -> None:
    assert parse_amount(12, "nl") == 1200
    assert parse_amount(Decimal("12.34"), "nl") == 1234


def test_neutral_amount_keeps_the_sign_for_the_neutral_parser() -> None:
    assert neutral_amount("12.500,00", "nl") == "12500.00"
    assert neutral_amount("-12.500", "nl") == "-12500"
    assert neutral_amount("12,500.00", "en") == "12500.00"
    assert neutral_amount("12,500.00", "nl") is None


@pytest.mark.parametrize("cents", [0, 5, 99, 100, 1250000, 1250050, 123456789, 10**15])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_an_input_shows_the_amount_exactly_and_reads_it_back(cents: int, lang: str) -> None:
    assert parse_amount(amount_input(cents, lang), lang) == cents


def test_input_forms_per_language() -> None:
    assert amount_input(1250000, "nl") == "12.500,00"
    assert amount_input(123456789, "nl") == "1.234.567,89"
    assert amount_input(5, "nl") == "0,05"
    assert amount_input(1250000, "en") == "12500.00"  # as the English form showed it before


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("31-01-2027", dt.date(2027, 1, 31)),
        ("31-1-2027", dt.date(2027, 1, 31)),
        ("1-2-2027", dt.date(2027, 2, 1)),
        ("2027-01-31", dt.date(2027, 1, 31)),
        (" 29-02-2028 ", dt.date(2028, 2, 29)),
        ("", None),
    ],
)
def test_dutch_dates(typed: str, day: dt.date | None) -> None:
    assert parse_day(typed, "nl") == day


def test_english_dates_stay_iso() -> None:
    assert parse_day("2027-01-31", "en") == dt.date(2027, 1, 31)
    with pytest.raises(
        ValidationError, match=r"'31-01-2027' is not a date; write it as YYYY-MM-DD"
    ):
        parse_day("31-01-2027", "en")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "31/01/2027",
            "Expected close '31/01/2027' is not a date; write it as 31-01-2027, 31-1-2027 or 2027-01-31.",
        ),
        ("31-01-27", "write it as 31-01-2027, 31-1-2027 or 2027-01-31"),
        ("2027-1-31", "write it as 31-01-2027, 31-1-2027 or 2027-01-31"),
        ("31-02-2027", "Expected close 31-02-2027 is not a real date."),
        ("1-1-1800", "Expected close 1-1-1800 is out of range."),
    ],
)
def test_refused_dutch_dates(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_day(typed, "nl")
    assert message in str(caught.value)


def test_a_refused_date_names_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_day("32-01-2027", "nl", "next_step_date")
    assert caught.value.field == "next_step_date"
    assert str(caught.value).startswith("Next step date 32-01-2027")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_date_input_reads_back(lang: str) -> None:
    day = dt.date(2027, 1, 5)
    assert parse_day(date_input(day, lang), lang) == day
    assert date_input(None, lang) == ""
    assert date_input(day, "nl") == "05-01-2027"
    assert date_input(day, "en") == "2027-01-05"


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("geaccepteerd", Status.ACCEPTED),
        ("gewonnen", Status.ACCEPTED),
        ("afgewezen", Status.REJECTED),
        ("Verloren", Status.REJECTED),
        ("open", Status.OPEN),
        ("accepted", Status.ACCEPTED),  # the stored words too
        (" rejected ", Status.REJECTED),
    ],
)
def test_dutch_statuses(typed: str, status: Status) -> None:
    assert parse_status(typed, "nl") is status


def test_english_statuses_stay_the_stored_words() -> None:
    assert parse_status("accepted", "en") is Status.ACCEPTED
    with pytest.raises(
        ValidationError, match=r"Status 'gewonnen' is not one of open, accepted, rejected\."
    ):
        parse_status("gewonnen", "en")
    with pytest.raises(
        ValidationError, match="geaccepteerd \\(gewonnen\\), afgewezen \\(verloren\\)"
    ):
        parse_status("won", "nl")


def test_status_filters() -> None:
    assert parse_status_filter("alle", "nl") is StatusFilter.ALL
    assert parse_status_filter("gewonnen", "nl") is StatusFilter.ACCEPTED
    assert parse_status_filter("all", "nl") is StatusFilter.ALL
    with pytest.raises(ValidationError, match="open, accepted, rejected, all"):
        parse_status_filter("alle", "en")
    assert status_words("en", filters=True) == ("open", "accepted", "rejected", "all")
    assert status_words("nl", filters=True) == (
        "open",
        "accepted",
        "rejected",
        "all",
        "geaccepteerd",
        "gewonnen",
        "afgewezen",
        "verloren",
        "alle",
    )


def test_what_a_reason_applies_to() -> None:
    assert parse_applies_to("verloren", "nl") is AppliesTo.REJECTED
    assert parse_applies_to("Beide", "nl") is AppliesTo.BOTH
    assert parse_applies_to("gewonnen", "nl") is AppliesTo.ACCEPTED
    assert parse_applies_to("both", "nl") is AppliesTo.BOTH
    with pytest.raises(ValidationError, match="accepted, rejected or both, not 'beide'"):
        parse_applies_to("beide", "en")
    assert applies_to_words("en") == ("accepted", "rejected", "both")
