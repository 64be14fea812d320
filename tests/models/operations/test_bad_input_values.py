"""Bad values are refused (probabilities, amounts, dates, text); unusual valid text is kept."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.domain.errors import ValidationError
from models.operations import deals, phases

ACTOR = "tester"

BAD_PROBABILITIES = [
    (101, "101 is not between 0 and 100"),
    (-1, "-1 is not between 0 and 100"),
    ("50%", r"leave out the % sign"),
    (50.5, "whole number"),
    ("50.5", "whole number"),
    ("-1", "whole number"),
    ("1000", "not between 0 and 100"),
    ("", "whole number"),
    (True, "whole number"),
    (None, "whole number"),
]


# ---------------------------------------------------------------- probabilities


@pytest.mark.parametrize(("value", "message"), BAD_PROBABILITIES)
def test_bad_phase_probability_on_set(db, refused, value, message):
    error = refused(
        ValidationError, lambda: phases.set_phase_probability("Proposal", value), message
    )
    assert error.field == "probability"


@pytest.mark.parametrize(("value", "message"), BAD_PROBABILITIES)
def test_bad_phase_probability_on_add(db, refused, value, message):
    refused(ValidationError, lambda: phases.add_phase("Demo", value), message)


@pytest.mark.parametrize(
    ("value", "message"), [v for v in BAD_PROBABILITIES if v[0] not in ("", None)]
)
def test_bad_probability_override_on_edit(make_deal, refused, value, message):
    deal = make_deal()
    error = refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"probability_override": value}, actor=ACTOR),
        message,
    )
    assert error.field == "probability"


@pytest.mark.parametrize(
    ("value", "message"), [v for v in BAD_PROBABILITIES if v[0] not in ("", None)]
)
def test_bad_probability_override_on_create(db, refused, value, message):
    refused(
        ValidationError,
        lambda: deals.create_deal("New", actor=ACTOR, probability_override=value),
        message,
    )


# ---------------------------------------------------------------- money


BAD_MONEY = [
    (-1, "negative"),
    ("-5", "negative"),
    ("-0.01", "negative"),
    ("abc", "not an amount"),
    ("12.500,00", "no thousands separator"),
    ("12,500.00", "no thousands separator"),
    ("1e309", "not an amount"),
    ("NaN", "not an amount"),
    ("inf", "not an amount"),
    ("12.345", "not an amount"),
    ("€ 100", "not an amount"),
    ("", "not an amount"),
    ("99999999999999999", "too large"),
    (float("nan"), "must be an amount"),
    (12.5, "must be an amount"),
    (Decimal("NaN"), "finite"),
    (Decimal("1.005"), "two decimals"),
    (True, "amount like"),
]


@pytest.mark.parametrize(("value", "message"), BAD_MONEY)
def test_bad_value_on_create(db, refused, value, message):
    error = refused(
        ValidationError, lambda: deals.create_deal("X", actor=ACTOR, value=value), message
    )
    assert error.field == "value"


@pytest.mark.parametrize(("value", "message"), BAD_MONEY)
def test_bad_value_on_edit(make_deal, refused, value, message):
    deal = make_deal(value="100")
    refused(
        ValidationError, lambda: deals.edit_deal(deal.id, {"value": value}, actor=ACTOR), message
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31-12-2026", "YYYY-MM-DD"),
        ("2026-02-30", "not a real date"),
        ("0001-01-01", "out of range"),
        (20261231, "must be a date"),
    ],
)
def test_bad_expected_close(make_deal, refused, value, message):
    deal = make_deal()
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"expected_close": value}, actor=ACTOR),
        message,
    )


# ---------------------------------------------------------------- text


@pytest.mark.parametrize(
    "title",
    [
        "Bad\x1b[31mred",
        "Nul\x00byte",
        "Carriage\rreturn",
        "Line\nbreak",
        "Bell\x07",
        "Sep\u2028line",
        "Del\x7f",
    ],
)
def test_control_characters_in_a_title_are_refused(make_deal, refused, title):
    deal = make_deal("Clean")
    error = refused(
        ValidationError, lambda: deals.create_deal(title, actor=ACTOR), "control character"
    )
    assert error.field == "title"
    refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {"title": title}, actor=ACTOR),
        "control character",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("organization", "Acme\x1b"), ("owner", "a\x00b"), ("note", "ok\x1b[2J"), ("source", "x\ty")],
)
def test_control_characters_in_other_fields_are_refused(make_deal, refused, field, value):
    deal = make_deal()
    error = refused(
        ValidationError,
        lambda: deals.edit_deal(deal.id, {field: value}, actor=ACTOR),
        "control character",
    )
    assert error.field == field


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "cannot be empty"),
        ("  \t ", "cannot be empty"),
        ("x" * 501, "limit is 500"),
        (None, "cannot be empty"),
    ],
)
def test_bad_titles(make_deal, refused, title, message):
    deal = make_deal()
    refused(ValidationError, lambda: deals.create_deal(title, actor=ACTOR), message)
    refused(
        ValidationError, lambda: deals.edit_deal(deal.id, {"title": title}, actor=ACTOR), message
    )


@pytest.mark.parametrize(
    "title",
    [
        "[b]markup[/b] and [red]colour[/red]",
        "Rocket launch 🚀👩‍💻 deal",
        "صفقة جديدة مع الشركة",
        "עסקה חדשה",
        "Mixed: Acme صفقة 42 [i]x[/i] 🎉",
        "x" * 500,
    ],
)
def test_unusual_titles_are_stored_exactly(make_deal, deal_row, events, title):
    deal = make_deal(title)
    assert deal_row(deal.id)["title"] == title
    assert events(deal.id)[0]["new_value"] == title
    deals.edit_deal(deal.id, {"title": "plain"}, actor=ACTOR)
    deals.edit_deal(deal.id, {"title": title}, actor=ACTOR)
    assert deal_row(deal.id)["title"] == title


def test_a_note_may_hold_newlines_and_tabs(make_deal, deal_row):
    deal = make_deal(note="line one\r\n\tindented")
    assert deal_row(deal.id)["note"] == "line one\n\tindented"
