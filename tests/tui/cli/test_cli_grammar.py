"""A command line builds only its own command's grammar, and parses as the whole grammar does.

``tui.cli.commands`` names the module that registers each command; ``parse_arguments`` builds
the grammar with that module alone when the words name a command (``dealboard deal list``
imports neither the reports nor the copy). Help, mistakes and unknown commands get the whole
grammar, so every line must come out the same either way: the same values, or the same exit
code and message.
"""

from __future__ import annotations

import argparse
import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import pytest

from models.domain.i18n import set_language
from tests.tui.cli.command_lines import LINES
from tests.tui.conftest import fresh_python
from tui.cli.commands import COMMAND_MODULES, MODULES
from tui.cli.language import early_language
from tui.cli.main import Parser, build_parser, parse_arguments


def commands_of(parser: argparse.ArgumentParser) -> list[str]:
    """The command names a grammar offers."""
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(found[0].choices)


def test_each_command_is_registered_by_the_module_named_for_it():
    assert sorted(commands_of(build_parser())) == sorted(COMMAND_MODULES)
    assert sorted(MODULES) == sorted(set(COMMAND_MODULES.values()))
    for name, module in COMMAND_MODULES.items():
        alone = commands_of(build_parser(only=name))
        assert name in alone
        assert {COMMAND_MODULES[other] for other in alone} == {module}


def outcome(parse: Any, words: list[str]) -> tuple[Any, ...]:
    """What parsing ``words`` gives: the values (handlers by name), or the exit and its output."""
    set_language(early_language(words))
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            values = vars(parse(words)).copy()
    except SystemExit as exc:
        return ("exit", exc.code, out.getvalue(), err.getvalue())
    group = values.pop("group_parser", None)
    named = {key: getattr(value, "__qualname__", value) for key, value in values.items()}
    return ("parsed", named, group.format_help() if group else None)


@pytest.mark.parametrize("words", LINES, ids=" ".join)
def test_a_command_alone_parses_as_the_whole_grammar(words):
    assert outcome(parse_arguments, words) == outcome(
        lambda line: build_parser().parse_args(line), words
    )


def test_help_wraps_at_the_width_argparse_measures(monkeypatch):
    monkeypatch.setenv("COLUMNS", "50")
    parser = build_parser()
    verbs = [sub for sub in parser._subparsers._group_actions[0].choices.values()]  # type: ignore[union-attr]
    for each in [parser, *verbs]:
        assert isinstance(each, Parser)
        assert each.width == 48  # measured once per build, less argparse's margin of 2
        ours = each.format_help()
        each.width = None  # argparse's own formatter measures the terminal itself
        assert each.format_help() == ours


# Not needed by `dealboard deal list`: the other commands and what only they use.
NOT_FOR_DEAL_LIST = (
    "tui.cli.admin",
    "tui.cli.agenda",
    "tui.cli.copy",
    "tui.cli.csv_files",
    "tui.cli.people",
    "tui.cli.phases",
    "tui.cli.report",
    "models.reports.management",
    "models.storage.copy",
)


def test_a_light_command_imports_no_other_commands_modules(sqlite_template, tmp_path):
    db = tmp_path / "deals.sqlite"
    shutil.copyfile(sqlite_template, db)
    code = (
        "import sys\n"
        "from tui.launch import main\n"
        f"code = main(['deal', 'list', '--db', {str(db)!r}, '--user', 'tester'])\n"
        f"print(code, ','.join(m for m in {NOT_FOR_DEAL_LIST!r} if m in sys.modules))\n"
    )
    result = fresh_python(code)
    assert result.stdout.split() == ["0"], result.stdout + result.stderr
