"""Values at and past the command line's limits: one sentence each, never an internal error."""

from __future__ import annotations

import pytest

from tui.cli.deals import MAX_VERSION


def last_line(stderr: str) -> str:
    """The sentence a refused command ends with (argparse prints its usage above it)."""
    assert "Traceback" not in stderr and "internal error" not in stderr
    return stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "version",
    ["99999999999999999999999", str(MAX_VERSION + 1), "0", "-1", "abc", "\u0663", "1_0", " "],
)
def test_an_impossible_expected_version_is_refused_on_both(cli, rows, version):
    deal_id = cli("deal", "add", "Website").out.strip()
    result = cli("deal", "edit", deal_id, "--title", "Changed", "--expect-version", version)
    assert result.code == 2
    assert last_line(result.err).endswith(
        f"argument --expect-version: a version is a whole number from 1 to {MAX_VERSION}"
        f" (deal show prints it), not {version!r}"
    )
    assert [row["title"] for row in rows("SELECT title FROM deal")] == ["Website"]


def test_the_largest_version_is_a_conflict_on_both(cli, rows):
    deal_id = cli("deal", "add", "Website").out.strip()
    result = cli(
        "deal", "edit", deal_id, "--title", "Changed", "--expect-version", str(MAX_VERSION)
    )
    assert result.code == 3, result.err
    assert f"version {MAX_VERSION} → 1" in result.err
    assert [row["title"] for row in rows("SELECT title FROM deal")] == ["Website"]


def test_the_current_version_still_saves(cli, rows):
    deal_id = cli("deal", "add", "Website").out.strip()
    result = cli("deal", "edit", deal_id, "--title", "Changed", "--expect-version", "01")
    assert result.code == 0, result.err
    assert [row["title"] for row in rows("SELECT title FROM deal")] == ["Changed"]
