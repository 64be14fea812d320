"""The layering of docs/architecture.md, at run time: what each part loads when imported.

``lint-imports`` checks the same contracts statically (pyproject.toml); these tests import the
modules for real, so an import hidden behind a string or a plugin would show up too.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import models

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (nothing imported yet) in the repository."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )


def test_models_never_import_textual_or_tui():
    names = [m.name for m in pkgutil.walk_packages(models.__path__, "models.")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    result = run_python(code)
    assert result.stdout.strip() == ""
    assert len(names) > 40  # every module of every layer, not just the packages


def test_scripted_commands_do_not_load_textual():
    code = (
        "import sys\n"
        "from tui.cli.main import build_parser\n"
        "build_parser()\n"
        "print('textual' in sys.modules)\n"
    )
    result = run_python(code)
    assert result.stdout.strip() == "False"


def test_starting_the_app_does_not_build_the_commands_grammar():
    code = (
        "import sys\n"
        "from tui.cli.main import parse_arguments\n"
        "args = parse_arguments(['--db', 'x.sqlite', '--read-only'])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('tui.cli.') and m not in ('tui.cli.main', 'tui.cli.context'))\n"
        "print(args.command, args.db, args.read_only, ','.join(loaded))\n"
    )
    result = run_python(code)
    assert result.stdout.split() == ["None", "x.sqlite", "True"]


def test_the_whole_grammar_still_answers_commands_help_and_mistakes(capsys):
    from tui.cli.main import parse_arguments

    args = parse_arguments(["--db", "x.sqlite", "deal", "list"])
    assert (args.command, args.db) == ("deal", "x.sqlite")
    with pytest.raises(SystemExit) as exit_help:
        parse_arguments(["--help"])
    assert exit_help.value.code == 0
    assert "deal" in capsys.readouterr().out  # the commands are listed
    with pytest.raises(SystemExit) as exit_bad:
        parse_arguments(["--no-such-option"])
    assert exit_bad.value.code == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


def test_every_command_module_loads_without_textual():
    import tui.cli

    names = [m.name for m in pkgutil.walk_packages(tui.cli.__path__, "tui.cli.")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual' or m == 'tui.app'))\n"
    )
    result = run_python(code)
    assert result.stdout.strip() == "[]"
    assert len(names) >= 6
