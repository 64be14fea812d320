"""Version, help, check, backup and database faults, in-process and as real processes."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from models.operations import deals
from models.storage.database import open_database
from tests.tui.cli.conftest import run_process
from tui import __version__


def test_version_and_help_as_a_process():
    version = run_process("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"dealboard {__version__}"
    helped = run_process("--help")
    assert helped.returncode == 0
    for command in ("deal", "phase", "demo", "check", "backup"):
        assert command in helped.stdout


def test_check_on_a_healthy_database(run):
    run("deal", "add", "A")
    result = run("check")
    assert result.code == 0 and result.out.startswith("Healthy")
    assert run("check", "--json").json()["healthy"] is True


def test_check_finds_a_broken_foreign_key(run, cli_db):
    run("deal", "add", "A")
    with sqlite3.connect(cli_db) as conn:  # foreign keys off: how a careless client writes
        conn.execute("UPDATE deal SET phase_id = 99")
    result = run("check")
    assert result.code == 1
    assert "Foreign key" in result.err


def test_check_finds_corruption(run, cli_db):
    run("deal", "add", "Deal 0", "--note", "x" * 2000)
    database = open_database(cli_db)
    with database.atomic():  # the other 199 deals in one go: the same rows, 30 times faster
        for index in range(1, 200):
            deals.create_deal(f"Deal {index}", actor="tester", note="x" * 2000)
    database.close()
    with sqlite3.connect(cli_db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(cli_db.read_bytes())
    for offset in range(8192, len(data) - 4096, 4096):  # scribble over most pages past 2
        data[offset + 100 : offset + 300] = b"\xff" * 200
    cli_db.write_bytes(bytes(data))
    result = run("check")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "damaged" in result.err or "Integrity" in result.err


def test_check_names_the_deal_and_field_of_bad_times_and_exits_1(run, cli_db):
    run("deal", "add", "Early")
    run("deal", "add", "Fine")
    with sqlite3.connect(cli_db) as conn:  # written with the sqlite3 shell, as another client
        conn.execute(
            "UPDATE deal SET status = 'accepted', closed_at = '2020-01-01 00:00:00',"
            " probability_at_close = 100 WHERE title = 'Early'"
        )
        early, created = conn.execute(
            "SELECT id, created_at FROM deal WHERE title = 'Early'"
        ).fetchone()
        fine, line = conn.execute(
            "SELECT d.id, e.id FROM deal d JOIN deal_event e ON e.deal_id = d.id"
            " WHERE d.title = 'Fine'"
        ).fetchone()
        conn.execute("UPDATE deal_event SET at = '2026-02-01T10:00' WHERE id = ?", (line,))
    conn.close()
    shown = created[:19]  # the sentence shows whole seconds
    result = run("check")
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines()[1:] == [
        f"  - Deal #{early}: closed at 2020-01-01 00:00:00 is before created at {shown}.",
        f"  - Deal #{fine}, history line {line}: time '2026-02-01T10:00' is not a date and time.",
    ]
    data = run("check", "--json")
    assert data.code == 1
    report = data.json()
    assert report["healthy"] is False and report["findings_left_off"] == 0
    assert [
        (item["deal"], item["history_line"], item["field"], item["value"], item["problem"])
        for item in report["findings"]
    ] == [
        (early, None, "closed_at", "2020-01-01 00:00:00", "closed_before_created"),
        (fine, line, "at", "2026-02-01T10:00", "not_a_timestamp"),
    ]
    assert (report["findings"][0]["related_field"], report["findings"][0]["related_value"]) == (
        "created_at",
        created,
    )
    assert [item["message"] for item in report["findings"]] == report["problems"]


def test_backup_is_verified_and_never_overwrites(run, cli_db, tmp_path):
    run("deal", "add", "A")
    target = tmp_path / "backup.sqlite"
    result = run("backup", str(target))
    assert result.code == 0 and "verified" in result.out
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT title FROM deal").fetchall() == [("A",)]
    again = run("backup", str(target))
    assert again.code == 1 and "already exists" in again.err
    assert not list(tmp_path.glob(".*partial"))


def test_faults_give_one_sentence_and_exit_1(run, tmp_path):
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database\n")
    cases = [
        (tmp_path / "missing" / "x.sqlite", "does not exist"),
        (text_file, "not a dealboard database"),
        (tmp_path, "is a directory"),
    ]
    for db, message in cases:
        result = run("phase", "list", db=db)
        assert result.code == 1, db
        assert message in result.err
    assert text_file.read_text() == "not a database\n"
    assert not (tmp_path / "missing").exists()


def test_a_newer_database_is_refused(run, cli_db):
    run("phase", "list")
    with sqlite3.connect(cli_db) as conn:
        conn.execute(
            "INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '2030-01-01')"
        )
    result = run("deal", "list")
    assert result.code == 1 and "newer dealboard" in result.err


def test_a_process_never_prints_a_traceback_for_bad_input(tmp_path):
    db = str(tmp_path / "x.sqlite")
    run_process("init", "--db", db)
    result = run_process("deal", "add", "X", "--value", "abc", "--db", db)
    assert result.returncode == 1
    assert result.stderr.startswith("dealboard: Value 'abc' is not an amount")
    assert "Traceback" not in result.stderr


def test_default_database_lives_in_the_user_data_dir(tmp_path):
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "DEALBOARD_DB": ""}
    assert run_process("deal", "add", "X", env=env).returncode == 0
    assert (home / "data" / "dealboard" / "dealboard.sqlite").exists()
    env["DEALBOARD_DB"] = str(tmp_path / "env.sqlite")
    refused = run_process("deal", "add", "Y", env=env)  # only `init` makes a database elsewhere
    assert refused.returncode == 1 and "dealboard init" in refused.stderr
    assert not Path(env["DEALBOARD_DB"]).exists()
    assert run_process("init", env=env).returncode == 0
    assert run_process("deal", "add", "Y", env=env).returncode == 0
    assert Path(env["DEALBOARD_DB"]).exists()


def test_demo_option_writes_the_demo_database_on_first_use(cli_db, tmp_path):
    from tui.cli.main import CliContext, build_parser, demo_database_path, prepare_demo

    args = build_parser().parse_args(["--demo", "--quiet"])
    ctx = CliContext(user="tester", read_only=False, quiet=True)
    target = prepare_demo(args, ctx)
    assert target == str(demo_database_path())
    assert str(tmp_path) in target  # inside the test's own data dir, not the developer's
    with sqlite3.connect(target) as conn:
        statuses = {row[0] for row in conn.execute("SELECT DISTINCT status FROM deal")}
    assert statuses == {"open", "accepted", "rejected"}
    before = Path(target).stat().st_mtime_ns
    assert prepare_demo(args, ctx) == target  # the second start reuses it
    assert Path(target).stat().st_mtime_ns == before


def test_demo_command_writes_a_deterministic_database(run, tmp_path):
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert run("demo", "--deals", "50", "--seed", "3", "--quiet", db=first).code == 0
    again = run("demo", "--deals", "50", "--seed", "3", "--quiet", db=first)
    assert again.code == 1 and "--force" in again.err
    assert run("demo", "--deals", "50", "--seed", "3", "--quiet", db=second).code == 0
    with sqlite3.connect(first) as a, sqlite3.connect(second) as b:
        assert a.execute("SELECT COUNT(*) FROM deal").fetchone() == (50,)
        query = "SELECT title, organization, value_cents, status FROM deal ORDER BY id"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
    assert run("check", db=first).code == 0


def test_a_file_name_of_100000_characters_gets_one_sentence(run, tmp_path):
    run("init")
    long_name = str(tmp_path / ("x" * 100_000))
    for command in (("backup", long_name), ("demo", "--deals", "1", "--quiet")):
        result = run(*command, db=long_name if command[0] == "demo" else None)
        assert result.code == 1, command
        assert result.err.startswith("dealboard: The file name ") and "is too long" in result.err
        assert "internal error" not in result.err and len(result.err.splitlines()) == 1
        assert len(result.err) < 300  # the name is shortened in the sentence


def test_backup_force_replaces_regular_files_only(run, tmp_path):
    run("init")
    out = tmp_path / "out"
    out.mkdir()
    pipe = out / "pipe"
    os.mkfifo(pipe)
    refused = run("backup", str(pipe), "--force")
    assert refused.code == 1 and "is not a regular file" in refused.err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert sorted(path.name for path in out.iterdir()) == ["pipe"]


@pytest.mark.parametrize("count", ["٣", "1_000", "３", "²"])
def test_demo_takes_the_digits_0_to_9_only(run, tmp_path, count):
    target = tmp_path / "demo.sqlite"
    result = run("demo", "--deals", count, "--quiet", db=target)
    assert result.code == 2
    assert "--deals: write a whole number with the digits 0-9 only" in result.err
    assert not target.exists()
    seed = run("demo", "--deals", "1", "--seed", count, "--quiet", db=target)
    assert seed.code == 2 and "--seed: write a whole number" in seed.err


def test_check_shows_a_file_name_with_escape_codes_escaped(run, tmp_path):
    hostile = tmp_path / "deals\x1b]0;PWNED\x07.sqlite"
    assert run("init", db=hostile).code == 0
    healthy = run("check", db=hostile)
    assert healthy.code == 0
    assert "deals\\x1b]0;PWNED\\x07.sqlite" in healthy.out and "\x1b" not in healthy.out
    assert run("deal", "add", "A", db=hostile).code == 0
    with sqlite3.connect(hostile) as conn:  # foreign keys off: how a careless client writes
        conn.execute("UPDATE deal SET phase_id = 99")
    broken = run("check", db=hostile)
    assert broken.code == 1
    assert "\x1b" not in broken.err and "\\x1b" in broken.err
