"""Opening databases: pragmas, seeding, refusals, read-only mode, URLs and schema versions."""

from __future__ import annotations

import os
import sqlite3
import stat

import peewee
import pytest

from models.domain.errors import DatabaseBusy, DatabaseError, ReadOnlyError, SchemaTooNew
from models.operations import deals, phases, settings
from models.operations.lookup import all_phases
from models.queries.deal_views import list_deals
from models.storage import database, sqlite_file
from models.storage.database import current_info, open_database
from models.storage.seed import DEFAULT_REASONS
from tests.conftest import assert_readable

# About creating and opening databases: ``db`` is made by open_database, not copied.
pytestmark = pytest.mark.fresh_database

ACTOR = "tester"
running_as_root = hasattr(os, "geteuid") and os.geteuid() == 0


def raw_rows(path, sql):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def directory_listing(path):
    return sorted(entry.name for entry in path.iterdir())


# ---------------------------------------------------------------- a new database


def test_new_database_uses_wal_full_sync_foreign_keys_and_busy_timeout(db, db_path):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == database.BUSY_TIMEOUT_MS
    # WAL is a property of the file: any other client sees it too.
    assert raw_rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    info = current_info()
    assert (info.kind, info.read_only, info.created) == ("sqlite", False, True)


def test_write_transactions_take_the_write_lock_at_begin(db, db_path):
    """BEGIN IMMEDIATE: a write transaction holds the lock before its first write."""
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with db.atomic():
            db.execute_sql("SELECT 1").fetchall()  # read only, yet the lock is held
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_new_english_database_is_seeded(rows):
    def values(sql):
        return [tuple(row.values()) for row in rows(sql)]

    assert values("SELECT position, name, probability, archived FROM phase ORDER BY position") == [
        (1, "Introduction", 10, 0),
        (2, "Presentation", 25, 0),
        (3, "Proposal", 50, 0),
        (4, "Negotiation", 75, 0),
        (5, "Order", 100, 0),
    ]
    reasons = values("SELECT name, applies_to, archived FROM reason ORDER BY id")
    assert reasons == [(name, applies, 0) for name, applies in DEFAULT_REASONS["en"]]
    assert {applies for _, applies, _ in reasons} == {"accepted", "rejected", "both"}
    assert dict(values("SELECT key, value FROM setting")) == {
        "currency": "EUR",
        "language": "en",
        "require_reason_on_reject": "1",
        "require_reason_on_accept": "0",
        "stale_days": "30",
    }
    assert values("SELECT COUNT(*) FROM deal") == [(0,)]
    assert values("SELECT name FROM schema_migration ORDER BY name") == [
        ("0001_initial",),
        ("0002_change_counter",),
        ("0003_report_indexes",),
        ("0004_board_totals_index",),
        ("0005_deal_value_shapes",),
        ("0006_deal_reached",),
        ("0007_report_covering_indexes",),
        ("0008_deal_stay",),
        ("0009_person",),
        ("0010_next_step",),
        ("0011_report_tally",),
    ]


def test_new_dutch_database_is_seeded_in_dutch(db_path):
    opened = open_database(db_path, lang="nl")
    try:
        assert raw_rows(db_path, "SELECT name, probability FROM phase ORDER BY position") == [
            ("Kennismaken", 10),
            ("Presenteren", 25),
            ("Voorstel", 50),
            ("Onderhandelen", 75),
            ("Opdracht", 100),
        ]
        names = [row[0] for row in raw_rows(db_path, "SELECT name FROM reason ORDER BY id")]
        assert names == [name for name, _ in DEFAULT_REASONS["nl"]]
        assert "Te duur" in names
        assert settings.get_setting("language") == "nl"
        assert settings.get_setting("currency") == "EUR"
    finally:
        opened.close()


def test_unknown_language_seeds_english(db_path):
    opened = open_database(db_path, lang="fr")
    try:
        assert all_phases()[0].name == "Introduction"
        assert settings.get_setting("language") == "en"
    finally:
        opened.close()


def test_reopening_does_not_reseed(db_path, snapshot_file):
    first = open_database(db_path)
    phases.rename_phase("Order", "Signed")
    phases.delete_phase("Presentation")
    deals.create_deal("Kept", actor=ACTOR)
    first.close()
    before = snapshot_file(db_path)

    again = open_database(db_path, lang="nl")
    try:
        assert current_info().created is False
        assert [p.name for p in all_phases()] == [
            "Introduction",
            "Proposal",
            "Negotiation",
            "Signed",
        ]
        assert [d.title for d in list_deals()] == ["Kept"]
        assert settings.get_setting("language") == "en"
    finally:
        again.close()
    assert snapshot_file(db_path) == before


def test_sqlite_url_works(db_path):
    opened = open_database(f"sqlite:///{db_path}")
    try:
        assert db_path.exists()
        info = current_info()
        assert info.kind == "sqlite"
        assert os.path.samefile(info.location, db_path)
        deals.create_deal("Via URL", actor=ACTOR)
    finally:
        opened.close()
    assert raw_rows(db_path, "SELECT title FROM deal") == [("Via URL",)]
    # The form with the absolute path written straight after "sqlite://" also works.
    opened = open_database(f"sqlite://{db_path}")
    try:
        assert [d.title for d in list_deals()] == ["Via URL"]
    finally:
        opened.close()


@pytest.mark.parametrize("url", ["sqlite://host/deals.sqlite", "sqlite:///", "sqlite://"])
def test_bad_sqlite_urls_are_refused(tmp_path, url):
    before = directory_listing(tmp_path)
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    assert_readable(str(caught.value))
    assert directory_listing(tmp_path) == before


def test_dealboard_db_environment_variable_is_used(db_path, monkeypatch):
    monkeypatch.setenv("DEALBOARD_DB", str(db_path))
    opened = open_database()
    try:
        assert os.path.samefile(current_info().location, db_path)
    finally:
        opened.close()


def test_default_database_lives_in_the_isolated_data_dir(isolated_environment):
    opened = open_database()
    try:
        location = current_info().location
    finally:
        opened.close()
    assert location.startswith(str(isolated_environment))
    assert os.path.exists(location)


# ---------------------------------------------------------------- refusals


def test_missing_directory_is_refused_and_nothing_is_created(tmp_path):
    before = directory_listing(tmp_path)
    target = tmp_path / "no" / "such" / "dir" / "deals.sqlite"
    with pytest.raises(DatabaseError, match="does not exist") as caught:
        open_database(target)
    assert_readable(str(caught.value))
    assert not (tmp_path / "no").exists()
    assert directory_listing(tmp_path) == before


def test_missing_file_without_create_or_read_only_is_refused(db_path, tmp_path):
    before = directory_listing(tmp_path)
    with pytest.raises(DatabaseError, match="no database"):
        open_database(db_path, create=False)
    with pytest.raises(DatabaseError, match="no database"):
        open_database(db_path, read_only=True)
    assert directory_listing(tmp_path) == before


@pytest.mark.skipif(running_as_root, reason="root ignores directory permissions")
def test_read_only_directory_is_refused(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(DatabaseError) as caught:
            open_database(locked / "deals.sqlite")
        assert_readable(str(caught.value))
        assert directory_listing(locked) == []
    finally:
        locked.chmod(stat.S_IRWXU)


def test_a_text_file_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "notes.sqlite"
    content = b"These are my meeting notes, not a database.\n" * 20
    target.write_bytes(content)
    before = directory_listing(tmp_path)
    with pytest.raises(DatabaseError, match="not an SQLite file") as caught:
        open_database(target)
    assert_readable(str(caught.value))
    assert target.read_bytes() == content
    assert directory_listing(tmp_path) == before


def test_an_empty_file_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "empty.sqlite"
    target.touch()
    with pytest.raises(DatabaseError):
        open_database(target)
    assert target.read_bytes() == b""


def test_a_damaged_sqlite_file_is_refused_and_left_alone(tmp_path):
    target = tmp_path / "damaged.sqlite"
    content = database.SQLITE_HEADER + bytes(range(256)) * 64
    target.write_bytes(content)
    with pytest.raises(DatabaseError) as caught:
        open_database(target)
    assert_readable(str(caught.value))
    assert target.read_bytes() == content


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(DatabaseError, match="is a directory"):
        open_database(tmp_path)


def test_a_foreign_sqlite_database_is_refused(tmp_path, snapshot_file):
    target = tmp_path / "other.sqlite"
    connection = sqlite3.connect(target)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    connection.execute("INSERT INTO invoices (total) VALUES (42)")
    connection.commit()
    connection.close()
    before = snapshot_file(target)
    with pytest.raises(DatabaseError, match="not made by dealboard"):
        open_database(target)
    assert snapshot_file(target) == before


def test_a_database_from_a_newer_version_is_refused(db_path, snapshot_file):
    open_database(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(
        "INSERT INTO schema_migration (name, applied) VALUES ('0002_future_columns', '2030-01-01')"
    )
    connection.commit()
    connection.close()
    before = snapshot_file(db_path)
    with pytest.raises(SchemaTooNew) as caught:
        open_database(db_path)
    message = str(caught.value)
    assert_readable(message)
    assert "newer dealboard" in message
    assert "0002_future_columns" in message
    assert snapshot_file(db_path) == before
    with pytest.raises(SchemaTooNew):
        open_database(db_path, read_only=True)
    assert isinstance(caught.value, DatabaseError)


# ---------------------------------------------------------------- read-only


@pytest.fixture
def read_only_db(db_path):
    """A database with one deal, reopened read-only."""
    writable = open_database(db_path)
    deals.create_deal("Existing", actor=ACTOR, phase="Proposal")
    writable.close()
    opened = open_database(db_path, read_only=True)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    "write",
    [
        lambda: deals.create_deal("New", actor=ACTOR),
        lambda: deals.edit_deal(1, {"title": "Changed"}, actor=ACTOR),
        lambda: deals.move_deal(1, "Order", actor=ACTOR),
        lambda: deals.accept_deal(1, actor=ACTOR),
        lambda: deals.delete_deal(1, actor=ACTOR),
        lambda: phases.add_phase("Extra", 20),
        lambda: phases.rename_phase("Order", "Signed"),
        lambda: settings.set_setting("currency", "USD"),
    ],
)
def test_read_only_database_refuses_writes(read_only_db, db_path, snapshot_file, write):
    before = snapshot_file(db_path)
    with pytest.raises(ReadOnlyError) as caught:
        write()
    assert_readable(str(caught.value))
    assert "read-only" in str(caught.value)
    assert snapshot_file(db_path) == before


def test_read_only_database_can_be_read(read_only_db):
    assert current_info().read_only is True
    assert [d.title for d in list_deals()] == ["Existing"]
    assert len(all_phases()) == 5


def test_read_only_is_enforced_by_sqlite_itself(read_only_db):
    with pytest.raises(peewee.OperationalError, match="readonly"):
        read_only_db.execute_sql("DELETE FROM deal")


# ---------------------------------------------------------------- busy and errors


def test_a_busy_database_says_so_and_saves_nothing(db_path, monkeypatch, snapshot_file):
    monkeypatch.setattr(sqlite_file, "BUSY_TIMEOUT_MS", 50)
    opened = open_database(db_path)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    try:
        before = snapshot_file(db_path)
        blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(DatabaseBusy) as caught:
            deals.create_deal("Blocked", actor=ACTOR)
        assert_readable(str(caught.value))
        assert "Nothing was saved" in str(caught.value)
        blocker.execute("ROLLBACK")
        assert snapshot_file(db_path) == before
        deals.create_deal("After", actor=ACTOR)  # the same connection works afterwards
    finally:
        blocker.close()
        opened.close()
    assert raw_rows(db_path, "SELECT title FROM deal") == [("After",)]


@pytest.mark.parametrize(
    ("text", "error_type"),
    [
        ("database is locked", DatabaseBusy),
        ("attempt to write a readonly database", ReadOnlyError),
        ("database or disk is full", DatabaseError),
        ("database disk image is malformed", DatabaseError),
        ("file is not a database", DatabaseError),
        ("unable to open database file", DatabaseError),
        ("something else entirely", DatabaseError),
    ],
)
def test_translate_error_gives_typed_readable_errors(text, error_type):
    error = database.translate_error(peewee.OperationalError(text))
    assert type(error) is error_type
    assert_readable(str(error))
