"""Indexes for the board's and the reports' queries, found with EXPLAIN QUERY PLAN.

- ``deal_status_closed (status, closed_at)``: "won this month" on the board, and every report
  section filtered by a closing period, search a range instead of reading all closed deals.
- ``deal_event_reached (phase_id, deal_id) WHERE kind IN ('created', 'phase')``: the funnel
  and calibration ask which deals ever entered a phase; the partial index holds only those
  events (about a third of the history) and answers from the index alone.
- ``deal_event_deal_id`` goes: ``deal_event_deal_at (deal_id, at)`` serves every lookup it
  did, and one index fewer is one less to update for every history line written.
"""


def up(migrator, db):
    """Create the two indexes and drop the redundant one (same SQL on SQLite and PostgreSQL)."""
    db.execute_sql("CREATE INDEX deal_status_closed ON deal (status, closed_at)")
    db.execute_sql(
        "CREATE INDEX deal_event_reached ON deal_event (phase_id, deal_id)"
        " WHERE kind IN ('created', 'phase')"
    )
    db.execute_sql("DROP INDEX IF EXISTS deal_event_deal_id")
