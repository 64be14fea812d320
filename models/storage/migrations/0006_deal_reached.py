"""Record which phases a deal reached when it reached them: the ``deal_reached`` table.

Until now "reached" was worked out from today's phase order, so reordering or archiving
phases rewrote the funnel and calibration of deals closed long ago. From now on the
operations write one row per deal and phase the moment a deal enters a phase: that phase and
the active phases it skipped on the way forward, by the order of that moment.

The backfill replays each deal's ``created`` and ``phase`` events. The history does not say
what the board order or the archived phases were back then, so it uses today's order, and
counts a skipped phase only if it is active today; a phase a deal actually entered always
counts. A deal without such events (written by a script) reached its current phase and the
active phases before it, at its creation. The logic is frozen here on purpose (see
``models.storage.migrations``); ``models.operations.reached_rows`` is the live version.
"""

from peewee import AutoField, DateTimeField, ForeignKeyField, Model

CHUNK = 20_000  # deals replayed at a time, so a big database's history never sits in memory


def _entered(order, old, new):
    """Phase ids reached by entering ``new`` from ``old`` (None: created) in ``order``."""
    ids = [phase_id for phase_id, _ in order]
    if new not in ids:
        return [new]
    end = ids.index(new)
    start = ids.index(old) if old in ids else -1
    return [phase_id for phase_id, active in order[start + 1 : end] if active] + [new]


def up(migrator, db):
    """Create deal_reached and fill it from the history."""

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

    class DealReached(Base):
        id = AutoField()
        deal = ForeignKeyField(Deal, column_name="deal_id", on_delete="RESTRICT")
        phase = ForeignKeyField(Phase, column_name="phase_id", on_delete="RESTRICT")
        at = DateTimeField()

        class Meta:
            table_name = "deal_reached"
            indexes = ((("deal", "phase"), True), (("phase", "deal"), False))

    db.create_tables([DealReached], safe=False)
    order = [
        (phase_id, not archived)
        for phase_id, archived in db.execute_sql(
            "SELECT id, archived FROM phase ORDER BY position, id"
        ).fetchall()
    ]
    top = db.execute_sql("SELECT MAX(id) FROM deal").fetchone()[0] or 0
    p = db.param
    insert = f"INSERT INTO deal_reached (deal_id, phase_id, at) VALUES ({p}, {p}, {p})"
    for first in range(1, top + 1, CHUNK):
        last = first + CHUNK - 1
        deals = db.execute_sql(
            f"SELECT id, phase_id, created_at FROM deal WHERE id BETWEEN {p} AND {p}",
            (first, last),
        ).fetchall()
        events = db.execute_sql(
            "SELECT deal_id, at, phase_id FROM deal_event"
            f" WHERE deal_id BETWEEN {p} AND {p} AND kind IN ('created', 'phase')"
            " AND phase_id IS NOT NULL ORDER BY deal_id, at, id",
            (first, last),
        ).fetchall()
        current: dict[int, int] = {}
        reached: set[tuple[int, int]] = set()
        rows: list[tuple[int, int, object]] = []
        for deal_id, at, phase_id in events:
            for reached_id in _entered(order, current.get(deal_id), phase_id):
                if (deal_id, reached_id) not in reached:
                    reached.add((deal_id, reached_id))
                    rows.append((deal_id, reached_id, at))
            current[deal_id] = phase_id
        for deal_id, phase_id, created_at in deals:
            if deal_id not in current:
                rows += [(deal_id, r, created_at) for r in _entered(order, None, phase_id)]
            elif (deal_id, phase_id) not in reached:  # history and deal disagree: keep the deal
                rows.append((deal_id, phase_id, created_at))
        if rows:
            cursor = db.cursor()
            cursor.executemany(insert, rows)
