"""Record the time deals spend open in each phase as it happens: the ``deal_stay`` table.

Days in phase (docs/reports.md) was worked out at report time from every history row with
window functions, most of a big database's report time. From now on the operations write
one row per stay when it starts and set its end when it ends (``models.operations.stay_rows``
is the live rule), and the report sums the rows.

The backfill replays each deal's history with the report's former SQL: the events that move
a deal or open or close it (``created`` and ``phase`` events naming a phase, ``status``
events), in (``at``, ``id``) order; the phase and status after each carry forward to the
next; each one after which the deal is open starts a stay that ends at the next one, or, for
the last, at the deal's ``closed_at`` (closed deals) or never (open deals, NULL). The logic
is frozen here on purpose (see ``models.storage.migrations``). Same SQL on SQLite and
PostgreSQL.
"""

from peewee import AutoField, DateTimeField, ForeignKeyField, Model

BACKFILL = (
    "INSERT INTO deal_stay (deal_id, phase_id, started_at, ended_at)"
    " WITH marks AS ("
    "  SELECT e.deal_id AS deal_id, e.id AS id, e.at AS at, e.phase_id AS phase_id,"
    "   CASE WHEN e.kind = 'created' THEN 'open'"
    "        WHEN e.kind = 'status' THEN e.new_value END AS status,"
    "   d.status AS deal_status, d.closed_at AS closed_at"
    "  FROM deal_event e JOIN deal d ON d.id = e.deal_id"
    "  WHERE (e.kind IN ('created', 'phase') AND e.phase_id IS NOT NULL)"
    "   OR (e.kind = 'status' AND e.field = 'status')),"
    " grouped AS ("
    "  SELECT m.*,"
    "   COUNT(m.phase_id) OVER w AS phase_run, COUNT(m.status) OVER w AS status_run,"
    "   LEAD(m.at) OVER w AS next_at"
    "  FROM marks m"
    "  WINDOW w AS (PARTITION BY m.deal_id ORDER BY m.at, m.id"
    "   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)),"
    " stays AS ("
    "  SELECT g.deal_id AS deal_id, g.id AS id, g.at AS started_at,"
    "   MAX(g.phase_id) OVER (PARTITION BY g.deal_id, g.phase_run) AS phase_id,"
    "   MAX(g.status) OVER (PARTITION BY g.deal_id, g.status_run) AS status,"
    "   COALESCE(g.next_at, CASE WHEN g.deal_status = 'open' THEN NULL"
    "    ELSE g.closed_at END) AS ended_at,"
    "   g.deal_status AS deal_status"
    "  FROM grouped g)"
    " SELECT s.deal_id, s.phase_id, s.started_at, s.ended_at FROM stays s"
    " WHERE s.status = 'open' AND s.phase_id IS NOT NULL"
    # A closed deal without a close time has no end: the report never counted that stay.
    "  AND (s.ended_at IS NOT NULL OR s.deal_status = 'open')"
    " ORDER BY s.deal_id, s.started_at, s.id"
)


def up(migrator, db):
    """Create deal_stay and fill it from the history."""

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Phase(Base):
        id = AutoField()

        class Meta:
            table_name = "phase"

    class Deal(Base):
        id = AutoField()

        class Meta:
            table_name = "deal"

    class DealStay(Base):
        id = AutoField()
        deal = ForeignKeyField(Deal, column_name="deal_id", on_delete="RESTRICT")
        phase = ForeignKeyField(Phase, column_name="phase_id", on_delete="RESTRICT")
        started_at = DateTimeField()
        ended_at = DateTimeField(null=True)

        class Meta:
            table_name = "deal_stay"
            indexes = ((("deal", "phase", "started_at", "ended_at"), False),)

    db.create_tables([DealStay], safe=False)
    db.execute_sql(BACKFILL)
