"""Completion for free-text fields: the values already used, most used first."""

from __future__ import annotations

from collections.abc import Iterable

from peewee import fn

from models.storage.rows import tuples
from models.storage.schema import Deal

SUGGESTABLE = ("organization", "contact", "owner", "source", "competitor")


def used_values(fields: Iterable[str], limit: int = 500) -> dict[str, list[str]]:
    """Return, per field, the distinct non-empty values in use, most frequent first."""
    result: dict[str, list[str]] = {}
    for name in fields:
        if name not in SUGGESTABLE:
            raise ValueError(f"{name} has no suggestions")
        column = getattr(Deal, name)
        query = (
            Deal.select(column, fn.COUNT(Deal.id).alias("uses"))
            .where(column != "", Deal.deleted_at.is_null())
            .group_by(column)
            .order_by(fn.COUNT(Deal.id).desc(), column)
            .limit(limit)
        )
        result[name] = [value for value, _ in tuples(query)]
    return result
