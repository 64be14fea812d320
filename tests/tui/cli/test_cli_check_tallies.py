"""`dealboard check` names report tallies that disagree with the deals; `--repair` counts them."""

from __future__ import annotations

from collections.abc import Callable

from tests.backends import RawConnection
from tests.tui.cli.conftest import Result


def test_check_names_a_tampered_tally_and_repair_counts_it_afresh(
    cli: Callable[..., Result], raw: RawConnection
) -> None:
    cli("deal", "add", "Lost one", "--value", "250")
    cli("deal", "reject", "1", "--reason", "No budget")
    assert cli("check").code == 0
    # As someone with the sqlite3 shell or psql would.
    raw.execute("UPDATE report_tally SET n = 7 WHERE kind = 'closed' AND t1 = 'rejected'")
    result = cli("check")
    assert result.code == 1 and result.out == ""
    lines = result.err.splitlines()
    assert "  - The report tallies disagree with the deals: report tally closed (phase" in lines[1]
    assert "reason 'No budget'" in lines[1] and "stored n 7, m2 25000" in lines[1]
    assert lines[2] == (
        "  - The report tallies are derived from the deals and can be counted again."
        " Run `dealboard check --repair` to count them afresh from the deals."
    )
    data = cli("check", "--json")
    report = data.json()
    assert data.code == 1 and isinstance(report, dict) and report["healthy"] is False
    assert any("report tally closed" in problem for problem in report["problems"])
    repaired = cli("check", "--repair")
    assert repaired.code == 0, repaired.err
    assert repaired.err == "Counted the report tallies afresh from the deals.\n"
    assert repaired.out.startswith("Healthy: ")
    assert cli("check").code == 0


def test_repair_is_refused_read_only(cli: Callable[..., Result], raw: RawConnection) -> None:
    cli("deal", "add", "Plain")
    raw.execute("DELETE FROM report_tally WHERE kind = 'created'")
    refused = cli("--read-only", "check", "--repair")
    assert refused.code == 1
    assert "read-only" in refused.err
    assert cli("check").code == 1
