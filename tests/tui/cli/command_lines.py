"""Sample command lines, the usual and the awkward, that both grammars must parse alike.

``test_cli_grammar.py`` parses each with the command's own grammar and with the whole one;
``test_cli_kept_grammar.py`` parses each with a kept grammar and a fresh build.
"""

from __future__ import annotations

# Lines the tests of tui/cli run, and the awkward ones: options before, between and after the
# command, an abbreviated option, "--", mistakes in the command, its verb and its values.
LINES = [
    ["deal", "list"],
    ["--db", "x.sqlite", "deal", "list", "--json"],
    ["deal", "--db", "a.sqlite", "list", "--db", "b.sqlite"],
    ["--us", "bob", "deal", "show", "3"],
    ["--", "deal", "list"],
    ["deal", "list", "extra"],
    ["deal"],
    ["deal", "lst"],
    ["dela", "list"],
    ["deal", "add"],
    ["deal", "add", "Site", "--value", "12,50", "--lang", "nl"],
    ["--lang", "nl", "deal", "add"],
    ["--lang", "xx", "deal", "list"],
    ["deal", "edit", "3", "--expect-version", "2", "--title", "New"],
    ["deal", "reopen", "1", "--user", "tester"],
    ["phase", "add", "Won", "--probability", "x"],
    ["phase"],
    ["reason", "archive", "gut feeling"],
    ["setting", "set", "language", "nl"],
    ["person", "archive", "bob", "--json"],
    ["init", "--lang=nl", "--db", "z.sqlite"],
    ["demo", "--deals", "5"],
    ["check", "--json"],
    ["backup"],
    ["-q", "export", "-"],
    ["import"],
    ["--read-only", "agenda"],
    ["report", "--bogus"],
    ["report", "--as-of", "2026-01-01", "--csv"],
    ["copy"],
    ["--version", "deal"],
    ["--demo", "deal", "list"],
    ["--no-such-option", "deal", "list"],
]
