"""`dealboard check` names reached-data that disagrees with the history and exits 1."""

from __future__ import annotations

import sqlite3


def test_check_names_a_phase_entered_without_a_reached_row(run, cli_db):
    run("deal", "add", "Moved")
    run("deal", "move", "1", "Proposal")
    with sqlite3.connect(cli_db) as conn:  # as another client would, with the sqlite3 shell
        phase, line = conn.execute(
            "SELECT p.id, e.id FROM phase p JOIN deal_event e ON e.phase_id = p.id"
            " WHERE p.name = 'Proposal' AND e.kind = 'phase'"
        ).fetchone()
        conn.execute("DELETE FROM deal_reached WHERE deal_id = 1 AND phase_id = ?", (phase,))
    conn.close()
    result = run("check")
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines()[1:] == [
        f"  - Deal #1: history line {line} enters phase 'Proposal', but the phases it reached"
        " (deal_reached) leave it out."
    ]
    data = run("check", "--json")
    assert data.code == 1
    report = data.json()
    assert report["healthy"] is False
    assert [
        (item["deal"], item["history_line"], item["field"], item["value"], item["problem"])
        for item in report["findings"]
    ] == [(1, line, "deal_reached", "Proposal", "reached_missing")]


def test_check_names_a_reached_row_the_history_does_not_explain(run, cli_db):
    run("deal", "add", "Plain")
    with sqlite3.connect(cli_db) as conn:
        conn.execute(
            "INSERT INTO deal_reached (deal_id, phase_id, at)"
            " SELECT 1, id, '2020-01-01 00:00:00' FROM phase WHERE name = 'Order'"
        )
    conn.close()
    result = run("check", "--json")
    assert result.code == 1
    [finding] = result.json()["findings"]
    assert finding["problem"] == "reached_unexplained"
    assert (finding["deal"], finding["value"], finding["related_field"]) == (1, "Order", "at")
    assert finding["related_value"] == "2020-01-01 00:00:00"
    text = run("check")
    assert text.code == 1
    assert "Deal #1: recorded as having reached phase 'Order' at 2020-01-01 00:00:00" in text.err
