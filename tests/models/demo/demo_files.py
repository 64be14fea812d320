"""Demo database files for the bulk tests: made new, read, and fingerprinted.

``NOW`` is the clock the bulk demos are built at and ``DEALS`` the size of the demo as
shipped; test_demo_bulk.py builds the big demo, test_demo_bulk_settings.py small ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

from models.storage import database as database_module
from models.storage.database import open_database
from models.storage.schema import database_proxy

NOW = dt.datetime(2026, 5, 1, 12, 0)
DEALS = 30_000  # the full-length demo, above the real threshold


def query(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """The rows of a query on a database file, opened read-only."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def fingerprint(path: Path) -> str:
    """A hash of every deal, event and reached row, in id order."""
    digest = hashlib.sha256()
    for table in ("deal", "deal_event", "deal_reached"):
        for row in query(path, f"SELECT * FROM {table} ORDER BY id"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def fresh_file(path: Path, lang: str = "en") -> Path:
    """A new dealboard database at ``path`` (schema, migrations, seed), closed again."""
    saved = (database_proxy.obj, database_module._info)
    try:
        open_database(path, lang=lang).close()
    finally:
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]
    return path
