"""Fixtures of the storage tests: the copy tests' databases and the tally tests' deals.

``source`` (full of history) and ``empty_pg`` (no tables) are the copy tests'; ``some_deals``
gives the tally tests four deals in every state, made at ``SOME_DEALS_AT``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import peewee
import pytest

from models.operations import deals
from tests.backends import fresh_pg_database
from tests.conftest import ACTOR
from tests.models.storage.copy_source import populate

SOME_DEALS_AT = dt.datetime(2026, 2, 2, 10, 0)


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


@pytest.fixture
def some_deals(db: peewee.Database) -> list[int]:
    """Four deals: open, moved, won with an owner, lost to a competitor."""
    ids = [
        deals.create_deal(f"Deal {n}", actor=ACTOR, owner="Ann", value="100", at=SOME_DEALS_AT).id
        for n in range(4)
    ]
    later = SOME_DEALS_AT + dt.timedelta(days=3)
    deals.move_deal(ids[1], "Proposal", actor=ACTOR, at=later)
    deals.move_deal(ids[2], "Negotiation", actor=ACTOR, at=later)
    deals.accept_deal(ids[2], actor=ACTOR, reason="Best price", at=later + dt.timedelta(days=1))
    deals.reject_deal(ids[3], actor=ACTOR, reason="Chose a competitor", competitor="Acme", at=later)
    return ids
