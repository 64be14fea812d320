"""The ``timezone`` setting: its default per language, its check, and the zone it gives."""

from __future__ import annotations

import pytest

from models.domain.errors import ValidationError
from models.operations import settings
from models.storage.database import open_database


def test_an_english_database_counts_in_utc(db):
    assert settings.get_settings()["timezone"] == "UTC"
    assert str(settings.database_zone()) == "UTC"


def test_a_dutch_database_counts_in_amsterdam(tmp_path):
    database = open_database(tmp_path / "nl.sqlite", lang="nl")
    try:
        assert settings.get_settings()["timezone"] == "Europe/Amsterdam"
        assert str(settings.database_zone()) == "Europe/Amsterdam"
    finally:
        database.close()


def test_a_set_zone_is_stored_canonically_and_outlives_a_change_of_language(db, rows):
    assert settings.set_setting("timezone", " europe/amsterdam ") == "Europe/Amsterdam"
    assert rows("SELECT value FROM setting WHERE key = 'timezone'") == [
        {"value": "Europe/Amsterdam"}
    ]
    settings.set_setting("language", "nl")
    assert settings.set_setting("timezone", "UTC") == "UTC"
    assert settings.get_settings()["timezone"] == "UTC"  # set, so no longer the Dutch default


def test_an_unknown_zone_is_refused_with_a_clear_message(db, db_snapshot):
    before = db_snapshot()
    with pytest.raises(ValidationError) as caught:
        settings.set_setting("timezone", "Europe/Amsterdm")
    assert caught.value.field == "timezone"
    assert str(caught.value) == (
        "Unknown time zone 'Europe/Amsterdm'; did you mean Europe/Amsterdam? Use an IANA name"
        " such as Europe/Amsterdam or UTC."
    )
    assert db_snapshot() == before


def test_a_stored_zone_this_machine_does_not_know_is_named(db, raw):
    raw.execute("INSERT INTO setting (key, value) VALUES ('timezone', 'Atlantis/Capital')")
    with pytest.raises(ValidationError, match="time zone 'Atlantis/Capital' is unknown here"):
        settings.database_zone()
