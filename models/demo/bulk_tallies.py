"""The bulk demo's report tallies: summed from its blocks, or counted once at the end.

Tallies add up over deals, so each worker counts its own block's (``models.demo.bulk``) and
the writer stores their sum; where the blocks come without them (no zone this machine knows,
or a Python whose sqlite3 cannot serialize) the file is counted from scratch instead.
"""

from __future__ import annotations

from pathlib import Path

import peewee

from models.domain.errors import ValidationError
from models.domain.periods import zone
from models.storage.settings_rows import stored_settings
from models.storage.tally import Tallies, add, rebuild_for_settings, store


def tally_zone(path: Path) -> str | None:
    """The zone the new file's report tallies count in; None when this machine lacks it."""
    db = peewee.SqliteDatabase(str(path))
    try:
        name = stored_settings(db)["timezone"]
    finally:
        db.close()
    try:
        zone(name)
    except ValidationError:  # an unknown zone: the tallies are left to a rebuild, as anywhere
        return None
    return name


def sum_tallies(total: Tallies | None, block: Tallies | None) -> Tallies | None:
    """Add one block's tallies to the total (None once a block came without them)."""
    if total is None or block is None:
        return None
    for key, measures in block.items():
        old = total.get(key)
        total[key] = measures if old is None else add(old, measures)
    return total


def store_tallies(path: Path, tallies: Tallies, zone_name: str) -> None:
    """Write the blocks' summed tallies (their phase times were copied with their rows)."""
    db = peewee.SqliteDatabase(str(path), pragmas={"synchronous": "off", "temp_store": "memory"})
    try:
        with db.atomic():
            store(db, tallies, zone_name)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
    finally:
        db.close()


def count_tallies(path: Path) -> None:
    """Fill the report tallies of the rows written here, around the operations that keep them.

    ``open_database`` left them counted for an empty database; a rebuild from scratch in one
    transaction (``models.storage.tally``) makes them what the operations would have kept.
    Nobody else sees the file yet, so no fsync: ``sync_file`` flushes it before it is used.
    """
    db = peewee.SqliteDatabase(str(path), pragmas={"synchronous": "off", "temp_store": "memory"})
    try:
        with db.atomic():
            rebuild_for_settings(db)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
    finally:
        db.close()
