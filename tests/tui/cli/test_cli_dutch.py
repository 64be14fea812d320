"""The command line in Dutch: output, headings, help and errors speak Dutch with `--lang nl`.

"No English" is checked against the command line's own English: every word of the catalogs'
English messages that no Dutch translation uses (so shared words such as "deal" or "open"
are allowed, and a message left English anywhere in the output fails).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
CATALOGS = (
    ROOT / "models" / "locale" / "nl" / "LC_MESSAGES" / "models.po",
    ROOT / "tui" / "locale" / "nl" / "LC_MESSAGES" / "tui.po",
)
WORD = re.compile(r"[A-Za-z]{4,}")


# Not prose: options, METAVARS, URLs, paths, `commands`, snake_case names, placeholders.
NOT_PROSE = re.compile(
    r"`[^`]*`|--?[a-z][a-z-]*|\b[A-Z][A-Z_]+\b|\S+://\S*|\$\w+|~/\S+|\w+\.toml"
    r"|\w+_\w+|\{[^}]*\}|%\(\w+\)\w"
)


def texts(value: object) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [str(value or "")]


def prose_words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(NOT_PROSE.sub(" ", text))}


@cache
def english_words() -> frozenset[str]:
    """Words of the English messages that no Dutch message uses."""
    english: set[str] = set()
    dutch: set[str] = set()
    for path in CATALOGS:
        with path.open("rb") as file:
            for message in read_po(file):
                if not message.id:
                    continue
                for text in texts(message.id):
                    english.update(prose_words(text))
                for text in texts(message.string):
                    dutch.update(prose_words(text))
    return frozenset(english - dutch)


def english_in(output: str) -> set[str]:
    """English words of the command line in ``output`` (options and metavars left out)."""
    return prose_words(output) & english_words()


def test_the_english_word_list_is_the_command_lines_own():
    words = english_words()
    assert {"phase", "weighted", "funnel", "reasons", "nothing"} <= words
    assert not {"deal", "deals", "open", "status"} & words  # the same word in Dutch
    assert english_in("Pipeline now (open deals)") == {"pipeline"}


@pytest.fixture
def dutch(run):
    """A Dutch database with an open, a won and a lost deal."""
    assert run("init", "--lang", "nl").code == 0
    for title, value in (("Kantoor", "12.500,00"), ("Website", "3.000"), ("Koffie", "250,50")):
        assert run("deal", "add", title, "--value", value, "--lang", "nl").code == 0
    assert run("deal", "accept", "2", "--lang", "nl").code == 0
    assert run("deal", "reject", "3", "--reason", "Te duur", "--lang", "nl").code == 0
    return run


def test_deal_list_speaks_dutch(dutch):
    result = dutch("deal", "list", "--status", "all", "--lang", "nl")
    assert result.code == 0, result.err
    heading = result.out.splitlines()[0].split()
    assert heading == [
        "#",
        "Titel",
        "Organisatie",
        "Voortgang",
        "Status",
        "Waarde",
        "Kans",
        "Sluiting",
        "Eigenaar",
    ]
    assert "€ 12.500,00" in result.out
    assert "geaccepteerd" in result.out and "afgewezen" in result.out
    assert result.err == "3 deals; * = eigen kans\n"
    assert english_in(result.out + result.err) == set()


def test_deal_show_speaks_dutch(dutch):
    result = dutch("deal", "show", "2", "--lang", "nl")
    assert result.code == 0, result.err
    for word in ("Deal #2  Website", "Voortgang", "geaccepteerd op", "Kans", "Geschiedenis"):
        assert word in result.out
    assert "aangemaakt: Website" in result.out
    assert english_in(result.out) == set()


def test_report_speaks_dutch(dutch):
    result = dutch("report", "--lang", "nl")
    assert result.code == 0, result.err
    for heading in (
        "Managementinformatie",
        "Pijplijn nu (open deals)",
        "Gewonnen en verloren per voortgang bij afsluiten",
        "Trechter (deals die elke voortgang bereikten)",
        "Verloren aan concurrenten",
        "Prognose (open deals per verwachte sluitingsmaand)",
        "Winstpercentage",
        "Correcties",
        "Trend per maand",
    ):
        assert heading in result.out
    assert "Kennismaken     10 %" in result.out
    assert "Totaal: 50,0 % (1 gewonnen van 2 gesloten)" in result.out
    assert english_in(result.out) == set()


def test_report_stays_english_without_lang(run):
    assert run("init").code == 0
    result = run("report")
    assert result.out.startswith("Management information\n\nPipeline now (open deals)\n")
    assert "Introduction    10%" in result.out
    assert "Overall: – (0 won of 0 closed)" in result.out


def test_errors_speak_dutch(dutch):
    missing = dutch("deal", "move", "99", "Voorstel", "--lang", "nl")
    assert (missing.code, missing.err) == (1, "dealboard: Er is geen deal #99.\n")
    closed = dutch("deal", "move", "2", "Voorstel", "--lang", "nl")
    assert closed.err == (
        "dealboard: Deal #2 is geaccepteerd; heropen de deal eerst om de voortgang te wijzigen.\n"
    )
    nothing = dutch("deal", "edit", "1", "--lang", "nl")
    assert nothing.err == "dealboard: Niets te wijzigen: geef minstens één veldoptie.\n"
    for result in (missing, closed, nothing):
        assert english_in(result.err) == set()


def test_usage_errors_and_help_speak_dutch(dutch, capsys):
    usage = dutch("deal", "show", "--lang", "nl")
    assert usage.code == 2
    assert "gebruik: dealboard deal show" in usage.err
    assert "fout: deze argumenten zijn verplicht: DEAL" in usage.err
    with pytest.raises(SystemExit):
        from tui.cli.main import main

        main(["deal", "add", "--help", "--lang", "nl"])
    shown = capsys.readouterr().out
    assert "opties:" in shown and "toon deze hulp en stop" in shown
    assert "maak een deal aan (in de eerste actieve voortgang, tenzij --phase)" in shown
    assert english_in(shown) == set()
