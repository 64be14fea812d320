"""Parsers, text checks, money display and look-ups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.domain.errors import NotFound, ValidationError
from models.domain.money import format_compact, format_money
from models.domain.validation import (
    cents_to_decimal_string,
    clean_text,
    parse_date,
    parse_money,
    parse_probability,
    printable,
    refused_character,
)
from models.operations import phases, reasons
from models.operations.lookup import find_deal, find_phase, find_reason


@pytest.mark.parametrize(
    ("raw", "expected"), [(0, 0), (100, 100), ("0", 0), (" 75 ", 75), ("100", 100), ("007", 7)]
)
def test_parse_probability_accepts_whole_numbers(raw, expected):
    assert parse_probability(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12500", 1250000),
        ("12500.5", 1250050),
        ("12500,05", 1250005),
        (" 0.10 ", 10),
        ("-0", 0),
        ("0", 0),
        (12, 1200),
        (Decimal("12.34"), 1234),
        ("9999999999999", 999999999999900),
    ],
)
def test_parse_money_is_exact(raw, expected):
    assert parse_money(raw) == expected


@pytest.mark.parametrize(
    ("cents", "expected"),
    [(0, "0.00"), (5, "0.05"), (1250050, "12500.50"), (10**15, "10000000000000.00")],
)
def test_cents_to_decimal_string(cents, expected):
    assert cents_to_decimal_string(cents) == expected


def test_parse_date():
    assert parse_date("2026-12-31") == dt.date(2026, 12, 31)
    assert parse_date(" 2026-01-02 ") == dt.date(2026, 1, 2)
    assert parse_date("") is None
    assert parse_date(None) is None
    assert parse_date(dt.datetime(2026, 5, 4, 3, 2)) == dt.date(2026, 5, 4)


def test_clean_text_trims_and_keeps_unicode():
    assert clean_text("title", "  Café 🚀 ") == "Café 🚀"
    assert clean_text("note", "a\r\nb\tc") == "a\nb\tc"
    with pytest.raises(ValidationError, match="control character") as caught:
        clean_text("title", "a\tb")
    assert caught.value.field == "title"
    with pytest.raises(ValidationError, match="invalid character"):
        clean_text("title", "bad \udcff surrogate")


@pytest.mark.parametrize(
    ("cents", "currency", "lang", "expected"),
    [
        (1250000, "EUR", "nl", "€ 12.500,00"),
        (1250000, "EUR", "en", "€12,500.00"),
        (5, "EUR", "en", "€0.05"),
        (123456789, "USD", "en", "$1,234,567.89"),
        (100000, "CHF", "en", "CHF 1,000.00"),
        (100000, "CHF", "nl", "CHF 1.000,00"),
        (-1250, "EUR", "nl", "-€ 12,50"),
    ],
)
def test_format_money(cents, currency, lang, expected):
    assert format_money(cents, currency, lang) == expected


def test_format_money_without_decimals_rounds_half_up():
    assert format_money(1250050, "EUR", "en", decimals=False) == "€12,501"
    assert format_money(1250049, "EUR", "nl", decimals=False) == "€ 12.500"


@pytest.mark.parametrize(
    ("cents", "lang", "expected"),
    [
        (120000000, "en", "€1.2M"),
        (35000000, "nl", "€ 350k"),
        (150000000, "nl", "€ 1,5M"),
        (9900, "en", "€99"),
    ],
)
def test_format_compact(cents, lang, expected):
    assert format_compact(cents, "EUR", lang) == expected


def test_find_phase_by_name_id_and_digits_as_name(db):
    proposal = find_phase("proposal")
    assert find_phase(proposal.id).name == "Proposal"
    assert find_phase(str(proposal.id)).name == "Proposal"
    named = phases.add_phase(str(proposal.id), 20)  # a phase whose name is another's id
    assert find_phase(str(proposal.id)).id == named.id
    assert find_phase(proposal.id).id == proposal.id
    with pytest.raises(NotFound, match="There is no phase 'x"):
        find_phase("x" * 100)


def test_find_reason_and_deal(make_deal):
    assert find_reason("OTHER").name == "Other"
    deal = make_deal()
    assert find_deal(f"#{deal.id}").id == deal.id
    assert find_deal(f" {deal.id} ").id == deal.id
    with pytest.raises(NotFound, match="not a deal number"):
        find_deal("first")


# -- which characters free text keeps, refuses, and counts as visible ---------------------

KEPT = [
    "\u0dc1\u0dca\u200d\u0dbb\u0dd3 \u0dbd\u0d82\u0d9a\u0dcf",  # Sinhala with a ZWJ
    "\U0001f469\u200d\U0001f4bb",  # an emoji sequence: woman, ZWJ, laptop
    "\u2764\ufe0f love",  # a variation selector
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # a tag flag
    "Offer \u2067\u05e9\u05dc\u05d5\u05dd\u2069 v2",  # a bidi isolate
    "\u0645\u0631\u062d\u0628\u0627\u200f (RLM)",  # a right-to-left mark
    "\u0915\u094d\u200c\u0937",  # a zero-width non-joiner
    "soft\u00adhyphen",
    "\u0e20\u0e32\u0e29\u0e32\u200b\u0e44\u0e17\u0e22",  # Thai words split by a ZWSP
]


@pytest.mark.parametrize("text", KEPT)
def test_clean_text_keeps_characters_real_writing_needs(text):
    assert clean_text("title", text, required=True) == text
    assert clean_text("note", text) == text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("invoice\u202efdp.exe", "a bidi embedding or override (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("\u202bembedded\u202c", "a bidi embedding or override (U+202B RIGHT-TO-LEFT EMBEDDING)"),
        ("x\u2062y", "an invisible formatting character (U+2062 INVISIBLE TIMES)"),
        ("a\u206ab", "an invisible formatting character (U+206A INHIBIT SYMMETRIC SWAPPING)"),
        ("a\ufff9b", "an invisible formatting character (U+FFF9 INTERLINEAR ANNOTATION ANCHOR)"),
        ("a\x1bb", "a control character (U+001B)"),
    ],
)
def test_clean_text_refuses_characters_that_steer_the_screen_naming_them(text, named):
    for field, label in (("title", "Title"), ("note", "Note"), ("phase", "Phase name")):
        with pytest.raises(ValidationError) as caught:
            clean_text(field, text)
        assert str(caught.value) == f"{label} contains {named}; remove it."
        assert caught.value.field == field


@pytest.mark.parametrize(
    "text",
    [
        *("\u200b", "\ufeff", "\u3164", "\u200b\ufeff\u3164", "\u115f\u1160", "\u2800"),
        *("\u200d \u200c", "\u2066\u2069", "\u0301", "\u3000\u200b\u00a0"),
    ],
)
def test_a_required_text_of_only_invisible_characters_is_refused(db, text):
    with pytest.raises(ValidationError) as caught:
        clean_text("title", text, required=True)
    assert str(caught.value) == "Title shows no visible character; type one that can be read."
    assert clean_text("organization", text) == text.strip()  # optional text may be blank
    with pytest.raises(ValidationError, match="Phase name shows no visible character"):
        phases.add_phase(text, 20)
    with pytest.raises(ValidationError, match="Reason name shows no visible character"):
        reasons.add_reason(text, "both")


@pytest.mark.parametrize("multiline", [False, True])
def test_a_printable_text_holds_no_refused_character_in_all_of_unicode(multiline):
    # The quick answer must never pass a character the slow one refuses: every code point.
    passed_but_refused = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if printable(chr(code), multiline=multiline)
        and refused_character(chr(code), multiline=multiline) is not None
    ]
    assert passed_but_refused == []
    # Whole texts: refused characters and joiners make a text not plainly printable.
    assert printable("Offerte Gemeente Utrecht €12.500,50 — ok ✓", multiline=multiline)
    assert printable("line one\nline two\tend", multiline=multiline) is multiline
    for odd in ("\x1b[31m", "a\u202eb", "zero\u200dwidth", "a\u2028b", "\U000e0001"):
        assert not printable(odd, multiline=multiline)
