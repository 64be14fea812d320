"""The words about deals: field labels, history lines and sentences, local times."""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain import i18n
from models.domain.errors import Change, ConflictError, ValidationError
from models.domain.validation import clean_text, label
from models.domain.wording import (
    WORDS,
    change_sentence,
    field_label,
    history_line,
    history_value,
    local_time,
)


@pytest.mark.parametrize(
    ("name", "capital", "inside"),
    [
        ("title", "Title", "title"),
        ("close_note", "Closing note", "closing note"),
        ("value_cents", "Value", "value"),
        ("expected_close", "Expected close", "expected close"),
        ("probability_override", "Probability override", "probability override"),
        ("created_at", "Created at", "created at"),  # not listed: its name in words
        ("phase", "Phase", "phase"),
    ],
)
def test_field_label(name, capital, inside):
    assert field_label(name) == capital
    assert field_label(name, capital=False) == inside


def test_input_checks_call_a_phase_or_reason_field_a_name():
    assert label("phase") == "Phase name"
    assert label("reason") == "Reason name"
    assert label("close_note") == field_label("close_note") == "Closing note"
    with pytest.raises(ValidationError, match=r"^Closing note must be text"):
        clean_text("close_note", 5)


@pytest.mark.parametrize(
    ("what", "old", "new", "line"),
    [
        ("created", None, "Website", "created: Website"),
        ("deleted", None, "Website", "deleted"),
        ("restored", "2026-11-27 09:00:00", None, "restored"),
        ("value", "10.00", "20.00", "value: 10.00 → 20.00"),
        ("close_note", None, "Too dear", "closing note: (empty) → Too dear"),
        ("probability_override", "40", "", "probability override: 40 → (empty)"),
        ("phase", "Proposal", "Negotiation", "phase: Proposal → Negotiation"),
    ],
)
def test_history_line(what, old, new, line):
    assert history_line(what, old, new) == line


def test_history_line_shortens_values_to_a_width():
    note = "First line of a note\nsecond line"
    assert history_value(note) == note
    assert history_value(note, 60) == "First line of a note…"
    assert history_value("x" * 61, 60) == "x" * 60 + "…"
    assert history_value("x" * 60, 60) == "x" * 60
    assert history_value("word " * 20, 8) == "word wor…"
    assert history_line("note", None, note, width=60) == "note: (empty) → First line of a note…"
    assert history_line("created", None, "y" * 70, width=5) == "created: yyyyy…"


def test_change_sentence_and_the_conflict_error_say_the_same():
    assert change_sentence("anna", "value", "10.00", "20.00") == (
        "anna changed value from 10.00 to 20.00"
    )
    assert change_sentence("dora", "close_note", "", "Lost\nlong") == (
        "dora changed closing note from (empty) to Lost\nlong"
    )
    assert change_sentence("dora", "close_note", "", "Lost\nlong", width=40) == (
        "dora changed closing note from (empty) to Lost…"
    )
    assert change_sentence("bram", "deleted", None, "Website") == "bram deleted it"
    assert change_sentence("bram", "restored", "x", None) == "bram restored it"
    changes = [
        Change("anna", "2026-11-27 09:00:00", "value", "10.00", "20.00"),
        Change("bram", "2026-11-27 09:05:00", "deleted", None, "Website"),
    ]
    assert changes[0].describe() == "anna changed value from 10.00 to 20.00"
    error = ConflictError(7, 1, 3, changes)
    assert "anna changed value from 10.00 to 20.00; bram deleted it." in str(error)


def test_every_word_comes_from_the_one_mapping(monkeypatch):
    """A translation replaces entries of WORDS, and every line and label follows."""
    for key, word in {
        "field.close_note": "Slotnotitie",
        "field.phase_name": "Naam van de fase",
        "history.changed": "{field}: {old} ⇒ {new}",
        "history.created": "aangemaakt: {new}",
        "history.deleted": "verwijderd",
        "history.empty": "(leeg)",
        "sentence.changed": "{actor} wijzigde {field} van {old} in {new}",
        "sentence.deleted": "{actor} verwijderde hem",
    }.items():
        monkeypatch.setitem(WORDS, key, word)
    assert history_line("close_note", None, "x") == "slotnotitie: (leeg) ⇒ x"
    assert history_line("created", None, "Website") == "aangemaakt: Website"
    assert history_line("deleted", None, "Website") == "verwijderd"
    assert change_sentence("anna", "close_note", "a", "") == (
        "anna wijzigde slotnotitie van a in (leeg)"
    )
    assert change_sentence("anna", "deleted", None, "x") == "anna verwijderde hem"
    assert label("phase") == "Naam van de fase"
    assert field_label("close_note") == "Slotnotitie"


def test_local_time_is_the_stored_utc_time_in_the_local_zone(amsterdam):
    assert local_time(dt.datetime(2026, 11, 27, 9, 0, 30)) == "2026-11-27 10:00"
    assert local_time(dt.datetime(2026, 7, 1, 23, 59)) == "2026-07-02 01:59"
    assert local_time(None) == ""
    assert local_time("'2026-02-30' ⚠ not a date") == "'2026-02-30' ⚠ not a date"


def test_local_time_writes_the_date_as_dutch_does_in_a_dutch_session(amsterdam):
    i18n.set_language("nl")
    try:
        assert local_time(dt.datetime(2026, 11, 27, 9, 0, 30)) == "27-11-2026 10:00"
        assert local_time(dt.datetime(2026, 7, 1, 23, 59)) == "02-07-2026 01:59"
        assert local_time("'2026-02-30' ⚠ not a date") == "'2026-02-30' ⚠ not a date"
    finally:
        i18n.set_language("en")
