"""`dealboard export` and `dealboard import`: output streams, exit codes, nothing half-written."""

from __future__ import annotations

import csv
import os
import sqlite3
import stat
from pathlib import Path

from models.csv.export import COLUMNS
from tests.models.csv.csv_helpers import EXPORT_HEADER, HEADER, file_text, line
from tests.tui.cli.conftest import run_process


def dump(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return [
            (table, *row)
            for table in ("phase", "reason", "deal", "deal_event", "setting")
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1")
        ]


def add_deals(run) -> None:
    run("deal", "add", "Website", "--value", "12500", "--phase", "proposal", "--owner", "ann")
    run("deal", "add", "=1+1", "--owner", "bob")
    run("deal", "add", "Intranet", "--phase", "negotiation")
    run("deal", "reject", "3", "--reason", "No budget", "--competitor", "Acme")


def test_export_to_a_file_reports_on_stderr_only(run, tmp_path):
    add_deals(run)
    target = tmp_path / "deals.csv"
    result = run("export", str(target))
    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err.strip() == f"Exported 3 deals to {target}."
    exported = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert [row["title"] for row in exported] == ["Website", "'=1+1", "Intranet"]
    assert exported[0]["value"] == "12500.00" and exported[2]["reason"] == "No budget"


def test_export_to_standard_output_keeps_it_clean(run):
    add_deals(run)
    result = run("export", "-", "--status", "open", "--owner", "ANN")
    assert result.code == 0, result.err
    header, row = result.out.splitlines()
    assert header == EXPORT_HEADER
    assert row.startswith("Website,,,ann,,12500.00,Proposal,open,,,,")
    assert result.err.strip() == "Exported 1 deal to standard output."


def test_export_filters_by_phase_and_source(run):
    add_deals(run)
    assert run("export", "-", "--phase", "negotiation").out.count("\n") == 2
    assert run("export", "-", "--source", "nowhere").out == EXPORT_HEADER + "\n"
    bad = run("export", "-", "--phase", "nope")
    assert bad.code == 1 and bad.err.strip() == "dealboard: There is no phase 'nope'."


def test_export_never_overwrites_without_force(run, tmp_path):
    add_deals(run)
    target = tmp_path / "deals.csv"
    target.write_text("precious")
    refused = run("export", str(target))
    assert refused.code == 1 and "already exists" in refused.err and "--force" in refused.err
    assert target.read_text() == "precious"
    assert run("export", str(target), "--force").code == 0
    assert target.read_text().startswith(HEADER)


def test_import_prints_the_count_and_a_sentence(run, cli_db, tmp_path):
    run("phase", "list")  # create the database
    source = tmp_path / "in.csv"
    source.write_text(
        HEADER
        + "\n"
        + line(title="A")
        + line(title="B", status="geaccepteerd", created_at="2026-01-01", closed_at="2026-01-02")
        + line(
            title="C",
            status="Afgewezen",
            reason="no budget",
            created_at="2026-01-01",
            closed_at="2026-01-03",
        )
    )
    result = run("import", str(source))
    assert result.code == 0, result.err
    assert result.out.strip() == "3"
    assert result.err.strip() == "Imported 3 deals (1 open, 1 won, 1 lost)."
    with sqlite3.connect(cli_db) as conn:
        assert conn.execute("SELECT DISTINCT actor FROM deal_event").fetchall() == [("tester",)]


def test_a_bad_import_lists_every_problem_and_writes_nothing(run, cli_db, tmp_path):
    add_deals(run)
    before = dump(cli_db)
    source = tmp_path / "bad.csv"
    source.write_text(
        HEADER + "\n" + line() + line(value="12.500,00") + line(title="", organization="X")
    )
    result = run("import", str(source))
    assert result.code == 1
    assert result.out == ""
    assert result.err.splitlines() == [
        "dealboard: 2 rows of bad.csv are wrong; nothing was imported.",
        "  line 3, value: Value '12.500,00' is not an amount; write digits with at most two"
        " decimals and no thousands separator, like 12500.00 or 12500,00.",
        "  line 4, title: Title cannot be empty.",
    ]
    assert dump(cli_db) == before


def test_at_most_fifty_problems_are_listed(run, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text(HEADER + "\n" + line(value="abc") * 60)
    result = run("import", str(source))
    lines = result.err.splitlines()
    assert result.code == 1 and lines[0].startswith("dealboard: 60 rows of bad.csv are wrong")
    assert len(lines) == 52 and lines[-1] == "  … and 10 more"


def test_create_missing_says_what_it_created(run, cli_db, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "\n" + line(phase="Pilot"))
    refused = run("import", str(source))
    assert refused.code == 1 and "--create-missing" in refused.err
    result = run("import", str(source), "--create-missing")
    assert result.code == 0, result.err
    assert "Created phase 'Pilot' with probability 0 %" in result.err
    assert "dealboard phase edit Pilot --probability P" in result.err


def test_create_missing_gives_the_phase_the_probability_the_file_says(run, cli_db, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        file_text((*COLUMNS, "phase_probability"), {"phase": "Pilot", "phase_probability": "40"})
    )
    result = run("import", str(source), "--create-missing")
    assert result.code == 0, result.err
    assert "Created phase 'Pilot' with probability 40 %; check it, or set it with" in result.err
    with sqlite3.connect(cli_db) as conn:
        assert conn.execute("SELECT probability FROM phase WHERE name = 'Pilot'").fetchall() == [
            (40,)
        ]


def test_dry_run_reports_and_writes_nothing(run, cli_db, tmp_path):
    run("phase", "list")
    before = dump(cli_db)
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "\n" + line(phase="Pilot") + line())
    result = run("import", str(source), "--dry-run", "--create-missing")
    assert result.code == 0, result.err
    assert "Checked 2 deals (2 open, 0 won, 0 lost)" in result.err and "--dry-run" in result.err
    assert "Would create phase 'Pilot'" in result.err
    assert dump(cli_db) == before


def test_read_only_refuses_import_but_exports(run, cli_db, tmp_path):
    add_deals(run)
    before = dump(cli_db)
    source = tmp_path / "in.csv"
    source.write_text(HEADER + "\n" + line())
    refused = run("import", str(source), "--read-only")
    assert refused.code == 1 and "read-only" in refused.err
    assert dump(cli_db) == before
    assert run("export", "-", "--read-only").code == 0


def test_export_then_import_into_an_empty_database(run, cli_db, tmp_path):
    add_deals(run)
    target = tmp_path / "deals.csv"
    run("export", str(target))
    other = tmp_path / "other.sqlite"
    run("init", db=other)
    assert run("import", str(target), db=other).code == 0
    assert run("export", "-", db=other).out == run("export", "-").out


def test_a_bad_file_as_a_real_process_gives_one_sentence(tmp_path):
    db = tmp_path / "deals.sqlite"
    source = tmp_path / "bad.csv"
    source.write_bytes(b"title;value\nCaf\xe9;5\n")
    run_process("init", "--db", str(db))
    result = run_process("import", str(source), "--db", str(db))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.strip() == (
        "dealboard: The file bad.csv is not UTF-8 text: line 2 has the byte 0xE9, which UTF-8"
        ' does not allow; save it as UTF-8 (in Excel: "CSV UTF-8 (comma delimited)") and'
        " import again."
    )
    huge = tmp_path / "huge.csv"
    huge.write_text(HEADER + "\n" + line(note="x" * 10_000_000))
    result = run_process("import", str(huge), "--db", str(db))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "line 2: A cell starting on this line is longer than" in result.stderr


def test_export_force_replaces_regular_files_only(run, tmp_path):
    run("init")
    out = tmp_path / "out"
    out.mkdir()
    pipe = out / "pipe"
    os.mkfifo(pipe)
    refused = run("export", str(pipe), "--force")
    assert refused.code == 1
    assert "is not a regular file" in refused.err and "only replaces regular files" in refused.err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    stdout_link = out / "stdout"  # what /dev/stdout is: a link to /proc/self/fd/1
    stdout_link.symlink_to("/proc/self/fd/1")
    refused = run("export", str(stdout_link), "--force")
    assert refused.code == 1 and "is a symbolic link" in refused.err
    assert os.readlink(stdout_link) == "/proc/self/fd/1"
    assert sorted(path.name for path in out.iterdir()) == ["pipe", "stdout"]
    assert run("export", "-").out.startswith("title,")  # standard output is still "-"


def test_a_file_name_of_100000_characters_gets_one_sentence(run, tmp_path):
    run("init")
    result = run("export", str(tmp_path / ("x" * 100_000)))
    assert result.code == 1
    assert result.err.startswith("dealboard: The file name ") and "is too long" in result.err
    assert "internal error" not in result.err and len(result.err.splitlines()) == 1
    assert len(result.err) < 300  # the name is shortened in the sentence
