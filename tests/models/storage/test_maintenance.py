"""check_database and backup_database."""

from __future__ import annotations

import sqlite3

import pytest

from models.domain.errors import DatabaseError
from models.operations import deals
from models.queries.deal_views import deal_to_dict, list_deals
from models.storage.database import open_database
from models.storage.maintenance import backup_database, check_database
from tests.conftest import assert_readable

ACTOR = "tester"


def test_a_fresh_database_is_healthy(db):
    result = check_database()
    assert result.healthy
    assert result.problems == []
    assert result.counts == {"phases": 5, "deals": 0, "deleted_deals": 0, "events": 0}


def test_check_counts_deals_and_events(make_deal):
    make_deal()
    gone = make_deal()
    deals.delete_deal(gone.id, actor=ACTOR)
    result = check_database()
    assert result.healthy
    assert result.counts == {"phases": 5, "deals": 1, "deleted_deals": 1, "events": 3}


def test_check_finds_an_open_deal_in_an_archived_phase(make_deal, raw):
    make_deal(phase="Proposal")
    raw.execute("UPDATE phase SET archived = TRUE WHERE name = 'Proposal'")
    result = check_database()
    assert not result.healthy
    assert any("archived phase" in problem for problem in result.problems)


def test_check_finds_broken_foreign_keys_and_missing_history(make_deal, db_path):
    make_deal()
    connection = sqlite3.connect(db_path)  # foreign keys are off by default in sqlite3
    connection.execute(
        "INSERT INTO deal (title, phase_id, created_at, updated_at)"
        " VALUES ('Orphan', 9999, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
    connection.commit()
    connection.close()
    result = check_database()
    assert not result.healthy
    assert any("Foreign key: deal" in problem and "phase" in problem for problem in result.problems)
    assert any("no history" in problem for problem in result.problems)
    for problem in result.problems:
        assert_readable(problem)


@pytest.mark.sqlite_only  # PostgreSQL is backed up with pg_dump
def test_backup_copies_everything_and_opens(make_deal, db, tmp_path):
    first = make_deal("First", value="100.50", phase="Proposal")
    second = make_deal("Second", phase="Negotiation")
    deals.reject_deal(second.id, actor=ACTOR, reason="No budget", competitor="Initech")
    expected = [deal_to_dict(d) for d in list_deals("all")]
    assert [d["id"] for d in expected] == [first.id, second.id]
    target = tmp_path / "backups" / "copy.sqlite"
    target.parent.mkdir()
    seen = []

    counts = backup_database(target, progress=lambda done, total: seen.append((done, total)))

    assert counts == {"phase": 5, "reason": 11, "deal": 2, "deal_event": 5}
    assert seen and seen[-1][0] == seen[-1][1]
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite"]  # no leftovers
    connection = sqlite3.connect(target)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()
    db.close()
    copy = open_database(target)
    try:
        assert [deal_to_dict(d) for d in list_deals("all")] == expected
        assert check_database().healthy
    finally:
        copy.close()


@pytest.mark.sqlite_only  # PostgreSQL is backed up with pg_dump
def test_backup_refuses_to_overwrite_an_existing_file(make_deal, tmp_path):
    make_deal()
    target = tmp_path / "existing.sqlite"
    target.write_bytes(b"precious")
    with pytest.raises(DatabaseError, match="already exists") as caught:
        backup_database(target)
    assert_readable(str(caught.value))
    assert target.read_bytes() == b"precious"


@pytest.mark.sqlite_only  # PostgreSQL is backed up with pg_dump
def test_backup_overwrites_only_when_asked(make_deal, tmp_path):
    make_deal("Only")
    target = tmp_path / "existing.sqlite"
    target.write_bytes(b"old")
    backup_database(target, overwrite=True)
    connection = sqlite3.connect(target)
    try:
        assert connection.execute("SELECT title FROM deal").fetchall() == [("Only",)]
    finally:
        connection.close()


def test_backup_refuses_the_database_itself(db, db_path, db_snapshot):
    before = db_snapshot()
    with pytest.raises(DatabaseError, match="over the database itself"):
        backup_database(db_path, overwrite=True)
    assert db_snapshot() == before


@pytest.mark.sqlite_only  # PostgreSQL is backed up with pg_dump
def test_backup_into_a_missing_directory(db, tmp_path):
    with pytest.raises(DatabaseError, match="does not exist"):
        backup_database(tmp_path / "nowhere" / "copy.sqlite")
    assert not (tmp_path / "nowhere").exists()
