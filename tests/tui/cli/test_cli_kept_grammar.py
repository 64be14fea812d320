"""The grammars kept for the test run (``kept_build_parser``, tests/tui/cli/conftest.py) are new ones.

A kept grammar must print the same help and parse every line as a grammar built now with the
same inputs, in every language, for every command and after it has already parsed lines.
"""

from __future__ import annotations

import argparse
import io
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import pytest

import tui.cli.main as cli_main
from models.domain.i18n import set_language
from tests.tui.cli.command_lines import LINES
from tests.tui.cli.conftest import grammar_inputs
from tui.cli.commands import COMMAND_MODULES

# The grammars parse_arguments asks for: options only, one command's, the whole one.
BUILDS = [
    {"commands": False},
    *({"only": name} for name in COMMAND_MODULES),
    {},
]


def helps(parser: argparse.ArgumentParser) -> list[str]:
    """The help of a grammar and of every command and verb under it, as printed."""
    found = [parser.format_help(), parser.format_usage()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(helps(sub))
    return found


def parsed(parser: argparse.ArgumentParser, words: list[str]) -> tuple[Any, ...]:
    """The values a line gives, or the exit and its output.

    A parser among the values is named by its help, a handler by its name (each build makes
    its own closures).
    """
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            values = vars(parser.parse_args(words))
    except SystemExit as exc:
        return ("exit", exc.code, out.getvalue(), err.getvalue())
    except argparse.ArgumentError as exc:  # the options-only grammar raises its mistakes
        return ("error", str(exc))
    named = {}
    for key, value in values.items():
        if isinstance(value, argparse.ArgumentParser):
            value = value.format_help()
        elif callable(value):
            value = value.__qualname__
        named[key] = value
    return tuple(sorted(named.items()))


def test_main_builds_its_grammars_through_the_kept_builder() -> None:
    assert getattr(cli_main.build_parser, "kept", False)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("build", BUILDS, ids=repr)
def test_a_kept_grammar_prints_and_parses_as_a_new_one(lang: str, build: dict[str, Any]) -> None:
    set_language(lang)
    kept = cli_main.build_parser(**build)
    for words in LINES:  # used before, as by earlier tests
        parsed(kept, words)
    assert cli_main.build_parser(**build) is kept
    new = cli_main.build_parser.build(**build)  # type: ignore[attr-defined]
    assert helps(kept) == helps(new)
    for words in LINES:
        assert parsed(kept, words) == parsed(new, words), words


def test_each_language_and_width_has_its_own_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("en")
    english = cli_main.build_parser()
    set_language("nl")
    dutch = cli_main.build_parser()
    assert dutch is not english and helps(dutch) != helps(english)
    monkeypatch.setenv("COLUMNS", "50")
    narrow = cli_main.build_parser()
    assert narrow is not dutch and narrow.format_help() != dutch.format_help()
    assert grammar_inputs()[3] == 50
