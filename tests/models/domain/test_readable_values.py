"""History values in the session's language: amounts, dates, times and percentages."""

from __future__ import annotations

import pytest

from models.domain import i18n
from models.domain.wording import change_sentence, history_line, readable_value

BAD_DATE = "'2026-02-30' ⚠ not a date"


@pytest.fixture
def dutch():
    """A Dutch session for one test."""
    i18n.set_language("nl")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("field", "stored", "shown"),
    [
        ("value", "6500.00", "€ 6.500,00"),
        ("value", "99999", "€ 99.999,00"),
        ("value_cents", "1234567.50", "€ 1.234.567,50"),
        ("value", "12.345", "12.345"),  # not whole cents: as stored
        ("value", "NaN", "NaN"),
        ("value", "twelve", "twelve"),
        ("expected_close", "2026-11-29", "29-11-2026"),
        ("next_step_date", "2027-01-31", "31-01-2027"),
        ("expected_close", BAD_DATE, BAD_DATE),  # marked: as stored
        ("next_step_date", "soon", "soon"),
        ("probability_override", "75", "75 %"),
        ("probability_at_close", "100", "100 %"),
        ("probability_override", "75.5", "75.5"),
        ("title", "2026-11-29", "2026-11-29"),  # not a date field: as typed
        ("note", "6500.00", "6500.00"),
        ("value", None, None),
        ("expected_close", "", ""),
    ],
)
def test_a_dutch_session_writes_known_fields_as_dutch_does(dutch, field, stored, shown):
    assert readable_value(field, stored, "EUR") == shown


def test_amounts_in_the_database_currency_and_as_stored_without_one(dutch):
    assert readable_value("value", "6500.00", "USD") == "$ 6.500,00"
    assert readable_value("value", "6500.00") == "6500.00"


def test_a_closing_time_is_local_time_in_dutch(dutch, amsterdam):
    assert readable_value("closed_at", "2026-11-27 09:00:30") == "27-11-2026 10:00"
    assert readable_value("closed_at", "yesterday") == "yesterday"


def test_english_shows_every_value_as_stored():
    for field, stored in [
        ("value", "6500.00"),
        ("expected_close", "2026-11-29"),
        ("probability_override", "75"),
        ("closed_at", "2026-11-27 09:00:30"),
    ]:
        assert readable_value(field, stored, "EUR") == stored
    assert history_line("value", "6500.00", "99999.00", currency="EUR") == (
        "value: 6500.00 → 99999.00"
    )
    assert history_line("expected_close", "2026-11-29", None) == (
        "expected close: 2026-11-29 → (empty)"
    )


def test_dutch_history_lines_and_sentences(dutch):
    assert history_line("value", "6500.00", "99999.00", currency="EUR") == (
        "waarde: € 6.500,00 → € 99.999,00"
    )
    assert history_line("expected_close", "2026-11-29", "2027-01-31") == (
        "verwachte sluiting: 29-11-2026 → 31-01-2027"
    )
    assert history_line("probability_override", None, "60") == "eigen kans: (leeg) → 60 %"
    sentence = change_sentence("bram", "expected_close", "2026-11-29", "2027-01-31")
    assert "29-11-2026" in sentence and "31-01-2027" in sentence
