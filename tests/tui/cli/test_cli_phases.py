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
    result = run("phase", "merge", "presentation", "--into", "proposal", "--yes")
    assert result.code == 0 and "Moved 2 deals" in result.out
    assert "2 open deals move from Presentation to Proposal" in result.out
    with sqlite3.connect(cli_db) as conn:
        assert conn.execute("SELECT DISTINCT phase_id FROM deal").fetchall() == [(3,)]
        assert conn.execute("SELECT COUNT(*) FROM deal_event WHERE kind = 'phase'").fetchone() == (
            2,
        )
    assert phases(cli_db)[1] == (2, "Presentation", 25, 1)


def everything(db: Path) -> tuple[list[tuple], ...]:
    with sqlite3.connect(db) as conn:
        return tuple(
            conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("phase", "deal", "deal_event")
        )


@pytest.fixture
def negotiation(run):
    """Negotiation (75 %): €1,000 open, €333.33 open at its own 60 %, and a lost deal."""
    run("deal", "add", "Plain", "--phase", "negotiation", "--value", "1000")
    run("deal", "add", "Own", "--phase", "negotiation", "--value", "333.33", "--probability", "60")
    run("deal", "add", "Lost", "--phase", "negotiation", "--value", "50")
    assert run("deal", "reject", "3", "--reason", "No budget").code == 0


class FakeTerminal:
    """Stands in for stdin on a terminal where a person types ``answer``."""

    def __init__(self, answer: str) -> None:
        self.answer = answer

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        return self.answer


PREVIEW_INTO_INTRODUCTION = (
    # 100 000 × 75 % = 75 000 and 33 333 × 60 % = 19 999.8 → 20 000; then both at 10 %:
    # 10 000 and 3 333.3 → 3 333.
    "2 open deals move from Negotiation to Introduction: weighted value €950.00 → €133.33"
    " (-€816.67).\n"
    "1 of them loses its own probability and counts Introduction's 10%.\n"
    "1 closed deal is relabelled to Introduction (won or lost; each keeps its probability"
    " at close).\n"
    "Negotiation is archived afterwards.\n"
)


def test_merge_without_yes_shows_the_preview_and_refuses_when_nobody_can_answer(
    run, cli_db, negotiation
):
    before = everything(cli_db)
    result = run("phase", "merge", "negotiation", "--into", "introduction")
    assert result.code == 1
    assert result.out == PREVIEW_INTO_INTRODUCTION
    assert result.err == "dealboard: Nothing merged: add --yes to merge without being asked.\n"
    assert everything(cli_db) == before


@pytest.mark.parametrize("answer", ["n\n", "\n", ""])
def test_merge_on_a_terminal_asks_and_no_changes_nothing(
    run, cli_db, negotiation, monkeypatch, answer
):
    monkeypatch.setattr("sys.stdin", FakeTerminal(answer))
    before = everything(cli_db)
    result = run("phase", "merge", "negotiation", "--into", "introduction")
    assert result.code == 1
    assert result.out == PREVIEW_INTO_INTRODUCTION
    assert result.err == "Merge? [y/N] dealboard: Nothing merged.\n"
    assert everything(cli_db) == before


def test_merge_on_a_terminal_merges_on_yes(run, cli_db, negotiation, monkeypatch):
    monkeypatch.setattr("sys.stdin", FakeTerminal("y\n"))
    result = run("phase", "merge", "negotiation", "--into", "introduction")
    assert result.code == 0, result.err
    assert result.out == PREVIEW_INTO_INTRODUCTION + (
        "Moved 3 deals from Negotiation into Introduction; Negotiation is archived.\n"
    )
    with sqlite3.connect(cli_db) as conn:
        assert conn.execute("SELECT DISTINCT phase_id FROM deal").fetchall() == [(1,)]


def test_merge_json_carries_the_preview(run, cli_db, negotiation):
    before = everything(cli_db)
    refused = run("phase", "merge", "negotiation", "--into", "introduction", "--json")
    assert refused.code == 1 and "--yes" in refused.err
    assert everything(cli_db) == before
    expected = {
        "source_name": "Negotiation",
        "target_name": "Introduction",
        "open_deals": 2,
        "overrides_dropped": 1,
        "closed_deals": 1,
        "deleted_deals": 0,
        "total_deals": 3,
        "open_value_cents": 133_333,
        "weighted_before_cents": 95_000,
        "weighted_after_cents": 13_333,
        "weighted_change_cents": -81_667,
    }
    shown = refused.json()["preview"]
    assert {key: shown[key] for key in expected} == expected
    merged = run("phase", "merge", "negotiation", "--into", "introduction", "--json", "--yes")
    assert merged.code == 0
    done = merged.json()
    assert done["moved"] == 3
    assert {key: done["preview"][key] for key in expected} == expected


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
