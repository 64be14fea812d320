"""Refuse deal values of the wrong shape from every client, for new writes only.

SQLite stores whatever a client gives: ``'abc'`` as an amount, a BLOB as a title,
``2026-02-30`` as a date. From now on the database itself refuses such a deal row, whoever
writes it (dealboard, a script, the ``sqlite3`` shell).

SQLite cannot add a CHECK constraint to an existing table; the table would have to be
rebuilt, and the rebuild's copy would fail on a row that already breaks the new rule (or
the row would have to be dropped or changed). Existing rows are kept exactly as they are:
``dealboard check`` names them and the screens show them marked, so a person decides
what the right value was. So on SQLite triggers do the checking: on INSERT every rule, and
on UPDATE the rules of the columns the statement changes. A deal with one bad field can
still be edited in its other fields, and the bad field can be corrected.

PostgreSQL already types its columns (bigint, varchar, date, timestamp): there this
migration does nothing. A closing time before the creation time is not refused by either
database: operations take their time from the client that runs them, and a clock that is
off must not stop a sale from being recorded; ``dealboard check`` reports such deals.
"""

import peewee

TEXT_COLUMNS: tuple[str, ...] = (
    "title",
    "organization",
    "contact",
    "owner",
    "source",
    "competitor",
)
TEXT_COLUMNS += ("close_note", "note")
TIMESTAMP_COLUMNS = ("created_at", "updated_at", "closed_at", "deleted_at")
_DIGITS = {4: "[0-9]" * 4, 2: "[0-9]" * 2}
# What dealboard writes: str(datetime), with or without microseconds.
SECONDS = f"{_DIGITS[4]}-{_DIGITS[2]}-{_DIGITS[2]} {_DIGITS[2]}:{_DIGITS[2]}:{_DIGITS[2]}"
MICROSECONDS = SECONDS + "." + "[0-9]" * 6
MESSAGE = (
    "a deal needs whole-number cents, text fields as text and real dates (YYYY-MM-DD) and"
    " times (YYYY-MM-DD HH:MM:SS)"
)


def _wrong(column: str) -> str:
    """SQL that is true when NEW.column breaks the rule for its column."""
    value = f"NEW.{column}"
    # NULL is left to the columns' own NOT NULL, which says so in its own words.
    if column == "value_cents":
        return f"typeof({value}) NOT IN ('integer', 'null')"
    if column in TEXT_COLUMNS:
        return f"typeof({value}) NOT IN ('text', 'null')"
    if column == "expected_close":
        # date() keeps 2026-02-30 as it is; through julianday() it becomes 2026-03-02.
        return (
            f"({value} IS NOT NULL AND (typeof({value}) <> 'text'"
            f" OR date(julianday({value})) IS NOT {value}))"
        )
    return (
        f"({value} IS NOT NULL AND (typeof({value}) <> 'text'"
        f" OR NOT ({value} GLOB '{SECONDS}' OR {value} GLOB '{MICROSECONDS}')"
        f" OR date(julianday({value})) IS NOT substr({value}, 1, 10)"
        f" OR datetime({value}) IS NOT substr({value}, 1, 19)))"
    )


COLUMNS = ("value_cents", *TEXT_COLUMNS, "expected_close", *TIMESTAMP_COLUMNS)


def up(migrator, db):
    """Add the triggers (SQLite) or the closing-time CHECK (PostgreSQL)."""
    if not isinstance(db, peewee.SqliteDatabase):
        return
    on_insert = " OR ".join(_wrong(column) for column in COLUMNS)
    on_update = " OR ".join(
        f"(NEW.{column} IS NOT OLD.{column} AND {_wrong(column)})" for column in COLUMNS
    )
    for event, condition in (("INSERT", on_insert), ("UPDATE", on_update)):
        db.execute_sql(
            f"CREATE TRIGGER deal_value_shapes_{event.lower()} BEFORE {event} ON deal"
            f" WHEN {condition} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
