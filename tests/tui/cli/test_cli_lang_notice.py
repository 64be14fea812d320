"""The --lang notice on a database that speaks another language, said in the session's language."""

from __future__ import annotations

DUTCH_NOTICE = (
    "dealboard: --lang nl toont de schermen en meldingen van deze sessie in het Nederlands;"
    " de database verandert niet: de taalinstelling blijft en; de namen van voortgangsfasen en"
    " redenen blijven zoals ingesteld. Om Nederlands de taal van het team te maken: dealboard"
    " setting set language nl.\n"
)
ENGLISH_NOTICE = (
    "dealboard: --lang en shows this session's screens and messages in English; it does not"
    " change the database: its language setting stays nl and its phase and reason names stay"
    " as configured. To make English the team's language: dealboard setting set language en.\n"
)


def test_lang_nl_on_an_english_database_explains_itself_in_dutch(run):
    run("deal", "list")  # an English database
    result = run("deal", "list", "--lang", "nl")
    assert result.code == 0
    assert result.err.startswith(DUTCH_NOTICE)  # then "Geen deals."


def test_lang_en_on_a_dutch_database_explains_itself_in_english(run, cli_db):
    assert run("init", "--lang", "nl", db=cli_db).code == 0  # a Dutch database
    result = run("deal", "list", "--lang", "en")
    assert result.code == 0
    assert result.err.startswith(ENGLISH_NOTICE)  # then "No deals."
    assert "--lang" not in run("deal", "list", "--lang", "nl").err  # it speaks Dutch already
