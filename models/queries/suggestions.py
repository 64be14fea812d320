"""Completion for free-text fields: the values already used, most used first.

Owners are people: the active people's display names come first, so typing ``an`` offers
"Anna de Vries" before an old ``anna`` that some deals still show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from peewee import fn

from models.operations.people import all_people, default_owner
from models.storage.rows import tuples
from models.storage.schema import Deal

SUGGESTABLE = ("organization", "contact", "owner", "source", "competitor")
NEW_DEAL_FIELDS = ("organization", "contact", "owner", "source")


class NewDealDefaults(TypedDict):
    """What the new-deal form starts with: its owner and the values each input suggests."""

    owner: str
    suggestions: dict[str, list[str]]


def used_values(fields: Iterable[str], limit: int = 500) -> dict[str, list[str]]:
    """Return, per field, the distinct non-empty values in use, most frequent first.

    For ``owner``, the active people's names come first, by name (see the module docstring).
    """
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
        values = [value for value, _ in tuples(query) if isinstance(value, str)]
        result[name] = _people_first(values) if name == "owner" else values
    return result


def _people_first(owners: list[str]) -> list[str]:
    """The active people's names, by name, then the other owners in use."""
    names = sorted(
        (person.name for person in all_people(include_archived=False)),
        key=lambda name: (str(name).casefold(), str(name)),
    )
    ordered = [name for name in names if isinstance(name, str)]
    known = set(ordered)
    return ordered + [owner for owner in owners if owner not in known]


def new_deal_defaults(login: str) -> NewDealDefaults:
    """The new-deal form's owner for the acting ``login`` and its inputs' suggestions."""
    return {"owner": default_owner(login), "suggestions": used_values(NEW_DEAL_FIELDS)}
