"""Fixtures for command-line tests: a database path and a runner around ``tui.cli.main.main``."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import tui.cli.main as cli_main
from models.domain.i18n import current_language
from models.domain.language import resolve_language
from models.storage.database import open_database
from tests.models.reports.report_cases import build_hand_database
from tui.cli.main import main

# The grammars ``tui.cli.main.build_parser`` built in this process, by what a build depends on.
_grammars: dict[tuple[Any, ...], argparse.ArgumentParser] = {}


def grammar_inputs(*, commands: bool = True, only: str | None = None) -> tuple[Any, ...]:
    """Everything a grammar built now depends on besides the code that builds it.

    Its help texts are translated while it is built (the current language; argparse's own
    words, ``-h`` and the group titles, through the ``_`` it reads them with, which
    ``argparse_words.install`` replaces) and wrapped for the terminal's width, measured then;
    defaults are constants (nothing read from the environment or the clock).
    """
    if commands:
        from tui.cli import argparse_words

        argparse_words.install()  # what the build does first: argparse's words as it finds them
    width = shutil.get_terminal_size().columns
    words = (getattr(argparse, "_", None), getattr(argparse, "ngettext", None))
    return (commands, only, current_language(), width, words)


def kept_build_parser(build: Callable[..., argparse.ArgumentParser]) -> Callable[..., Any]:
    """Wrap ``build_parser``: a grammar is built once per process for the same inputs.

    A real ``dealboard`` builds its grammar once; a test process calls ``main`` some 800 times
    and built a grammar for each (about 2 ms for ``deal``, 7 ms for the whole one, a tenth of
    the command-line tests' CPU). argparse only reads a parser while it parses or prints
    help, so the same parser serves every call with the same inputs (``grammar_inputs``);
    ``test_cli_kept_grammar.py`` holds every kept grammar to a new build.
    """

    def build_parser(*, commands: bool = True, only: str | None = None) -> Any:
        key = grammar_inputs(commands=commands, only=only)
        try:
            return _grammars[key]
        except KeyError:
            parser = _grammars[key] = build(commands=commands, only=only)
            return parser

    build_parser.kept = True  # type: ignore[attr-defined]
    build_parser.build = build  # type: ignore[attr-defined]
    return build_parser


@pytest.fixture(scope="session", autouse=True)
def kept_grammars() -> Iterator[None]:
    """Build each grammar once per process (``kept_build_parser``), from collection's end on.

    Only ``main`` and ``parse_arguments`` (which look ``build_parser`` up when they run) use
    the kept grammars: a test module that imported ``build_parser`` gets a new one each call,
    as a test that changes the parser it builds needs.
    """
    build = cli_main.build_parser
    cli_main.build_parser = kept_build_parser(build)
    try:
        yield
    finally:
        cli_main.build_parser = build


@dataclass
class Result:
    """What one command printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> object:
        """Parse stdout as JSON."""
        return json.loads(self.out)


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database path in tmp_path, with the user's own environment kept out."""
    monkeypatch.delenv("DEALBOARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    return tmp_path / "deals.sqlite"


def _creates_english(args: tuple[str, ...]) -> bool:
    """Tell whether ``dealboard init`` would create an English database for these arguments."""
    return "--lang" not in args and resolve_language(None, os.environ, None) == "en"


@pytest.fixture
def run(
    cli_db: Path, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> Callable[..., Result]:
    """Run ``dealboard ARGS --db cli_db --user tester`` in-process; return code and output.

    Before the first command other than ``init`` or ``demo`` (which never create a database)
    the database is made as ``dealboard init`` would: a copy of the session's English
    template (``sqlite_template``, what ``open_database`` creates) where init would create an
    English one (``resolve_language`` as init asks it), else ``init`` itself (``--lang``, or a
    test's own language variables).
    """

    def runner(*args: str, db: Path | str | None = None, user: str = "tester") -> Result:
        if db is None and args and args[0] not in ("init", "demo") and not cli_db.exists():
            if _creates_english(args):
                shutil.copy(request.getfixturevalue("sqlite_template"), cli_db)
            else:
                lang = list(args[args.index("--lang") :][:2]) if "--lang" in args else []
                main(["init", "--db", str(cli_db), *lang])
        capsys.readouterr()
        argv = [*args, "--db", str(db or cli_db), "--user", user]
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return runner


@pytest.fixture
def cli(
    db: object, db_target: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Result]:
    """Run ``dealboard ARGS --user USER`` in-process on the test's database, SQLite or PostgreSQL.

    The database is named by DEALBOARD_DB: a PostgreSQL URL carries a password, which
    ``--db`` refuses.
    """
    monkeypatch.setenv("DEALBOARD_DB", db_target)

    def runner(*args: str, user: str | None = "tester") -> Result:
        capsys.readouterr()
        argv = [*args, *(["--user", user] if user is not None else [])]
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return runner


@pytest.fixture(scope="module")
def hand_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-built report database (tests/models/reports/report_cases.py), once per module.

    Tests copy it to ``cli_db`` (their own ``hand_db`` fixture, each with the clock it needs).
    """
    path = tmp_path_factory.mktemp("hand") / "hand.sqlite"
    database = open_database(path)
    try:
        build_hand_database()
    finally:
        database.close()
    return path


def run_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``dealboard`` entry point in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
