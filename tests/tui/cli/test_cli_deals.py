"""The `dealboard deal …` commands: every operation from the shell, and their refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def dump(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return [
            (table, *row)
            for table in ("phase", "reason", "deal", "deal_event", "setting")
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1")
        ]


def test_add_prints_the_id_and_stores_the_deal(run, cli_db):
    result = run(
        "deal",
        "add",
        "Website redesign",
        "--organization",
        "Gemeente Utrecht",
        "--value",
        "12500,50",
        "--phase",
        "proposal",
        "--expected-close",
        "2026-12-31",
    )
    assert result.code == 0, result.err
    assert result.out.strip() == "1"
    assert rows(
        cli_db,
        "SELECT title, organization, value_cents, status, owner, expected_close,"
        " (SELECT name FROM phase WHERE id = phase_id) FROM deal",
    ) == [
        (
            "Website redesign",
            "Gemeente Utrecht",
            1250050,
            "open",
            "tester",
            "2026-12-31",
            "Proposal",
        )
    ]
    assert rows(cli_db, "SELECT kind, actor FROM deal_event") == [("created", "tester")]


def test_add_without_phase_uses_the_first_active_phase(run, cli_db):
    run("phase", "archive", "introduction")
    assert run("deal", "add", "X").code == 0
    assert rows(cli_db, "SELECT p.name FROM deal d JOIN phase p ON p.id = d.phase_id") == [
        ("Presentation",)
    ]


def test_accept_in_proposal_keeps_the_phase_and_records_the_probability(run, cli_db):
    run("deal", "add", "Deal", "--phase", "Proposal", "--value", "1000")
    result = run("deal", "accept", "1", "--reason", "best price", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["status"] == "accepted"
    assert data["phase"] == "Proposal"
    assert data["probability_at_close"] == 50
    assert data["reason"] == "Best price"
    assert [event["kind"] for event in data["history"]] == ["created", "status", "field"]
    assert rows(cli_db, "SELECT status, probability_at_close, closed_at IS NOT NULL FROM deal") == [
        ("accepted", 50, 1)
    ]


def test_reject_in_negotiation_with_reason_and_competitor(run, cli_db):
    run("deal", "add", "Deal", "--phase", "negotiation")
    result = run(
        "deal",
        "reject",
        "1",
        "--reason",
        "Price too high",
        "--competitor",
        "Acme",
        "--note",
        "Too expensive",
    )
    assert result.code == 0, result.err
    assert rows(
        cli_db, "SELECT status, probability_at_close, competitor, close_note FROM deal"
    ) == [("rejected", 75, "Acme", "Too expensive")]


def test_move_next_prev_and_by_name(run, cli_db):
    run("deal", "add", "Deal")
    assert run("deal", "move", "1", "next").code == 0
    assert run("deal", "move", "1", "ORDER").code == 0
    assert run("deal", "move", "1", "prev").code == 0
    phases = rows(cli_db, "SELECT new_value FROM deal_event WHERE kind = 'phase' ORDER BY id")
    assert phases == [("Presentation",), ("Order",), ("Negotiation",)]


def test_edit_with_expect_version_conflict_exits_3_and_changes_nothing(run, cli_db):
    run("deal", "add", "Deal", "--value", "10")
    run("deal", "edit", "1", "--value", "20", user="anna")
    before = dump(cli_db)
    result = run("deal", "edit", "1", "--title", "Mine", "--expect-version", "1")
    assert result.code == 3
    assert "anna changed value from 10.00 to 20.00" in result.err
    assert dump(cli_db) == before


def test_edit_probability_override_and_clear(run, cli_db):
    run("deal", "add", "Deal", "--phase", "proposal")
    assert run("deal", "edit", "1", "--probability", "60").code == 0
    assert run("deal", "show", "1", "--json").json()["effective_probability"] == 60
    assert run("deal", "edit", "1", "--clear-probability").code == 0
    shown = run("deal", "show", "1", "--json").json()
    assert shown["effective_probability"] == 50
    assert shown["probability_source"] == "phase"


def test_switch_reopen_delete_restore(run, cli_db):
    run("deal", "add", "Deal")
    run("deal", "accept", "1")
    assert run("deal", "switch", "1", "--reason", "No budget").code == 0
    assert rows(cli_db, "SELECT status FROM deal") == [("rejected",)]
    assert run("deal", "reopen", "1").code == 0
    assert rows(cli_db, "SELECT status, reason_id, closed_at FROM deal") == [("open", None, None)]
    assert run("deal", "delete", "1").code == 0
    assert run("deal", "list").out == ""
    assert run("deal", "list", "--deleted", "--json").json()[0]["id"] == 1
    assert run("deal", "restore", "1").code == 0
    assert rows(cli_db, "SELECT deleted_at FROM deal") == [(None,)]
    kinds = [row[0] for row in rows(cli_db, "SELECT kind FROM deal_event ORDER BY id")]
    assert kinds.count("deleted") == 1 and kinds.count("restored") == 1


def test_show_prints_fields_and_history_literally(run):
    run("deal", "add", "[bold red]x[/] 🚀 שלום", "--organization", "ACME")
    result = run("deal", "show", "1")
    assert result.code == 0
    assert "[bold red]x[/] 🚀 שלום" in result.out
    assert "phase 10 %" in result.out
    assert "History" in result.out


def test_list_filters_by_status_and_phase(run):
    run("deal", "add", "A", "--phase", "proposal")
    run("deal", "add", "B", "--phase", "order")
    run("deal", "accept", "2")
    assert [d["title"] for d in run("deal", "list", "--json").json()] == ["A"]
    assert [d["title"] for d in run("deal", "list", "--status", "accepted", "--json").json()] == [
        "B"
    ]
    assert [d["title"] for d in run("deal", "list", "--status", "all", "--json").json()] == [
        "A",
        "B",
    ]
    assert [
        d["title"]
        for d in run("deal", "list", "--phase", "order", "--status", "all", "--json").json()
    ] == ["B"]


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (("deal", "list", "--status", "won"), "'open', 'accepted', 'rejected', 'all'"),
        (("export", "out.csv", "--status", "lost"), "'open', 'accepted', 'rejected', 'all'"),
        (("reason", "add", "X", "--applies-to", "open"), "'accepted', 'rejected', 'both'"),
    ],
)
def test_a_wrong_status_word_lists_the_words_to_choose_from(run, args, choices):
    result = run(*args)
    assert result.code == 2
    assert f"(choose from {choices})" in result.err
    assert "Status" not in result.err and "AppliesTo" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("deal", "add", "X", "--value", "-5"), "negative"),
        (("deal", "add", "X", "--value", "abc"), "not an amount"),
        (("deal", "add", "X", "--value", "12.500,00"), "not an amount"),
        (("deal", "add", "", "--value", "5"), "cannot be empty"),
        (("deal", "add", "X", "--phase", "99"), "no phase"),
        (("deal", "add", "X", "--phase", "Won"), "no phase"),
        (("deal", "add", "X", "--probability", "101"), "between 0 and 100"),
        (("deal", "add", "X", "--expected-close", "31-02-2026"), "YYYY-MM-DD"),
        (("deal", "add", "X", "--expected-close", "2026-02-31"), "not a real date"),
        (("deal", "add", "bad\x1b[31m"), "control character"),
        (("deal", "show", "42"), "no deal #42"),
        (("deal", "move", "abc", "next"), "not a deal number"),
    ],
)
def test_bad_input_is_one_sentence_exit_1_and_nothing_written(run, cli_db, args, message):
    run("phase", "list")  # create the database first
    before = dump(cli_db)
    result = run(*args)
    assert result.code == 1
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.err.count("\n") == 1
    assert dump(cli_db) == before


def test_closed_deal_cannot_move_and_reject_needs_a_reason(run, cli_db):
    run("deal", "add", "A")
    run("deal", "add", "B")
    run("deal", "accept", "1")
    before = dump(cli_db)
    moved = run("deal", "move", "1", "next")
    assert moved.code == 1 and "reopen it first" in moved.err
    rejected = run("deal", "reject", "2")
    assert rejected.code == 1 and "reason is required" in rejected.err
    wrong = run("deal", "reject", "2", "--reason", "Best price")
    assert wrong.code == 1 and "applies to accepted" in wrong.err
    assert dump(cli_db) == before


def test_read_only_refuses_every_change(run, cli_db):
    run("deal", "add", "A")
    before = dump(cli_db)
    result = run("deal", "accept", "1", "--read-only")
    assert result.code == 1 and "read-only" in result.err
    listed = run("deal", "list", "--read-only", "--json")
    assert listed.code == 0 and listed.json()[0]["title"] == "A"
    assert dump(cli_db) == before
