"""`dealboard setting … timezone`: shown with its default, set by IANA name, unknown names refused."""

from __future__ import annotations


def test_an_english_database_shows_utc(run, cli_db):
    listed = run("setting", "list")
    assert listed.code == 0
    assert "timezone = UTC\n" in listed.out


def test_a_dutch_database_defaults_to_amsterdam(run, cli_db):
    assert run("init", "--lang", "nl").code == 0
    assert run("setting", "list", "--json").json()["timezone"] == "Europe/Amsterdam"


def test_setting_a_zone_stores_its_iana_spelling(run, cli_db):
    result = run("setting", "set", "timezone", "america/new_york")
    assert (result.code, result.out) == (0, "timezone = America/New_York\n")
    assert run("setting", "list", "--json").json()["timezone"] == "America/New_York"


def test_an_unknown_zone_is_refused_and_nothing_changes(run, cli_db):
    result = run("setting", "set", "timezone", "Amsterdam")
    assert result.code == 1
    assert "Unknown time zone 'Amsterdam'; did you mean Europe/Amsterdam?" in result.err
    assert result.out == ""
    assert run("setting", "list", "--json").json()["timezone"] == "UTC"
