"""`dealboard copy --to DB` as a user runs it: exit codes, messages, passwords, progress."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.backends import fresh_pg_database, table_snapshot
from tests.tui.cli.conftest import Result, run_process
from tui.cli import copy as cli_copy
from tui.cli.context import CliContext
from tui.cli.main import main


def fill(run: Callable[..., Result]) -> None:
    """Deals with a history: moved back and forth, won, lost with a competitor, reopened."""
    commands = [
        ("deal", "add", "Website", "--value", "1200.50", "--source", "fair"),
        ("deal", "move", "1", "Proposal"),
        ("deal", "move", "1", "Introduction"),
        ("deal", "add", "Shop", "--value", "800", "--phase", "Negotiation"),
        ("deal", "accept", "2"),
        ("deal", "add", "App", "--value", "300", "--phase", "Proposal"),
        ("deal", "reject", "3", "--reason", "Price too high", "--competitor", "Acme"),
        ("deal", "reopen", "3"),
        ("phase", "add", "Legal", "--probability", "60"),
        ("phase", "archive", "Legal"),
        ("person", "add", "tester", "--name", "Tess de Tester"),
    ]
    for command in commands:
        result = run(*command)
        assert result.code == 0, (command, result.err)


def report_json(target: Path | str, capsys: pytest.CaptureFixture[str]) -> Any:
    """``report --format json`` of any database, named as a user would (DEALBOARD_DB)."""
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEALBOARD_DB", str(target))
        assert main(["report", "--format", "json", "--user", "tester"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def empty_pg(pg_server_url: str) -> Iterator[str]:
    """The URL (with its password) of a PostgreSQL database fresh from createdb."""
    with fresh_pg_database(pg_server_url) as url:
        yield url


def test_copy_to_a_new_file(run, cli_db, tmp_path, capsys):
    fill(run)
    target = tmp_path / "moved.sqlite"
    result = run("copy", "--to", str(target))
    assert result.code == 0, result.err
    events = len(table_snapshot(cli_db)["deal_event"])
    assert result.out == (
        f"Copied 6 phases, 11 reasons, 5 settings, 1 people, 3 deals and {events} history rows to"
        f" {target}; both give the same report.\n"
    )
    assert result.err == ""  # no progress bar: stderr is not a terminal
    assert report_json(target, capsys) == report_json(cli_db, capsys)
    shown = run("deal", "show", "1", "--json", db=target).json()
    assert shown == run("deal", "show", "1", "--json").json()


def test_copy_to_postgresql_with_the_url_in_the_environment(
    run, cli_db, empty_pg, monkeypatch, capsys
):
    fill(run)
    password = empty_pg.split("@")[0].rsplit(":", 1)[1]
    monkeypatch.setenv("DEALBOARD_COPY_TO", empty_pg)
    result = run("copy")
    assert result.code == 0, result.err
    assert "***@" in result.out and password not in result.out + result.err
    assert report_json(empty_pg, capsys) == report_json(cli_db, capsys)


def test_a_password_in_to_is_refused_before_connecting(run):
    result = run("copy", "--to", "postgresql://ann:s3cret-pw@db.invalid/deals")
    assert result.code == 2
    assert "DEALBOARD_COPY_TO" in result.err and "~/.pgpass" in result.err
    assert "s3cret-pw" not in result.err and "db.invalid" not in result.err


def test_a_password_from_the_environment_is_never_shown(run, monkeypatch):
    monkeypatch.setenv("DEALBOARD_COPY_TO", "postgresql://ann:s3cret-pw@127.0.0.1:1/deals")
    result = run("copy")
    assert result.code == 1
    assert "Cannot connect to PostgreSQL" in result.err and "s3cret-pw" not in result.err


def test_without_a_target_it_says_how_to_give_one(run):
    result = run("copy")
    assert result.code == 2 and "--to PATH_OR_URL" in result.err


def test_a_target_with_data_is_refused(run, tmp_path):
    fill(run)
    target = tmp_path / "moved.sqlite"
    assert run("copy", "--to", str(target)).code == 0
    before = table_snapshot(target)
    again = run("copy", "--to", str(target))
    assert again.code == 1
    assert "already holds dealboard data (3 deals" in again.err
    assert table_snapshot(target) == before


def test_copying_onto_itself_is_refused(run, cli_db):
    fill(run)
    result = run("copy", "--to", str(cli_db))
    assert result.code == 1 and "is the database being copied" in result.err


def test_a_report_that_differs_undoes_the_copy(run, tmp_path, monkeypatch):
    fill(run)
    real = cli_copy.build_report
    calls: list[int] = []

    def second_differs(*args: Any) -> dict[str, Any]:
        report = real(*args)
        calls.append(1)
        if len(calls) == 2:  # the target's report
            report["funnel"] = []
        return report

    monkeypatch.setattr(cli_copy, "build_report", second_differs)
    target = tmp_path / "moved.sqlite"
    result = run("copy", "--to", str(target))
    assert result.code == 1
    assert "differs from this database's in funnel;" in result.err
    assert result.out == ""
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "moved" in p.name) == []


def test_a_read_only_source_can_be_copied(run, tmp_path):
    fill(run)
    result = run("copy", "--read-only", "--to", str(tmp_path / "moved.sqlite"))
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("terminal", "quiet", "drawn"),
    [(True, False, True), (True, True, False), (False, False, False)],
)
def test_the_progress_bar_is_drawn_only_for_a_person(
    run, tmp_path, monkeypatch, terminal, quiet, drawn
):
    fill(run)
    monkeypatch.setattr("sys.stderr.isatty", lambda: terminal, raising=False)
    given: list[Any] = []
    real = cli_copy.copy_database

    def spy(to: str, *, progress: Any = None, check: Any = None) -> Any:
        given.append(progress)
        seen: list[tuple[int, int]] = []
        if progress is not None:
            inner = progress
            progress = lambda done, total: (seen.append((done, total)), inner(done, total))  # noqa: E731
        summary = real(to, progress=progress, check=check)
        given.append(seen)
        return summary

    monkeypatch.setattr(cli_copy, "copy_database", spy)
    args = ["copy", "--to", str(tmp_path / "moved.sqlite"), *(["--quiet"] if quiet else [])]
    result = run(*args)
    assert result.code == 0, result.err
    assert (given[0] is not None) is drawn
    assert CliContext(user="x", read_only=False, quiet=quiet).show_progress is drawn
    if drawn:
        total = given[1][-1][1]
        assert given[1][-1] == (total, total) and total > 10


def test_copy_as_a_process(tmp_path):
    source = tmp_path / "deals.sqlite"
    assert run_process("init", "--db", str(source)).returncode == 0
    added = run_process("deal", "add", "Website", "--db", str(source), "--user", "ann")
    assert added.returncode == 0, added.stderr
    copied = run_process("copy", "--db", str(source), "--to", str(tmp_path / "moved.sqlite"))
    assert copied.returncode == 0, copied.stderr
    assert copied.stderr == ""  # not a terminal: no bar
    assert copied.stdout.startswith("Copied 5 phases, 11 reasons, 5 settings, 0 people, 1 deals")
    shown = run_process("deal", "show", "1", "--db", str(tmp_path / "moved.sqlite"))
    assert "Website" in shown.stdout and "ann" in shown.stdout


@pytest.fixture
def locale_pg(pg_server_url: str) -> Iterator[str]:
    """An empty PostgreSQL database that sorts names as people do (ICU, English): acme < Zeta."""
    with fresh_pg_database(pg_server_url, linguistic=True) as url:
        yield url


def test_names_sorted_by_another_collation_still_verify(run, locale_pg, monkeypatch, capsys):
    for title, competitor in (("A", "acme"), ("B", "Zeta"), ("C", "Éclair")):
        assert run("deal", "add", title, "--owner", competitor.lower()).code == 0
    for number, competitor in ((1, "acme"), (2, "Zeta"), (3, "Éclair")):
        lost = run("deal", "reject", str(number), "--reason", "Other", "--competitor", competitor)
        assert lost.code == 0, lost.err
    monkeypatch.setenv("DEALBOARD_COPY_TO", locale_pg)
    result = run("copy")
    assert result.code == 0, result.err
    copied = report_json(locale_pg, capsys)
    names = [row["competitor"] for row in copied["competitors"]]
    assert sorted(names) == ["Zeta", "acme", "Éclair"]
