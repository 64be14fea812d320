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


# What starting the app loads of tui.cli: the entry point, the app's options, and the choice
# of language (the app needs it before parsing: --lang, DEALBOARD_LANG, the locale). The
# reading of typed arguments (tui.cli.typed_arguments) and argparse's translated words
# (tui.cli.argparse_words) belong to the commands' grammar and must stay out.
APP_START_MODULES = ("tui.cli.main", "tui.cli.context", "tui.cli.language")


def test_starting_the_app_does_not_build_the_commands_grammar():
    code = (
        "import sys\n"
        "from tui.cli.main import parse_arguments\n"
        "args = parse_arguments(['--db', 'x.sqlite', '--read-only'])\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith('tui.cli.') and m not in {APP_START_MODULES!r})\n"
        "print(args.command, args.db, args.read_only, ','.join(loaded))\n"
    )
    result = run_python(code)
    assert result.stdout.split() == ["None", "x.sqlite", "True"]


@pytest.mark.parametrize(
    ("words", "error"),
    [
        (["--lang", "nl", "--db"], "dealboard: fout: argument --db: verwacht één argument"),
        (["--lang", "nl", "--d", "x"], "dealboard: fout: dubbelzinnige optie: --d kan"),
    ],
)
def test_a_mistake_in_the_apps_options_speaks_the_users_language(words, error):
    # In a fresh interpreter: argparse's words are translated only once the whole grammar
    # is built, which the options-only pass of the app's start never does.
    code = f"import sys\nfrom tui.cli.main import main\nmain({words!r})\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 2
    assert "gebruik: dealboard" in result.stderr
    assert error in result.stderr


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
