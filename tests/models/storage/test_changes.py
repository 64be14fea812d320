"""The change signal for live refresh, on SQLite (data_version) and PostgreSQL (a counter)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from models.domain.errors import DatabaseError
from models.operations import deals
from models.operations.phases import rename_phase
from models.storage.changes import ChangeWatcher, change_token

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def watcher(db):
    """A watcher on the test database, its starting point taken."""
    with ChangeWatcher() as watching:
        assert watching.changed() is False  # the first look only takes the starting point
        yield watching


def test_nothing_happened_is_no_change(watcher):
    assert watcher.changed() is False
    assert watcher.changed() is False


def test_a_commit_by_another_connection_is_seen_once(watcher, raw):
    raw.execute("UPDATE phase SET name = 'Offer' WHERE name = 'Proposal'")
    assert watcher.changed() is True
    assert watcher.changed() is False


def test_every_table_the_board_shows_counts(watcher, raw, make_deal):
    deal = make_deal()
    assert watcher.changed() is True
    for statement in (
        "UPDATE deal SET title = 'Renamed'",
        f"INSERT INTO deal_event (deal_id, at, actor, kind) VALUES ({deal.id},"
        " '2026-01-01 00:00:00', 'psql', 'note')",
        "UPDATE reason SET name = 'Too dear' WHERE name = 'Price too high'",
        "UPDATE setting SET value = 'USD' WHERE key = 'currency'",
        "DELETE FROM phase WHERE name = 'Order'",
    ):
        raw.execute(statement)
        assert watcher.changed() is True, statement


def test_a_rolled_back_change_is_no_change(watcher, raw):
    raw.execute("BEGIN")
    raw.execute("UPDATE phase SET name = 'Offer' WHERE name = 'Proposal'")
    raw.execute("ROLLBACK")
    assert watcher.changed() is False


def test_a_statement_that_changes_nothing_is_no_change(watcher, raw):
    raw.execute("UPDATE phase SET name = 'Nothing' WHERE name = 'No such phase'")
    assert watcher.changed() is False


def test_the_apps_own_operations_are_seen_too(watcher, make_deal):
    """The watcher has its own connection, so the app's saves count as another's."""
    deal = make_deal()
    assert watcher.changed() is True
    deals.move_deal(deal.id, "Proposal", actor="tester")
    rename_phase("Order", "Signed")
    assert watcher.changed() is True
    assert watcher.changed() is False


def test_a_change_by_another_process_is_seen(watcher, db_target):
    script = (
        "import sys\n"
        "from models.storage.database import open_database\n"
        "from models.operations.deals import create_deal\n"
        "open_database(sys.argv[1])\n"
        "create_deal('From elsewhere', actor='other')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, db_target],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert watcher.changed() is True


def test_the_watcher_can_be_asked_from_any_thread(watcher, raw):
    """The TUI polls from worker threads; the watcher's connection is not bound to one."""
    answers = []

    def look() -> None:
        answers.append(watcher.changed())

    raw.execute("UPDATE phase SET probability = 55 WHERE name = 'Proposal'")
    for _ in range(2):
        thread = threading.Thread(target=look)
        thread.start()
        thread.join()
    assert answers == [True, False]


def test_change_token_moves_when_another_connection_commits(db, raw):
    before = change_token()
    assert change_token() == before
    raw.execute("UPDATE phase SET probability = 55 WHERE name = 'Proposal'")
    assert change_token() != before


@pytest.mark.postgresql_only  # SQLite has data_version instead
def test_one_transaction_moves_the_postgresql_counter_once(db, rows, make_deal):
    before = rows("SELECT value FROM change_counter")[0]["value"]
    make_deal()  # a deal and its history line: two tables, one transaction
    assert rows("SELECT value FROM change_counter")[0]["value"] == before + 1


@pytest.mark.postgresql_only  # an SQLite file connection cannot be cut from outside
def test_a_lost_connection_is_an_error_once_then_a_change(watcher, raw):
    pid = watcher._connection.get_backend_pid()
    raw.execute("SELECT pg_terminate_backend(?)", (pid,))
    with pytest.raises(DatabaseError):
        watcher.changed()
    assert watcher.changed() is True  # reconnected; what happened meanwhile is unknown


def test_closing_and_asking_again_starts_afresh(watcher, raw):
    watcher.close()
    assert watcher.changed() is False
    raw.execute("UPDATE phase SET probability = 55 WHERE name = 'Proposal'")
    assert watcher.changed() is True
