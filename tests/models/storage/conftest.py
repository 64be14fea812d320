"""The copy tests' databases: ``source`` (full of history) and ``empty_pg`` (no tables)."""

from __future__ import annotations

from collections.abc import Iterator

import peewee
import pytest

from tests.backends import fresh_pg_database
from tests.models.storage.copy_source import populate


@pytest.fixture
def source(db: peewee.Database) -> peewee.Database:
    """The test's database (SQLite or PostgreSQL), full of history; it stays the open one."""
    populate()
    return db


@pytest.fixture
def empty_pg(pg_server_url: str) -> Iterator[str]:
    """The URL of a brand-new PostgreSQL database without any table (as createdb leaves it)."""
    with fresh_pg_database(pg_server_url) as url:
        yield url
