"""A next step per deal: ``deal.next_step`` (text) and ``deal.next_step_date`` (date), both NULL.

Existing deals get neither; NULL means "no next step", so nothing is backfilled. On SQLite two
triggers refuse, in new writes by any client, a next step that is not text and a date that is
not a real ``YYYY-MM-DD`` day, as migration 0005 does for the other columns (its triggers name
their columns and are left as they are). PostgreSQL types the new columns (text, date).
The rules are frozen here on purpose (see ``models.storage.migrations``).
"""

import peewee

MESSAGE = "a deal needs its next step as text and its next step date as a real date (YYYY-MM-DD)"


def _wrong(value: str, date: str) -> str:
    """SQL that is true when the row's next step (``value``) or its date (``date``) is wrong."""
    return (
        f"(typeof({value}) NOT IN ('text', 'null')"
        f" OR ({date} IS NOT NULL AND (typeof({date}) <> 'text'"
        # date() keeps 2026-02-30 as it is; through julianday() it becomes 2026-03-02.
        f" OR date(julianday({date})) IS NOT {date})))"
    )


def up(migrator, db):
    """Add the two columns; on SQLite also the triggers that check their shape."""
    migrator.migrate(
        migrator.add_column("deal", "next_step", peewee.TextField(null=True)),
        migrator.add_column("deal", "next_step_date", peewee.DateField(null=True)),
    )
    if not isinstance(db, peewee.SqliteDatabase):
        return
    on_update = (
        "(NEW.next_step IS NOT OLD.next_step OR NEW.next_step_date IS NOT OLD.next_step_date)"
        f" AND {_wrong('NEW.next_step', 'NEW.next_step_date')}"
    )
    for event, condition in (
        ("INSERT", _wrong("NEW.next_step", "NEW.next_step_date")),
        ("UPDATE", on_update),
    ):
        db.execute_sql(
            f"CREATE TRIGGER deal_next_step_shapes_{event.lower()} BEFORE {event} ON deal"
            f" WHEN {condition} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
