"""The rows of ``models.storage.copy``: read in batches by key, checked, written as they were.

Each table is read in key order, ``BATCH_ROWS`` at a time (``WHERE key > last``, so memory
stays flat however big the database is), and written with one multi-row ``INSERT`` per
batch. Values pass through the schema's fields, as every dealboard read and write does:
each driver's form (a PostgreSQL ``timestamp``, an SQLite text) becomes the Python value
and then the target's form, so times keep their microseconds and flags become booleans.
A value another client stored that its column cannot hold (``stored_values.BadValue``)
stops the copy with its table, id and column named. The SQL is written once per table
rather than built by peewee's query builder per batch, which took four fifths of the time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import peewee

from models.domain.errors import DatabaseError
from models.domain.i18n import _
from models.storage.postgres import is_postgres
from models.storage.schema import BaseModel
from models.storage.stored_values import BadValue

# Rows per INSERT: well under SQLite's 32,766 parameters for the widest table (deal).
BATCH_ROWS = 500

Progress = Callable[[int, int], None]


class _Table:
    """The statements and conversions that copy one table."""

    def __init__(
        self, model: type[BaseModel], source: peewee.Database, target: peewee.Database
    ) -> None:
        self.model = model
        self.fields: list[peewee.Field] = list(model._meta.sorted_fields)
        key = model._meta.primary_key
        if not isinstance(key, peewee.Field):  # every dealboard table has a one-column key
            raise TypeError(f"{model.__name__} has no single primary key to copy by")
        self.key_index = self.fields.index(key)
        columns = ", ".join(f'"{field.column_name}"' for field in self.fields)
        table = f'"{model._meta.table_name}"'
        order = f'ORDER BY "{key.column_name}" LIMIT {BATCH_ROWS}'
        self.first = f"SELECT {columns} FROM {table} {order}"
        self.after = (
            f'SELECT {columns} FROM {table} WHERE "{key.column_name}" > {source.param} {order}'
        )
        self.insert = f"INSERT INTO {table} ({columns}) VALUES "
        self.row = "(" + ", ".join([target.param] * len(self.fields)) + ")"

    def read(self, source: peewee.Database, last: Any) -> list[tuple[Any, ...]]:
        """The next batch of stored rows after key ``last`` (the first batch for None)."""
        if last is None:
            return list(source.execute_sql(self.first).fetchall())
        return list(source.execute_sql(self.after, (last,)).fetchall())

    def write(self, target: peewee.Database, rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows`` (as the source stored them) into the target, converted."""
        params: list[Any] = []
        for row in rows:
            for field, stored in zip(self.fields, row, strict=True):
                value = field.python_value(stored) if stored is not None else None
                if isinstance(value, BadValue):
                    raise DatabaseError(
                        _(
                            "{table} {key} has {field} {value}; the new database would refuse it."
                            " Correct it (dealboard check lists every such value) and copy again;"
                            " nothing was copied."
                        ).format(
                            table=self.model._meta.table_name,
                            key=row[self.key_index],
                            field=field.name,
                            value=value.marked,
                        )
                    )
                params.append(field.db_value(value))
        target.execute_sql(self.insert + ", ".join([self.row] * len(rows)), params)


def copy_rows(
    source: peewee.Database,
    target: peewee.Database,
    models: list[type[BaseModel]],
    total: int,
    progress: Progress | None,
) -> None:
    """Copy each table in key order, ids and values as they are; report rows done of ``total``."""
    done = 0
    if progress is not None:
        progress(done, total)
    for model in models:
        table = _Table(model, source, target)
        last: Any = None
        while rows := table.read(source, last):
            table.write(target, rows)
            last = rows[-1][table.key_index]
            done += len(rows)
            if progress is not None:
                progress(done, total)


def finish_tables(target: peewee.Database, models: list[type[BaseModel]]) -> None:
    """On PostgreSQL: id sequences continue after the copied ids, and the planner learns the rows.

    SQLite needs neither: new ids follow the highest one. Without ``ANALYZE`` PostgreSQL
    plans the first queries on freshly filled tables blind; the report that verifies the
    copy took 94 s instead of seconds on 20,000 deals.
    """
    if not is_postgres(target):
        return
    for model in models:
        target.execute_sql(f'ANALYZE "{model._meta.table_name}"')
        key = model._meta.primary_key
        if not isinstance(key, peewee.AutoField):
            continue
        table, column = model._meta.table_name, key.column_name
        target.execute_sql(
            f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX("{column}"), 1),'
            f' MAX("{column}") IS NOT NULL) FROM "{table}"',
            (table, column),
        )
