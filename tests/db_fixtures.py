"""A fresh database per test, on both backends: ``db`` and the fixtures built on it.

Loaded by ``tests/conftest.py`` (``pytest_plugins``), whose hooks run each test that asks for
``backend`` twice. The ``db`` fixture (and everything built on it: ``rows``, ``db_snapshot``,
``refused``, …) runs on a fresh SQLite file and on a fresh PostgreSQL database created on
the server named by ``DEALBOARD_TEST_PG_URL`` (``tests/pg_server.sh`` starts one). Without
that variable the PostgreSQL variants are skipped locally and fail in CI (``CI`` set).
Tests that are about the SQLite file itself (they ask for ``db_path``, or carry the
``sqlite_only`` mark) run on SQLite only; ``postgresql_only`` marks the reverse.

Migrating a new database for every test was most of the suite's time: ``db`` opens a copy of
a database that ``open_database`` created, migrated and seeded once per session (per xdist
worker), a file copy on SQLite and ``CREATE DATABASE … TEMPLATE`` on PostgreSQL, where a
database is then put back in the template's state and reused, because creating one costs a
third of a second (``PgPool``). The copy is opened through ``open_database`` as in real
use; only ``current_info().created`` differs (an existing database), so a test about
creating a database carries the ``fresh_database`` mark (``db`` is then created by
``open_database`` as before) or calls ``open_database`` itself. How to keep the suite fast
is in the docstring of ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import peewee
import pytest

from models.operations import deals
from models.storage import database as database_module
from models.storage.database import open_database
from models.storage.schema import Deal, database_proxy
from tests.backends import (
    PG_URL_ENV,
    RawConnection,
    database_name,
    fresh_pg_database,
    query_rows,
    table_snapshot,
)
from tests.pg_pool import PgPool

ACTOR = "tester"


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The kind of database this variant of the test runs on: 'sqlite' or 'postgresql'."""
    return getattr(request, "param", "sqlite")


def pg_problem() -> str | None:
    """Why the PostgreSQL variants cannot run here, or None when a server is at hand."""
    if not os.environ.get(PG_URL_ENV, "").strip():
        return (
            f"{PG_URL_ENV} is not set; start a throwaway server with"
            " `tests/pg_server.sh run pytest` to run the PostgreSQL variants"
        )
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "the PostgreSQL variants need psycopg2: pip install -e '.[test]'"
    return None


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The PostgreSQL server for tests; skipped locally without one, a failure in CI."""
    problem = pg_problem()
    if problem is not None:
        if os.environ.get("CI"):  # CI must never pass by skipping PostgreSQL
            pytest.fail(f"CI must run the PostgreSQL tests: {problem}", pytrace=False)
        pytest.skip(problem)
    return os.environ[PG_URL_ENV].strip()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's SQLite file lives (not created yet); asking for it means SQLite-only."""
    return tmp_path / "deals.sqlite"


def _build_template(target: str) -> None:
    """Create, migrate and seed a database with ``open_database``; leave nothing open or bound."""
    saved = (database_proxy.obj, database_module._info)
    try:
        database = open_database(target)
        if target.endswith(".sqlite"):
            # Everything into the file itself: a copy of the file alone must be complete.
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.close()
    finally:
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new English database file made by ``open_database`` once; ``db`` opens copies of it."""
    path = tmp_path_factory.mktemp("template") / "deals.sqlite"
    _build_template(str(path))
    beside = sorted(p.name for p in path.parent.iterdir() if p != path)
    assert not beside, f"the template left {beside} beside it; a copy of the file would lack them"
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server_url: str) -> Iterator[str]:
    """The name of a new English database made by ``open_database`` once, as a template."""
    with fresh_pg_database(pg_server_url) as url:
        _build_template(url)
        yield database_name(url)


def _fresh(request: pytest.FixtureRequest) -> bool:
    """Tell whether the test wants ``db`` created by ``open_database`` rather than copied."""
    return request.node.get_closest_marker("fresh_database") is not None


@pytest.fixture(scope="session")
def pg_pool(pg_server_url: str, pg_template: str) -> Iterator[PgPool]:
    """Copies of the template for ``db``, reset and reused after each test (tests/pg_pool.py)."""
    pool = PgPool(pg_server_url, pg_template)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def db_target(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """What ``open_database`` is given: a file path, or the URL of a fresh PostgreSQL database.

    The PostgreSQL database is empty, or, when the test uses ``db``, one of ``pg_pool``.
    """
    if backend == "sqlite":
        yield str(tmp_path / "deals.sqlite")  # the same file as ``db_path``
        return
    if "db" in request.fixturenames and not _fresh(request):
        pool = request.getfixturevalue("pg_pool")
        url = pool.take()
        try:
            yield url
        finally:
            pool.give_back(url)
        return
    with fresh_pg_database(request.getfixturevalue("pg_server_url")) as url:
        yield url


@pytest.fixture
def db(db_target: str, request: pytest.FixtureRequest) -> Iterator[peewee.Database]:
    """A new migrated and seeded (English) database, opened with ``open_database``; closed after.

    A copy of the session's template (see the module docstring), unless the test carries the
    ``fresh_database`` mark (then ``open_database`` creates it) or a fixture already put a
    database file at the SQLite path (then that file is opened).
    """
    sqlite = not database_module.is_postgres_url(db_target)
    if sqlite and not _fresh(request) and not os.path.exists(db_target):
        # copy, not copyfile: the template's mode too (a new database is private).
        shutil.copy(request.getfixturevalue("sqlite_template"), db_target)
    database = open_database(db_target)
    try:
        yield database
    finally:
        if not database.is_closed():
            database.close()


@pytest.fixture
def make_deal(db: peewee.Database) -> Callable[..., Deal]:
    """Create a deal through the domain operation; keyword arguments go to create_deal."""

    def factory(title: str = "Website redesign", **kwargs: Any) -> Deal:
        kwargs.setdefault("actor", ACTOR)
        return deals.create_deal(title, **kwargs)

    return factory


@pytest.fixture
def snapshot_file() -> Callable[[Path | str], dict[str, list[tuple[Any, ...]]]]:
    """A function returning all rows of all tables of any database file or URL."""
    return table_snapshot


@pytest.fixture
def db_snapshot(
    db: peewee.Database, db_target: str
) -> Callable[[], dict[str, list[tuple[Any, ...]]]]:
    """A function returning all rows of all tables of the test database, for before/after."""
    return lambda: table_snapshot(db_target)


@pytest.fixture
def rows(db: peewee.Database, db_target: str) -> Callable[..., list[dict[str, Any]]]:
    """Query the test database from outside the app: ``rows("SELECT …", params)``.

    A separate connection of the same kind (sqlite3, or psycopg2 to the same URL); ``?``
    marks parameters on both, and values come back as SQLite would give them (timestamps
    as text, booleans as 0/1), so one assertion holds on both databases.
    """
    return lambda sql, *params: query_rows(db_target, sql, params)


@pytest.fixture
def raw(db: peewee.Database, db_target: str) -> Iterator[RawConnection]:
    """A separate autocommit connection, as support staff would open one (foreign keys on)."""
    connection = RawConnection(db_target)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def deal_row(rows: Callable[..., list[dict[str, Any]]]) -> Callable[[int], dict[str, Any]]:
    """The stored ``deal`` row of one deal, as a dict."""

    def read(deal_id: int) -> dict[str, Any]:
        found = rows("SELECT * FROM deal WHERE id = ?", deal_id)
        assert found, f"deal {deal_id} is not in the database"
        return found[0]

    return read


@pytest.fixture
def events(rows: Callable[..., list[dict[str, Any]]]) -> Callable[[int], list[dict[str, Any]]]:
    """The ``deal_event`` rows of one deal, oldest first, as dicts."""
    return lambda deal_id: rows("SELECT * FROM deal_event WHERE deal_id = ? ORDER BY id", deal_id)


@pytest.fixture
def phase_id(rows: Callable[..., list[dict[str, Any]]]) -> Callable[[str], int]:
    """The id of the phase with this exact name."""

    def find(name: str) -> int:
        found = rows("SELECT id FROM phase WHERE name = ?", name)
        assert found, f"no phase named {name!r}"
        return found[0]["id"]

    return find
