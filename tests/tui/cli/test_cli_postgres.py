"""The command line on PostgreSQL, as real processes: `dealboard --db postgresql://…`."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import urlparse

import pytest

from tests.tui.cli.conftest import run_process

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def dealboard(db_target: str):
    """Run ``dealboard ARGS --user tester`` on a fresh PostgreSQL database.

    The URL carries the test server's password, so it goes in DEALBOARD_DB: ``--db``
    refuses a password, which ``ps`` would show to every user.
    """

    def run(*args: str, url: str | None = None) -> subprocess.CompletedProcess[str]:
        return run_process(*args, "--user", "tester", env={"DEALBOARD_DB": url or db_target})

    return run


def one_sentence(stderr: str) -> str:
    """The error line of a failed command: one line, no traceback."""
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_deals_phases_and_the_report(dealboard):
    added = dealboard(
        "deal", "add", "Website redesign", "--organization", "Gemeente Utrecht",
        "--value", "12500", "--phase", "proposal", "--expected-close", "2026-12-31",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    deal_id = added.stdout.strip()
    lost = dealboard("deal", "add", "ERP", "--value", "85000", "--phase", "Negotiation")
    assert lost.returncode == 0, lost.stderr
    assert dealboard("deal", "accept", deal_id, "--reason", "Best price").returncode == 0
    rejected = dealboard("deal", "reject", lost.stdout.strip(), "--reason", "No budget")
    assert rejected.returncode == 0, rejected.stderr

    shown = json.loads(dealboard("deal", "show", deal_id, "--json").stdout)
    assert shown["status"] == "accepted" and shown["phase"] == "Proposal"
    assert shown["probability_at_close"] == 50 and shown["closed_at"].endswith("Z")

    phases = dealboard("phase", "list")
    assert phases.returncode == 0, phases.stderr
    assert [line.split()[2] for line in phases.stdout.splitlines()[2:]] == [
        "Introduction", "Presentation", "Proposal", "Negotiation", "Order",
    ]  # fmt: skip

    report = dealboard("report", "--format", "json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    outcomes = {row["phase"]: row for row in data["outcomes_by_phase"]}
    assert outcomes["Proposal"]["accepted_count"] == 1
    assert outcomes["Proposal"]["accepted_value"] == "12500.00"
    assert outcomes["Negotiation"]["rejected_count"] == 1
    assert data["win_rate"]["overall"]["closed"] == 2


def test_a_stale_version_exits_3(dealboard):
    deal_id = dealboard("deal", "add", "A").stdout.strip()
    assert dealboard("deal", "edit", deal_id, "--title", "B").returncode == 0
    stale = dealboard("deal", "edit", deal_id, "--title", "C", "--expect-version", "1")
    assert stale.returncode == 3
    assert json.loads(dealboard("deal", "show", deal_id, "--json").stdout)["title"] == "B"


def test_check_read_only_and_backup(dealboard):
    dealboard("deal", "add", "A")
    check = dealboard("check")
    assert check.returncode == 0, check.stderr
    assert "enforced by the PostgreSQL server" in check.stdout
    assert urlparse(check.stdout.split()[1]).password in (None, "***")

    refused = dealboard("deal", "add", "B", "--read-only")
    assert refused.returncode != 0
    assert "read-only" in one_sentence(refused.stderr)

    backup = dealboard("backup", "copy.sqlite")
    assert backup.returncode != 0
    assert "pg_dump" in one_sentence(backup.stderr)


def test_a_wrong_password_is_one_sentence_without_it(dealboard, db_target):
    parsed = urlparse(db_target)
    wrong = db_target.replace(f":{parsed.password}@", ":Wr0ng-Secret@")
    result = dealboard("phase", "list", url=wrong)
    assert result.returncode != 0
    line = one_sentence(result.stderr)
    assert "password of user" in line
    assert "Wr0ng-Secret" not in line and parsed.password not in line
