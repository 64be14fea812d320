"""`dealboard deal edit --next-step …`, `--clear-next-step`, and the next step in `deal show`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_edit_sets_the_next_step_and_show_prints_it(run, cli_db):
    assert run("deal", "add", "Website").code == 0
    result = run("deal", "edit", "1", "--next-step", "Call Anna", "--next-step-date", "2026-12-03")
    assert result.code == 0, result.err
    assert result.out.strip() == "1"
    assert rows(cli_db, "SELECT next_step, next_step_date, version FROM deal") == [
        ("Call Anna", "2026-12-03", 2)
    ]
    assert rows(cli_db, "SELECT field, new_value FROM deal_event WHERE kind = 'field'") == [
        ("next_step", "Call Anna"),
        ("next_step_date", "2026-12-03"),
    ]
    shown = run("deal", "show", "1").out
    assert "  Next step      Call Anna (2026-12-03)\n" in shown
    assert "next step: (empty) → Call Anna" in shown
    assert "next step date: (empty) → 2026-12-03" in shown
    data = json.loads(run("deal", "show", "1", "--json").out)
    assert (data["next_step"], data["next_step_date"]) == ("Call Anna", "2026-12-03")


def test_a_deal_without_a_next_step_shows_none(run):
    run("deal", "add", "Website")
    assert "Next step" not in run("deal", "show", "1").out
    data = json.loads(run("deal", "show", "1", "--json").out)
    assert (data["next_step"], data["next_step_date"]) == (None, None)
    [listed] = json.loads(run("deal", "list", "--json").out)
    assert (listed["next_step"], listed["next_step_date"]) == (None, None)


def test_clear_next_step_clears_both(run, cli_db):
    run("deal", "add", "Website")
    run("deal", "edit", "1", "--next-step", "Call", "--next-step-date", "2026-12-03")
    result = run("deal", "edit", "1", "--clear-next-step", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["next_step"] is None
    assert rows(cli_db, "SELECT next_step, next_step_date, version FROM deal") == [(None, None, 3)]


def test_bad_next_steps_are_refused_with_a_sentence(run, cli_db):
    run("deal", "add", "Website")
    cases = [
        (("--next-step-date", "2026-02-30", "--next-step", "Call"), "2026-02-30 is not a real"),
        (("--next-step-date", "2026-12-03"), "needs the next step itself"),
        (("--next-step", "x" * 201), "the limit is 200"),
        (("--clear-next-step", "--next-step-date", "2026-12-03"), "clears the date too"),
    ]
    for options, message in cases:
        result = run("deal", "edit", "1", *options)
        assert result.code == 1, options
        assert message in result.err
        assert "Traceback" not in result.err
    both = run("deal", "edit", "1", "--next-step", "x", "--clear-next-step")
    assert both.code == 2  # argparse: not allowed together
    assert rows(cli_db, "SELECT version, next_step FROM deal") == [(1, None)]


def test_edit_next_step_with_a_stale_version_is_a_conflict(run, cli_db):
    run("deal", "add", "Website")
    run("deal", "edit", "1", "--next-step", "Call")
    result = run("deal", "edit", "1", "--next-step", "Mail", "--expect-version", "1")
    assert result.code == 3
    assert "next step" in result.err
    assert rows(cli_db, "SELECT next_step FROM deal") == [("Call",)]


def test_add_takes_a_next_step_and_its_date(run, cli_db):
    result = run(
        "deal",
        "add",
        "Office move",
        "--next-step",
        "Call [b]Jan[/b]",
        "--next-step-date",
        "2026-12-03",
        "--json",
    )
    assert result.code == 0, result.err
    data = result.json()
    assert (data["next_step"], data["next_step_date"]) == ("Call [b]Jan[/b]", "2026-12-03")
    assert rows(cli_db, "SELECT next_step, next_step_date FROM deal") == [
        ("Call [b]Jan[/b]", "2026-12-03")
    ]


def test_add_refuses_a_next_step_date_alone_and_writes_nothing(run, cli_db):
    result = run("deal", "add", "Office move", "--next-step-date", "2026-12-03")
    assert result.code != 0
    assert "needs the next step itself" in result.err
    assert rows(cli_db, "SELECT COUNT(*) FROM deal") == [(0,)]
