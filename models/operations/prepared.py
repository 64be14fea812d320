"""The deal operations' small statements, built by peewee once per shape and run with new values.

A deal operation runs a dozen small statements (read the deal and its phase, update it, insert
its history, reached phases and stays), and peewee takes several times longer to turn such a
query into SQL than SQLite takes to run it. The functions here build each *shape* (which
model, which columns, which conditions) with peewee the first time, per kind of database, and
keep its SQL; later calls only bind new parameters. The SQL stays peewee's own (its quoting,
placeholders and dialect: ``INSERT OR IGNORE`` on SQLite, ``ON CONFLICT DO NOTHING`` and
``RETURNING`` on PostgreSQL), and parameters are always bound, never formatted into the text.

Parameters are converted here as peewee converts them (each field's ``db_value``). The first
time a shape is built, those are compared with the parameters peewee made: if they differ (a
field that gained a default, a converter peewee applies elsewhere), the shape is not kept and
peewee builds that statement every time, so a mismatch costs time, never a wrong row
(``uncached`` lists such shapes; a test checks the deal operations leave it empty).

Rows read are turned into model instances as peewee's own cursor wrapper does (each column
through its field's ``python_value``, nothing marked dirty), without its per-query set-up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import peewee

from models.storage.schema import database_proxy

M = TypeVar("M", bound=peewee.Model)
# Conditions of an UPDATE or SELECT: each field equals its value (None: the field IS NULL).
Where = Mapping[peewee.Field, object]

_MISSING = object()
# (kind of database, shape) → SQL, or None for a shape peewee builds every time.
_SQL: dict[tuple[type, Hashable], str | None] = {}


def uncached() -> list[Hashable]:
    """The shapes whose parameters did not match peewee's, so peewee builds them each time."""
    return [shape for (_kind, shape), sql in _SQL.items() if sql is None]


def _cursor(shape: Hashable, build: Callable[[], peewee.Query], params: list[Any]) -> Any:
    """Run the statement ``build()`` makes, whose parameters are ``params``; return the cursor."""
    db = database_proxy.obj
    key = (type(db), shape)
    sql = _SQL.get(key, _MISSING)
    if sql is _MISSING:
        sql, built = build().sql()
        if list(built) != params:
            sql = None
        _SQL[key] = sql
    if sql is None:
        return db.execute(build())
    return db.execute_sql(sql, params)


def _conditions(where: Where) -> list[Any]:
    """The peewee expressions for ``where`` (built only when a shape is built)."""
    return [field.is_null() if value is None else field == value for field, value in where.items()]


def _where_params(where: Where) -> list[Any]:
    """The parameters the conditions ``where`` bind, in order, as peewee converts them."""
    return [field.db_value(value) for field, value in where.items() if value is not None]


def _in_column_order(model: type[peewee.Model], names: Iterable[str]) -> list[peewee.Field]:
    """The fields named, in the order peewee lists a statement's columns (its field order)."""
    wanted = set(names)
    return [field for field in model._meta.sorted_fields if field.name in wanted]


@functools.cache
def _positions(model: type[peewee.Model]) -> dict[str, int]:
    """Each field's place in peewee's field order, by name (fields compare with ``==`` as SQL)."""
    return {field.name: place for place, field in enumerate(model._meta.sorted_fields)}


def insert(model: type[peewee.Model], values: Mapping[str, object]) -> int:
    """Insert one row (field name → value); return its new id."""
    db = database_proxy.obj
    fields = _in_column_order(model, values)
    returning = bool(db.returning_clause)
    shape = ("insert", model, tuple(field.name for field in fields), returning)

    def build() -> peewee.Query:
        query = model.insert(**values)
        return query.returning(model._meta.primary_key) if returning else query

    cursor = _cursor(shape, build, [field.db_value(values[field.name]) for field in fields])
    if returning:
        return int(cursor.fetchone()[0])
    return int(db.last_insert_id(cursor))


def insert_rows(
    model: type[peewee.Model], rows: Sequence[Mapping[str, object]], *, ignore: bool = False
) -> None:
    """Insert rows that all fill the same fields; ``ignore``: skip rows a unique key refuses."""
    if not rows:
        return
    fields = _in_column_order(model, rows[0])
    shape = ("insert rows", model, tuple(field.name for field in fields), len(rows), ignore)

    def build() -> peewee.Query:
        query = model.insert_many(list(rows))
        return query.on_conflict_ignore() if ignore else query

    params = [field.db_value(row[field.name]) for row in rows for field in fields]
    _cursor(shape, build, params)


def update(model: type[peewee.Model], values: Mapping[peewee.Field, object], where: Where) -> int:
    """``UPDATE`` the rows ``where`` selects with ``values``; return how many changed."""
    position = _positions(model)
    fields = sorted(values, key=lambda field: position[field.name])
    shape = (
        "update",
        model,
        tuple(field.name for field in fields),
        tuple((field.name, value is None) for field, value in where.items()),
    )

    def build() -> peewee.Query:
        return model.update(dict(values)).where(*_conditions(where))

    params = [field.db_value(values[field]) for field in fields] + _where_params(where)
    return int(database_proxy.obj.rows_affected(_cursor(shape, build, params)))


def select(model: type[M], where: Where, order_by: Sequence[peewee.Field] = ()) -> list[M]:
    """The rows of ``model`` that ``where`` selects, as instances, ordered by ``order_by``."""
    shape = (
        "select",
        model,
        tuple((field.name, value is None) for field, value in where.items()),
        tuple(field.name for field in order_by),
    )

    def build() -> peewee.Query:
        query = model.select().where(*_conditions(where)) if where else model.select()
        return query.order_by(*order_by) if order_by else query

    cursor = _cursor(shape, build, _where_params(where))
    return [_instance(model, row) for row in cursor.fetchall()]


@functools.cache
def _readers(model: type[peewee.Model]) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """(name, ``python_value``) of each column ``model.select()`` selects, in its order."""
    return tuple((field.name, field.python_value) for field in model._meta.sorted_fields)


def _instance(model: type[M], row: Sequence[Any]) -> M:
    """A model instance of a row of ``model.select()``, as peewee's cursor wrapper makes it."""
    found = model(__no_default__=1)
    found.__data__ = {
        name: convert(value) for (name, convert), value in zip(_readers(model), row, strict=True)
    }
    return found
