"""The report tallies: ``report_tally`` and ``deal_phase_time`` (models.storage.tally).

A report over a big database scanned every deal, per section; from now on the write
operations keep the sums up to date as deals change, and a report over the whole database
adds up the tally rows. The tables are created empty here; ``models.storage.database`` fills
them right after the migrations (``models.storage.tally.rebuild``), because they are derived
data whose definition lives in one place, versioned (``tally.VERSION``), unlike the frozen
copies the other migrations keep. Columns and kinds: docs/database.md.

A change written by any other client (``sqlite3``, ``psql``) would leave the tallies behind
without a trace, so the writes are counted: on SQLite a trigger per row of ``deal``,
``deal_event``, ``deal_reached`` and ``deal_stay`` adds one to the tallies' ``state`` row
(``m1``); on PostgreSQL ``change_counter`` already counts them (migrations 0002, 0006, 0008). The tallies are used only while that count is the
one they were brought up to date at (``m2``).
"""

import peewee


def up(migrator, db):
    """Create both tables and their indexes (same SQL on SQLite and PostgreSQL)."""
    big = "INTEGER" if isinstance(db, peewee.SqliteDatabase) else "BIGINT"
    stamp = "DATETIME" if isinstance(db, peewee.SqliteDatabase) else "TIMESTAMP"
    keys = ", ".join(f"{name} {big} NOT NULL DEFAULT 0" for name in ("k1", "k2", "k3"))
    texts = ", ".join(f"{name} TEXT NOT NULL DEFAULT ''" for name in ("t1", "t2", "t3", "t4"))
    measures = ", ".join(
        f"{name} {big} NOT NULL DEFAULT 0"
        for name in ("n", "m1", "m2", "m3", "m4", "m5", "m6", "m7")
    )
    db.execute_sql(f"CREATE TABLE report_tally (kind TEXT NOT NULL, {keys}, {texts}, {measures})")
    db.execute_sql(
        "CREATE UNIQUE INDEX report_tally_key ON report_tally (kind, k1, k2, k3, t1, t2, t3, t4)"
    )
    db.execute_sql(
        f"CREATE TABLE deal_phase_time (deal_id {big} NOT NULL REFERENCES deal (id),"
        f" phase_id {big} NOT NULL REFERENCES phase (id), seconds {big} NOT NULL DEFAULT 0,"
        f" running_since {stamp}, latest {stamp})"
    )
    db.execute_sql(
        "CREATE UNIQUE INDEX deal_phase_time_deal ON deal_phase_time (deal_id, phase_id)"
    )
    db.execute_sql(
        "CREATE INDEX deal_phase_time_finished"
        " ON deal_phase_time (phase_id, seconds) WHERE running_since IS NULL"
    )
    db.execute_sql(
        "CREATE INDEX deal_phase_time_running"
        " ON deal_phase_time (running_since, phase_id, seconds) WHERE running_since IS NOT NULL"
    )
    db.execute_sql("CREATE INDEX deal_phase_time_latest ON deal_phase_time (latest)")
    watched = ("deal", "deal_event", "deal_reached", "deal_stay")
    if isinstance(db, peewee.SqliteDatabase):
        for table in watched:
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute_sql(
                    f"CREATE TRIGGER {table}_tally_{event.lower()} AFTER {event} ON {table}"
                    " BEGIN UPDATE report_tally SET m1 = m1 + 1 WHERE kind = 'state'; END"
                )
    # PostgreSQL: change_counter already counts them (migrations 0002, 0006 and 0008).
