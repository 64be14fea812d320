"""The `dealboard phase …`, `reason …` and `setting …` commands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def phases(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT position, name, probability, archived FROM phase ORDER BY position"
        ).fetchall()


def test_list_shows_the_five_default_phases(run):
    result = run("phase", "list", "--json")
    assert result.code == 0
    assert [(p["name"], p["probability"]) for p in result.json()] == [
        ("Introduction", 10),
        ("Presentation", 25),
        ("Proposal", 50),
        ("Negotiation", 75),
        ("Order", 100),
    ]


def test_dutch_database_has_dutch_phases(run, cli_db):
    result = run("phase", "list", "--lang", "nl")
    assert result.code == 0
    assert "Kennismaken" in result.out and "Onderhandelen" in result.out
    assert [row[1] for row in phases(cli_db)] == [
        "Kennismaken",
        "Presenteren",
        "Voorstel",
        "Onderhandelen",
        "Opdracht",
    ]


def test_add_edit_move_archive_unarchive_delete(run, cli_db):
    assert run("phase", "add", "Qualified", "--probability", "15", "--position", "2").out == "6\n"
    assert phases(cli_db)[1] == (2, "Qualified", 15, 0)
    assert (
        run("phase", "edit", "qualified", "--name", "Qualification", "--probability", "20").code
        == 0
    )
    assert run("phase", "move", "Qualification", "--position", "5").code == 0
    assert phases(cli_db)[4] == (5, "Qualification", 20, 0)
    assert run("phase", "archive", "6").code == 0
    assert phases(cli_db)[4][3] == 1
    assert run("phase", "unarchive", "6").code == 0
    assert run("phase", "delete", "Qualification").code == 0
    assert [row[1] for row in phases(cli_db)] == [
        "Introduction",
        "Presentation",
        "Proposal",
        "Negotiation",
        "Order",
    ]
    assert [row[0] for row in phases(cli_db)] == [1, 2, 3, 4, 5]


def test_merge_moves_deals_and_archives(run, cli_db):
    run("deal", "add", "A", "--phase", "presentation")
    run("deal", "add", "B", "--phase", "presentation")
    result = run("phase", "merge", "presentation", "--into", "proposal")
    assert result.code == 0 and "Moved 2 deal(s)" in result.out
    with sqlite3.connect(cli_db) as conn:
        assert conn.execute("SELECT DISTINCT phase_id FROM deal").fetchall() == [(3,)]
        assert conn.execute("SELECT COUNT(*) FROM deal_event WHERE kind = 'phase'").fetchone() == (
            2,
        )
    assert phases(cli_db)[1] == (2, "Presentation", 25, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("phase", "add", "X", "--probability", "101"), "between 0 and 100"),
        (("phase", "add", "X", "--probability", "-1"), "whole number from 0 to 100"),
        (("phase", "add", "X", "--probability", "50%"), "leave out the % sign"),
        (("phase", "add", "X", "--probability", "50.5"), "whole number"),
        (("phase", "add", "", "--probability", "5"), "cannot be empty"),
        (("phase", "add", "x" * 500, "--probability", "5"), "limit is 60"),
        (("phase", "add", "PROPOSAL", "--probability", "5"), "already exists"),
        (("phase", "edit", "nope", "--probability", "5"), "no phase"),
        (("phase", "edit", "proposal"), "Nothing to change"),
        (("phase", "move", "proposal", "--position", "9"), "from 1 to 5"),
        (("phase", "merge", "proposal", "--into", "proposal"), "into itself"),
        (("reason", "add", "Best price"), "already exists"),
        (("setting", "set", "currency", "euro"), "three-letter"),
    ],
)
def test_bad_phase_input_is_refused(run, cli_db, args, message):
    run("phase", "list")
    before = phases(cli_db)
    result = run(*args)
    assert result.code == 1, result.out
    assert message in result.err
    assert "Traceback" not in result.err
    assert phases(cli_db) == before


def test_used_phase_cannot_be_deleted_and_last_phase_not_archived(run, cli_db):
    run("deal", "add", "A", "--phase", "order")
    run("deal", "accept", "1")
    used = run("phase", "delete", "order")
    assert used.code == 1 and "cannot be deleted" in used.err
    for name in ("introduction", "presentation", "proposal", "negotiation"):
        assert run("phase", "archive", name).code == 0
    last = run("phase", "archive", "order")
    assert last.code == 1 and "last active phase" in last.err


def test_reasons_and_settings(run, cli_db):
    assert run("reason", "add", "Gut feeling", "--applies-to", "accepted").code == 0
    listed = run("reason", "list", "--json").json()
    assert {"name": "Gut feeling", "applies_to": "accepted"}.items() <= next(
        r for r in listed if r["name"] == "Gut feeling"
    ).items()
    assert run("reason", "archive", "gut feeling").code == 0
    assert run("reason", "edit", "gut feeling", "--name", "Intuition").code == 0
    assert run("setting", "set", "require_reason_on_reject", "no").code == 0
    run("deal", "add", "A")
    assert run("deal", "reject", "1").code == 0
    assert run("setting", "set", "currency", "usd").code == 0
    assert run("setting", "list", "--json").json()["currency"] == "USD"
