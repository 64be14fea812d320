"""Fixtures for command-line tests: a database path and a runner around ``tui.cli.main.main``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.domain.language import resolve_language
from models.storage.database import open_database
from tests.models.reports.report_cases import build_hand_database
from tui.cli.main import main


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
