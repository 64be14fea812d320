"""`deal show`'s history writes amounts and dates as the session's language writes them."""

from __future__ import annotations


def test_a_dutch_history_has_dutch_amounts_and_dates(run):
    assert run("init", "--lang", "nl").code == 0
    assert run("deal", "add", "Kantoor", "--value", "6.500,00", "--lang", "nl").code == 0
    edit = ("deal", "edit", "1", "--value", "99.999", "--expected-close", "29-11-2026")
    assert run(*edit, "--lang", "nl").code == 0
    result = run("deal", "show", "1", "--lang", "nl")
    assert result.code == 0, result.err
    assert "waarde: € 6.500,00 → € 99.999,00" in result.out
    assert "verwachte sluiting: (leeg) → 29-11-2026" in result.out


def test_an_english_history_shows_values_as_stored(run):
    assert run("init").code == 0
    assert run("deal", "add", "Office", "--value", "6500").code == 0
    edit = ("deal", "edit", "1", "--value", "99999", "--expected-close", "2026-11-29")
    assert run(*edit).code == 0
    result = run("deal", "show", "1")
    assert result.code == 0, result.err
    assert "value: 6500.00 → 99999.00" in result.out
    assert "expected close: (empty) → 2026-11-29" in result.out
