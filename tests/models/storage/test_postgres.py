"""What is PostgreSQL's own: connecting, read-only, migrations, writers, errors, check, backup.

Everything else (operations, rules, reports, the schema's constraints) runs on both databases
through the shared ``db`` fixture. These tests need the server of ``DEALBOARD_TEST_PG_URL``.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import peewee
import pytest

from models.domain.errors import (
    ConflictError,
    DatabaseBusy,
    DatabaseError,
    ReadOnlyError,
    SchemaTooNew,
)
from models.operations import deals
from models.reports.management import build_report
from models.storage import postgres
from models.storage.database import MIGRATIONS_DIR, open_database, write_operation
from models.storage.maintenance import backup_database, check_database
from models.storage.postgres import WRITER_LOCK_KEY, redact
from tests.backends import RawConnection, table_snapshot, with_database
from tests.conftest import assert_readable

pytestmark = pytest.mark.postgresql_only

REPO = Path(__file__).resolve().parents[3]
SECRET = "s3cret-Pa55"


def server_with(url: str, **parts: object) -> str:
    """``url`` with another user, password, host, port or database."""
    parsed = urlparse(url)
    user = parts.get("user", parsed.username)
    password = parts.get("password", parsed.password)
    host = parts.get("host", parsed.hostname)
    port = parts.get("port", parsed.port)
    database = parts.get("database", parsed.path.lstrip("/"))
    return f"postgresql://{user}:{password}@{host}:{port}/{database}"


@pytest.mark.parametrize(
    ("parts", "says"),
    [
        ({"password": SECRET}, "password of user dealboard was not accepted"),
        ({"user": "nobody", "password": SECRET}, "password of user nobody was not accepted"),
        ({"port": 1, "password": SECRET}, "nothing accepted the connection"),
        ({"host": "no-such-host.invalid", "password": SECRET}, "no such host"),
        ({"database": "no_such_database"}, "no database no_such_database there"),
    ],
)
def test_a_failed_connection_is_one_sentence_without_the_password(pg_server_url, parts, says):
    url = server_with(pg_server_url, **parts)
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    message = str(caught.value)
    assert_readable(message)
    assert says in message
    assert SECRET not in message
    assert urlparse(pg_server_url).password not in message


def test_a_url_without_a_database_name_is_refused(pg_server_url):
    with pytest.raises(DatabaseError, match="names no database") as caught:
        open_database(server_with(pg_server_url, database=""))
    assert_readable(str(caught.value))


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ann:p%40ss@db:5432/deals", "postgresql://ann:***@db:5432/deals"),
        ("postgresql://ann:p@ss@db/deals", "postgresql://ann:***@db/deals"),
        ("postgresql://ann@db/deals", "postgresql://ann@db/deals"),
        ("postgresql:///deals?password=x&sslmode=require", "postgresql:///deals?password=***&sslmode=require"),
    ],
)  # fmt: skip
def test_passwords_never_show_in_the_location(url, shown):
    assert redact(url) == shown


def test_read_only_is_enforced_by_the_server_on_every_connection(db_target, make_deal):
    open_database(db_target).close()
    open_database(db_target)
    deals.create_deal("Kept", actor="tester")
    opened = open_database(db_target, read_only=True)
    before = table_snapshot(db_target)
    with pytest.raises(ReadOnlyError) as caught:
        deals.create_deal("Refused", actor="tester")
    assert_readable(str(caught.value))
    assert [deal.title for deal in deals.Deal.select()] == ["Kept"]

    errors: list[BaseException] = []

    def write_in_another_thread() -> None:  # the TUI's workers open their own connections
        with opened.connection_context():
            try:
                opened.execute_sql("UPDATE phase SET probability = 1")
            except peewee.DatabaseError as exc:
                errors.append(exc)

    thread = threading.Thread(target=write_in_another_thread)
    thread.start()
    thread.join()
    assert len(errors) == 1 and "read-only" in str(errors[0])
    assert table_snapshot(db_target) == before
    opened.close()


def test_a_newer_schema_is_refused(db_target):
    open_database(db_target).close()
    raw = RawConnection(db_target)
    raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', now())")
    raw.close()
    before = table_snapshot(db_target)
    for read_only in (False, True):
        with pytest.raises(SchemaTooNew, match="newer dealboard") as caught:
            open_database(db_target, read_only=read_only)
        assert_readable(str(caught.value))
    assert table_snapshot(db_target) == before


def test_a_database_of_another_application_is_refused(db_target):
    raw = RawConnection(db_target)
    raw.execute("CREATE TABLE customers (id serial PRIMARY KEY)")
    raw.close()
    with pytest.raises(DatabaseError, match="PostgreSQL database was not made by dealboard"):
        open_database(db_target)
    assert set(table_snapshot(db_target)) == {"customers"}


def test_processes_opening_a_new_database_at_once_migrate_and_seed_it_once(db_target):
    script = "import sys\nfrom models.storage.database import open_database\nopen_database(sys.argv[1])\n"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, db_target],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    snapshot = table_snapshot(db_target)
    assert len(snapshot["phase"]) == 5
    shipped = sorted(path.stem for path in MIGRATIONS_DIR.glob("[0-9]*.py"))
    assert [row[1] for row in sorted(snapshot["schema_migration"])] == shipped


def test_check_leaves_integrity_to_the_server_and_guards_the_counter(db, raw):
    result = check_database()
    assert result.healthy
    assert "enforced by the PostgreSQL server" in result.checked
    raw.execute("DELETE FROM change_counter")
    result = check_database()
    assert not result.healthy
    assert any("change_counter" in problem for problem in result.problems)
    for problem in result.problems:
        assert_readable(problem)


def test_backup_points_to_pg_dump(db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    with pytest.raises(DatabaseError, match="pg_dump") as caught:
        backup_database(folder / "copy.sqlite")
    assert_readable(str(caught.value))
    assert list(folder.iterdir()) == []


def test_writers_take_turns_and_a_blocked_writer_is_told_the_database_is_busy(
    db_target, monkeypatch
):
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT_MS", 200)
    open_database(db_target)
    holder = RawConnection(db_target)
    holder.execute("SELECT pg_advisory_lock(?)", (WRITER_LOCK_KEY,))  # another writer's turn
    before = table_snapshot(db_target)
    with pytest.raises(DatabaseBusy) as caught:
        deals.create_deal("Waits", actor="tester")
    assert_readable(str(caught.value))
    assert table_snapshot(db_target) == before
    holder.execute("SELECT pg_advisory_unlock(?)", (WRITER_LOCK_KEY,))
    assert deals.create_deal("Now", actor="tester").title == "Now"
    holder.close()


def real_deadlock(db_target: str) -> BaseException:
    """Make two connections deadlock for real and return the error the server gave one.

    On a table of its own: dealboard's tables share the change counter, whose row lock
    already makes their writers queue.
    """
    first, second = RawConnection(db_target), RawConnection(db_target)
    first.execute("CREATE TABLE scratch (id integer PRIMARY KEY, n integer)")
    first.execute("INSERT INTO scratch VALUES (1, 0), (2, 0)")
    caught: list[BaseException] = []

    def update(connection: RawConnection, row: int) -> None:
        try:
            connection.execute("UPDATE scratch SET n = n + 1 WHERE id = ?", (row,))
        except Exception as exc:
            caught.append(exc)

    try:
        for connection in (first, second):
            connection.execute("BEGIN")
        update(first, 1)
        update(second, 2)
        thread = threading.Thread(target=update, args=(first, 2))  # waits for second
        thread.start()
        update(second, 1)  # waits for first: the server picks one to fail
        thread.join()
    finally:
        for connection in (first, second):
            connection.execute("ROLLBACK")
            connection.close()
    assert len(caught) == 1
    return caught[0]


def test_a_deadlock_is_retried_and_then_reported_as_busy(db, db_target):
    deadlock = real_deadlock(db_target)
    calls = []

    @write_operation
    def collides_once() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise deadlock
        return "saved"

    assert collides_once() == "saved"
    assert len(calls) == 2

    @write_operation
    def always_collides() -> None:
        raise deadlock

    with pytest.raises(DatabaseBusy, match="collided") as caught:
        always_collides()
    assert_readable(str(caught.value))


def test_a_lost_connection_is_one_sentence(db, raw, make_deal):
    raw.execute("SELECT pg_terminate_backend(?)", (db.connection().get_backend_pid(),))
    with pytest.raises(DatabaseError, match="connection to the PostgreSQL server was lost") as e:
        make_deal()
    assert_readable(str(e.value))


def test_a_user_without_rights_gets_a_sentence(pg_server_url, db_target):
    admin = RawConnection(pg_server_url)
    admin.execute("DROP ROLE IF EXISTS dealboard_reader")
    admin.execute(f"CREATE ROLE dealboard_reader LOGIN PASSWORD '{SECRET}'")
    try:
        # PostgreSQL 15 lets only the owner create tables in a new database's public schema.
        with pytest.raises(DatabaseError, match="may not do this") as caught:
            open_database(server_with(db_target, user="dealboard_reader", password=SECRET))
        assert_readable(str(caught.value))
        assert SECRET not in str(caught.value)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{urlparse(db_target).path[1:]}" WITH (FORCE)')
        admin.execute("DROP ROLE IF EXISTS dealboard_reader")
        admin.close()


def test_booleans_and_big_amounts_are_real_postgresql_types(db, rows, make_deal):
    types = {
        (row["table_name"], row["column_name"]): row["data_type"]
        for row in rows(
            "SELECT table_name, column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
        )
    }
    assert types[("phase", "archived")] == "boolean"
    assert types[("reason", "archived")] == "boolean"
    assert types[("deal", "value_cents")] == "bigint"
    assert types[("deal", "created_at")] == "timestamp without time zone"
    assert types[("deal", "expected_close")] == "date"
    make_deal("Big", value="30000000.00", phase="Proposal")
    make_deal("Bigger", value="45000000.01", phase="Proposal")
    report = build_report()
    totals = next(row for row in report["pipeline"]["phases"] if row["phase"] == "Proposal")
    assert totals["open_value"] == 7_500_000_001
    assert isinstance(totals["open_value"], int)
    assert totals["weighted_value"] == 3_750_000_001  # per deal, rounded half up


def test_the_same_version_saved_twice_at_once_conflicts(db, make_deal):
    deal = make_deal()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(title: str) -> None:
        with db.connection_context():
            start.wait()
            try:
                deals.edit_deal(deal.id, {"title": title}, actor=title, expect_version=1)
                outcomes.append("saved")
            except ConflictError:
                outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(name,)) for name in ("Ann", "Bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]


def test_with_database_keeps_the_server(pg_server_url):
    """The helper the fixtures use to point at a fresh database keeps credentials intact."""
    moved = urlparse(with_database(pg_server_url, "other"))
    assert moved.path == "/other"
    assert moved.password == urlparse(pg_server_url).password
