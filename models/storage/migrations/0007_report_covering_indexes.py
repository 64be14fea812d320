"""Indexes that let the report read narrow sorted entries instead of whole deal rows.

Found with ``python -m tests.bench.report_sections`` and EXPLAIN QUERY PLAN on 100k and 1M
generated deals:

- ``deal_report``: every column the report's sections read from a deal, for the deals not
  deleted. The sections over closed or open deals (reasons, competitors, win rates, days to
  close, the trend, forecast, overdue, and the scope of the funnel and conversion) picked
  ``deal_board_totals`` for ``deleted_at IS NULL`` and then read each deal's row from the
  table in that index's order, one random read per deal; now they read this index alone, in
  order (about a third of the table's size). ``deleted_at`` is a column of it too, though
  always NULL there: SQLite 3.40 counts an index as covering only when it holds every column
  the query names, its WHERE included.
- ``deal_event_expected_close``: the changes of expected close dates, which forecast
  accuracy looks up once per won deal (the first change at or after the close), so the
  lookup reads a small index instead of the deal's later history rows. ``id`` follows ``at``
  so the index is in the lookup's order (``at``, then ``id``); ``kind`` and ``field`` are
  columns for the covering rule above.
- ``deal_event_status_change``: status changes by the outcome they left, so corrections
  (reopened and switched outcomes) reads those few instead of the whole history.

Same SQL on SQLite and PostgreSQL.
"""


def up(migrator, db):
    """Create the three indexes."""
    db.execute_sql(
        "CREATE INDEX deal_report ON deal (status, phase_id, owner, source, reason_id,"
        " competitor, value_cents, probability_override, expected_close, created_at,"
        " closed_at, deleted_at) WHERE deleted_at IS NULL"
    )
    db.execute_sql(
        "CREATE INDEX deal_event_expected_close"
        " ON deal_event (deal_id, at, id, old_value, kind, field)"
        " WHERE kind = 'field' AND field = 'expected_close'"
    )
    db.execute_sql(
        "CREATE INDEX deal_event_status_change ON deal_event (old_value, new_value, at)"
        " WHERE kind = 'status' AND field = 'status'"
    )
