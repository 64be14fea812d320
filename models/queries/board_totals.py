"""The board columns' totals per phase: deals, value and open weighted value, summed in SQL.

The board's first frame waits for these (its headers show them), summed over every deal the
status filter shows: 24,000 open deals of 100k. Sums of money are exact at any size
(``exact_sum``: a high and a low part, each far from SQLite's 64-bit limit), which makes
SQLite evaluate four sums of two expressions per row instead of two. On SQLite the plain
sums are taken first, and kept when they are exact: SQLite stops an integer SUM at 2**63
with "integer overflow", and a product past it (a value times a probability) would have made
a float, which is looked for here. Either way the two-part sums are taken instead, as they
are on PostgreSQL (whose SUM never overflows, but whose failed statement would end the
transaction). Measured on 100k deals: 17 ms of CPU for the two-part sums, 8.5 ms plain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import peewee

from models.domain.probability import weighted_sql
from models.domain.status import Status, StatusFilter
from models.reports.sql import exact_sum, joined
from models.storage.postgres import is_postgres
from models.storage.schema import database_proxy

Totals = dict[int, tuple[int, int, int]]  # per phase: deals, value, open weighted value
OVERFLOW = "integer overflow"  # SQLite's error when an integer SUM passes 2**63


def column_totals(status: str) -> Totals:
    """Per phase: deals, value and open weighted value for a status filter, in SQL."""
    db = database_proxy.obj
    where = "" if status == StatusFilter.ALL else f" AND d.status = {db.param}"
    params = [] if status == StatusFilter.ALL else [status]
    open_weighted = f"CASE WHEN d.status = '{Status.OPEN}' THEN {weighted_sql()} ELSE 0 END"
    sql = (
        "SELECT d.phase_id, COUNT(*), {sums} FROM deal d JOIN phase p ON p.id = d.phase_id"
        f" WHERE d.deleted_at IS NULL{where} GROUP BY d.phase_id"
    )
    if not is_postgres(db):
        plain = _plain_totals(
            db, sql.format(sums=f"SUM(d.value_cents), SUM({open_weighted})"), params
        )
        if plain is not None:
            return plain
    cursor = db.execute_sql(
        sql.format(sums=f"{exact_sum('d.value_cents')}, {exact_sum(open_weighted)}"), params
    )
    return {row[0]: (int(row[1]), joined(row[2], row[3]), joined(row[4], row[5])) for row in cursor}


def _plain_totals(db: peewee.Database, sql: str, params: Sequence[object]) -> Totals | None:
    """The totals from plain SQLite sums; None when one of them is not exact."""
    try:
        rows = db.execute_sql(sql, params).fetchall()
    except (peewee.OperationalError, sqlite3.OperationalError) as error:
        # Raised while stepping, when the rows are fetched (or by the first row's step).
        if OVERFLOW not in str(error):
            raise
        return None
    if any(type(value) is not int for row in rows for value in row[1:]):
        return None  # a float: a product or sum past 2**63
    return {row[0]: (row[1], row[2], row[3]) for row in rows}
