"""Undo migrations applied after the one a migration test goes back to, so it sees that state.

The migration tests turn a database made by today's code back into what an older version
left; each later migration must be undone too, or the database is not what they say.
"""

from __future__ import annotations

import peewee


def undo_next_step(database: peewee.Database) -> None:
    """Drop what 0010 made: the next-step columns and (SQLite) their triggers."""
    if isinstance(database, peewee.SqliteDatabase):
        for event in ("insert", "update"):
            database.execute_sql(f"DROP TRIGGER deal_next_step_shapes_{event}")
    for column in ("next_step", "next_step_date"):
        database.execute_sql(f"ALTER TABLE deal DROP COLUMN {column}")
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0010_next_step'")


def undo_person(database: peewee.Database) -> None:
    """Drop what 0009 made: the person table (its index and triggers go with it)."""
    database.execute_sql("DROP TABLE person")
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0009_person'")


def undo_report_tally(database: peewee.Database) -> None:
    """Drop what 0011 made: the report tallies (their indexes go with them), the triggers."""
    if isinstance(database, peewee.SqliteDatabase):
        for table in ("deal", "deal_event", "deal_reached", "deal_stay"):
            for event in ("insert", "update", "delete"):
                database.execute_sql(f"DROP TRIGGER IF EXISTS {table}_tally_{event}")
    for table in ("report_tally", "deal_phase_time"):
        database.execute_sql(f"DROP TABLE {table}")
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0011_report_tally'")
