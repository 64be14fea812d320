"""The command line's language (--lang, DEALBOARD_LANG, the database's setting, the locale) and
amounts, dates and statuses typed in it."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from tui.cli.context import demo_database_path

VALUE = "SELECT value_cents, expected_close FROM deal WHERE title = ?"
NOTICE = (  # said in the session's language: Dutch here
    "dealboard: --lang nl toont de schermen en meldingen van deze sessie in het Nederlands;"
    " de database verandert niet: de taalinstelling blijft en; de namen van voortgangsfasen en"
    " redenen blijven zoals ingesteld. Om Nederlands de taal van het team te maken: dealboard"
    " setting set language nl.\n"
)


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_lang_nl_reads_a_dutch_amount_and_date(run, cli_db):
    result = run(
        "deal", "add", "Kantoor", "--value", "12.500,00", "--expected-close", "31-01-2027",
        "--lang", "nl",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.err == ""  # a database created in Dutch: nothing to say about --lang
    assert rows(cli_db, VALUE, "Kantoor") == [(1250000, "2027-01-31")]


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("12500,00", 1250000), ("12.500", 1250000), ("€ 12.500,50", 1250050), ("12500.00", 1250000)],
)
def test_every_dutch_amount_form(run, cli_db, typed, cents):
    assert run("deal", "add", "X", "--value", typed, "--lang", "nl").code == 0
    assert rows(cli_db, VALUE, "X")[0][0] == cents


def test_english_input_stays_as_it_was(run, cli_db):
    assert run("deal", "add", "A", "--value", "12500.50").code == 0
    assert run("deal", "add", "B", "--value", "12,500.00").code == 0
    assert rows(cli_db, "SELECT title, value_cents FROM deal ORDER BY id") == [
        ("A", 1250050),
        ("B", 1250000),
    ]
    refused = run("deal", "add", "C", "--value", "12.500,00")
    assert refused.code == 1
    assert refused.err == (
        "dealboard: Value '12.500,00' is not an amount; write digits with at most two"
        " decimals, like 12500.00, 12,500.00 or 12500,00.\n"
    )
    date = run("deal", "add", "C", "--expected-close", "31-01-2027")
    assert date.code == 1 and "write it as YYYY-MM-DD" in date.err


def test_a_refused_dutch_amount_says_the_dutch_forms(run, cli_db):
    result = run("deal", "add", "X", "--value", "12,500.00", "--lang", "nl")
    assert result.code == 1
    assert "schrijf het als 12.500,00, 12500,00 of 12.500" in result.err
    result = run("deal", "add", "X", "--expected-close", "31/01/2027", "--lang", "nl")
    assert result.code == 1
    assert "schrijf hem als 31-01-2027, 31-1-2027 of 2027-01-31" in result.err
    assert rows(cli_db, "SELECT COUNT(*) FROM deal") == [(0,)]


def test_dealboard_lang_chooses_for_the_user(run, cli_db, monkeypatch):
    run("deal", "list")  # an English database
    monkeypatch.setenv("DEALBOARD_LANG", "nl")
    result = run("deal", "add", "X", "--value", "12.500")
    assert result.code == 0 and result.err == ""  # no --lang: nothing to explain
    assert rows(cli_db, VALUE, "X")[0][0] == 1250000
    # --lang comes first
    assert run("deal", "add", "Y", "--value", "12.500", "--lang", "en").code == 1


def test_an_unknown_dealboard_lang_is_refused(run, cli_db, monkeypatch):
    run("deal", "list")
    monkeypatch.setenv("DEALBOARD_LANG", "de")
    result = run("deal", "list")
    assert result.code == 1
    assert result.err == (
        "dealboard: DEALBOARD_LANG='de' is not a language dealboard speaks; set it to en"
        " (English) or nl (Dutch), or unset it.\n"
    )


def test_the_database_setting_is_the_teams_choice(run, cli_db, monkeypatch):
    run("deal", "list", "--lang", "nl")  # a Dutch database
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the locale comes after the database
    result = run("deal", "add", "X", "--value", "12.500,00", "--expected-close", "1-2-2027")
    assert result.code == 0, result.err
    assert rows(cli_db, VALUE, "X") == [(1250000, "2027-02-01")]
    assert run("setting", "set", "language", "en").code == 0
    assert run("deal", "add", "Y", "--value", "12.500,00").code == 1  # English now


def test_the_locale_decides_when_nothing_else_does(run, cli_db, monkeypatch):
    run("deal", "list")
    with sqlite3.connect(cli_db) as conn:
        conn.execute("DELETE FROM setting WHERE key = 'language'")
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert run("deal", "add", "X", "--value", "12.500,00").code == 0
    monkeypatch.setenv("LC_ALL", "C")  # LC_ALL overrides LANG
    assert run("deal", "add", "Y", "--value", "12.500,00").code == 1


def test_a_database_created_now_takes_the_locales_language(run, cli_db, monkeypatch):
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert run("init", db=cli_db).code == 0
    assert rows(cli_db, "SELECT value FROM setting WHERE key = 'language'") == [("nl",)]
    assert rows(cli_db, "SELECT name FROM phase ORDER BY position")[0] == ("Kennismaken",)


def test_lang_on_an_existing_database_says_what_it_changes(run, cli_db):
    run("deal", "add", "X")  # an English database
    result = run("deal", "add", "Y", "--value", "12.500,00", "--lang", "nl")
    assert result.code == 0
    assert result.err == NOTICE  # once, on stderr; stdout keeps the deal's number only
    assert result.out.strip().isdigit()
    assert rows(cli_db, "SELECT value FROM setting WHERE key = 'language'") == [("en",)]
    assert rows(cli_db, "SELECT name FROM phase ORDER BY position")[0] == ("Introduction",)
    assert rows(cli_db, VALUE, "Y")[0][0] == 1250000
    assert run("deal", "list", "--lang", "en").err.count("--lang") == 0  # it speaks en already


def test_an_unknown_lang_lists_the_languages(run, cli_db):
    run("deal", "list")
    result = run("deal", "list", "--lang", "de")
    assert result.code == 2
    assert (
        "argument --lang: 'de' is not a language dealboard speaks; choose en (English) or"
        " nl (Dutch)" in result.err
    )


def test_dutch_status_words_in_a_dutch_session(run, cli_db):
    run("deal", "add", "A", "--lang", "nl")
    run("deal", "add", "B", "--lang", "nl")
    assert run("deal", "accept", "2", "--lang", "nl").code == 0
    for word in ("gewonnen", "geaccepteerd", "accepted"):
        listed = run("deal", "list", "--status", word, "--json", "--lang", "nl")
        assert [deal["title"] for deal in listed.json()] == ["B"], word
    listed = run("deal", "list", "--status", "alle", "--json", "--lang", "nl")
    assert [deal["title"] for deal in listed.json()] == ["A", "B"]
    refused = run("deal", "list", "--status", "won", "--lang", "nl")
    assert refused.code == 2
    assert "'gewonnen', 'afgewezen', 'verloren', 'alle')" in refused.err


def test_dutch_status_words_are_not_english(run, cli_db):
    result = run("deal", "list", "--status", "gewonnen")
    assert result.code == 2
    assert "(choose from 'open', 'accepted', 'rejected', 'all')" in result.err
    assert run("export", "-", "--status", "verloren").code == 2


def test_export_reads_a_dutch_status(run, cli_db):
    run("deal", "add", "A", "--lang", "nl")
    run("deal", "add", "B", "--lang", "nl")
    assert run("deal", "accept", "1", "--lang", "nl").code == 0
    exported = run("export", "-", "--status", "gewonnen", "--lang", "nl")
    assert exported.code == 0, exported.err
    titles = [row["title"] for row in csv.DictReader(io.StringIO(exported.out))]
    assert titles == ["A"]


def test_dutch_next_step_date_and_report_dates(run, cli_db):
    run("deal", "add", "A", "--lang", "nl")
    edited = run(
        "deal", "edit", "1", "--next-step", "Bellen", "--next-step-date", "3-2-2027",
        "--value", "1.000,-", "--lang", "nl",
    )  # fmt: skip
    assert edited.code == 0, edited.err
    assert rows(cli_db, "SELECT next_step_date, value_cents FROM deal") == [("2027-02-03", 100000)]
    report = run(
        "report", "--from", "1-1-2026", "--to", "31-12-2026", "--format", "json", "--lang", "nl"
    )
    assert report.code == 0, report.err
    assert report.json()["filters"]["from"] == "2026-01-01"
    assert report.json()["filters"]["to"] == "2026-12-31"


def test_one_demo_database_per_language():
    assert demo_database_path().name == "demo.sqlite"
    assert demo_database_path("nl") == demo_database_path().with_name("demo-nl.sqlite")


def test_help_speaks_the_users_language_before_any_database(run, monkeypatch):
    monkeypatch.setenv("DEALBOARD_LANG", "nl")
    assert run("--help").out.startswith("gebruik: dealboard")
    monkeypatch.delenv("DEALBOARD_LANG")
    assert run("--help").out.startswith("usage: dealboard")
    assert run("deal", "--help", "--lang", "nl").out.startswith("gebruik: dealboard deal")


@pytest.mark.parametrize(
    ("words", "env", "expected"),
    [
        (["deal", "list", "--lang", "nl"], {}, "nl"),
        (["--lang=nl", "deal", "list"], {"DEALBOARD_LANG": "en"}, "nl"),
        (["deal", "list", "--lang", "de"], {"DEALBOARD_LANG": "nl"}, "nl"),  # refused later
        (["deal", "add", "--", "--lang", "nl"], {}, "en"),  # a title, not the option
        (["deal", "list"], {"LANG": "nl_NL.UTF-8"}, "nl"),
    ],
)
def test_early_language(monkeypatch, words, env, expected):
    from tui.cli.language import early_language

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert early_language(words) == expected


def test_a_reasons_outcome_in_dutch(run, cli_db):
    added = run("reason", "add", "Geen klik", "--applies-to", "verloren", "--lang", "nl")
    assert added.code == 0, added.err
    assert rows(cli_db, "SELECT applies_to FROM reason WHERE name = 'Geen klik'") == [("rejected",)]
    edited = run("reason", "edit", "Geen klik", "--applies-to", "beide", "--lang", "nl")
    assert edited.code == 0, edited.err
    assert rows(cli_db, "SELECT applies_to FROM reason WHERE name = 'Geen klik'") == [("both",)]
    refused = run("reason", "add", "X", "--applies-to", "open", "--lang", "nl")
    assert refused.code == 2
    assert "'geaccepteerd', 'gewonnen', 'afgewezen', 'verloren', 'beide')" in refused.err


def test_deal_add_reads_a_dutch_next_step_date(run, cli_db):
    added = run(
        "deal", "add", "A", "--next-step", "Bellen", "--next-step-date", "5-1-2027", "--lang", "nl"
    )
    assert added.code == 0, added.err
    assert rows(cli_db, "SELECT next_step_date FROM deal") == [("2027-01-05",)]


def test_money_is_written_in_the_sessions_language(run, cli_db):
    run("deal", "add", "A", "--value", "12500.50")  # an English database
    assert "€12,500.50" in run("deal", "show", "1").out
    assert "€ 12.500,50" in run("deal", "show", "1", "--lang", "nl").out
    assert "€ 12.500,50" in run("report", "--lang", "nl").out
    run("setting", "set", "language", "nl")  # the team speaks Dutch now
    assert "€ 12.500,50" in run("deal", "show", "1").out
    assert "€12,500.50" in run("deal", "show", "1", "--lang", "en").out
