"""Rows of peewee queries that select columns rather than whole models, typed as tuples."""

from __future__ import annotations

from typing import Any

from peewee import SelectBase


def tuples(query: SelectBase) -> list[tuple[Any, ...]]:
    """Run ``query`` and return its rows as tuples.

    Iterating ``query.tuples()`` gives the same rows, but peewee's stubs type that query as
    yielding model instances; executing it says what the rows are.
    """
    return list(query.tuples().execute())
