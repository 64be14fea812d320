"""The ``db`` fixture opens a copy of a template made by ``open_database``: a new database.

Copying is what keeps the suite fast (tests/db_fixtures.py); these tests keep it honest: the
copy holds exactly the schema and rows a database created now holds, on both backends, it is
opened through ``open_database`` like any existing database, and a test marked
``fresh_database`` still gets one created and migrated for it.
"""

from __future__ import annotations

import os

import pytest

from models.operations import deals
from models.storage.database import current_info, open_database
from models.storage.schema import database_proxy
from tests.backends import (
    RawConnection,
    query_rows,
    table_snapshot,
    with_database,
)
from tests.conftest import ACTOR
from tests.db_template_checks import new_database as new_database  # a fixture
from tests.db_template_checks import rows_of, schema


def test_db_holds_exactly_what_a_new_database_holds(backend, db, db_target, new_database):
    assert schema(db_target) == schema(new_database)
    assert rows_of(db_target) == rows_of(new_database)
    assert len(rows_of(db_target)["phase"]) == 5


def test_db_is_opened_like_an_existing_database_and_takes_changes(backend, db, db_target, rows):
    info = current_info()
    assert (info.kind, info.created) == (backend, False)  # a copy, not created by this test
    deal = deals.create_deal("Kept", actor=ACTOR)
    assert rows("SELECT id, title FROM deal") == [{"id": deal.id, "title": "Kept"}]


def test_the_sqlite_copy_is_a_file_of_its_own(db, db_path, sqlite_template):
    assert not os.path.samefile(db_path, sqlite_template)
    assert sorted(p.name for p in sqlite_template.parent.iterdir()) == [sqlite_template.name]
    deals.create_deal("Only in the copy", actor=ACTOR)
    assert table_snapshot(sqlite_template)["deal"] == []


@pytest.mark.fresh_database
def test_the_fresh_database_mark_creates_and_migrates_it(backend, db, db_target):
    info = current_info()
    assert (info.kind, info.created) == (backend, True)


@pytest.mark.postgresql_only
def test_a_postgresql_database_is_reused_only_in_the_template_state(backend, pg_pool):
    url = pg_pool.take()
    open_database(url)
    deals.create_deal("Left behind", actor=ACTOR)
    database_proxy.obj.close()
    made = len(pg_pool.made)
    pg_pool.give_back(url)
    again = pg_pool.take()
    assert again == url  # only rows changed: put back and reused, no new database
    assert rows_of(again) == rows_of(with_database(pg_pool.server_url, pg_pool.template))
    assert query_rows(again, "SELECT nextval('deal_id_seq') AS id") == [{"id": 1}]
    # A changed schema is not the template's: dropped, and the next test gets a new copy.
    connection = RawConnection(again)
    connection.execute("ALTER TABLE deal ADD COLUMN extra integer")
    connection.close()
    pg_pool.give_back(again)
    assert len(pg_pool.made) == made - 1
    fresh = pg_pool.take()
    assert fresh != again
    pg_pool.give_back(fresh)


@pytest.mark.postgresql_only
def test_reads_from_outside_share_one_kept_connection_and_see_every_commit(
    backend, db, db_target, raw, monkeypatch
):
    import tests.backends

    opened: list[str] = []
    connect = tests.backends._pg_connect
    monkeypatch.setattr(
        tests.backends, "_pg_connect", lambda url: opened.append(url) or connect(url)
    )
    deals.create_deal("Seen", actor=ACTOR)  # committed by the app's connection
    assert [row["title"] for row in query_rows(db_target, "SELECT title FROM deal")] == ["Seen"]
    raw.execute("UPDATE deal SET title = 'Seen again'")  # and by another one
    assert [row[1] for row in table_snapshot(db_target)["deal"]] == ["Seen again"]
    assert opened == []  # no connection of their own (each costs ~25 ms)


@pytest.mark.postgresql_only
def test_a_database_whose_kept_connection_the_test_ended_is_still_reused(backend, pg_pool):
    url = pg_pool.take()
    raw = RawConnection(url)
    raw.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    raw.close()
    made = len(pg_pool.made)
    pg_pool.give_back(url)
    assert len(pg_pool.made) == made  # put back, not dropped
    again = pg_pool.take()
    assert again == url
    assert query_rows(again, "SELECT COUNT(*) AS n FROM phase") == [{"n": 5}]
    pg_pool.give_back(again)
