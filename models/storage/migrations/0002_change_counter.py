"""A change counter for live refresh on PostgreSQL (SQLite has ``PRAGMA data_version``).

``change_counter`` holds one row whose ``value`` goes up by one in every transaction that
changes a deal, its history, a phase, a reason or a setting. Triggers do the counting, so a
change made by any client counts, also one typed in psql by support staff, just as SQLite's
``data_version`` sees every other connection's commit. The counter moves once per
transaction, not per row (``xid`` remembers the transaction that moved it last), so a big
import costs one update of the counter, and it becomes visible exactly when the change
commits. Watchers read it with one cheap SELECT (``models.storage.changes``).

On SQLite this migration does nothing.
"""

import peewee

TABLES = ("deal", "deal_event", "phase", "reason", "setting")

FUNCTION = """
CREATE FUNCTION dealboard_count_change() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    UPDATE change_counter SET value = value + 1, xid = txid_current()
     WHERE id = 1 AND xid IS DISTINCT FROM txid_current();
    RETURN NULL;
END
$body$
"""


def up(migrator, db):
    """Create change_counter and the triggers that count changes (PostgreSQL only)."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    db.execute_sql(
        "CREATE TABLE change_counter ("
        " id integer PRIMARY KEY CHECK (id = 1),"
        " value bigint NOT NULL DEFAULT 0,"
        " xid bigint)"
    )
    db.execute_sql("INSERT INTO change_counter (id, value) VALUES (1, 0)")
    db.execute_sql(FUNCTION)
    for table in TABLES:
        # Row triggers: a statement that changes no row is no change. TRUNCATE has no rows.
        db.execute_sql(
            f"CREATE TRIGGER {table}_changes AFTER INSERT OR UPDATE OR DELETE ON {table}"
            " FOR EACH ROW EXECUTE FUNCTION dealboard_count_change()"
        )
        db.execute_sql(
            f"CREATE TRIGGER {table}_truncated AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION dealboard_count_change()"
        )
