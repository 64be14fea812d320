"""Owners that look like the same person, as warnings of ``dealboard check``.

The rules are ``models.domain.owner_names``; this reads the owners of the deals that are not
deleted and the people, and words each look-alike as a warning with stable keys. A warning
does not make the database unhealthy (``check`` still exits 0): nothing is damaged, every
report still runs, and only a person can tell whether "Anna" and "Anna de Vries" are one.
"""

from __future__ import annotations

from peewee import fn

from models.domain.owner_names import look_alike_owners, look_alike_sentence
from models.storage.foreign_rows import MAX_LISTED
from models.storage.rows import tuples
from models.storage.schema import Deal, Person

OWNERS_LOOK_ALIKE = "owners_look_alike"  # the fixed code of these warnings


def owners_in_use() -> dict[str, int]:
    """Each owner spelling on a deal that is not deleted, with its number of deals."""
    query = (
        Deal.select(Deal.owner, fn.COUNT(Deal.id))
        .where(Deal.deleted_at.is_null(), Deal.owner != "")
        .group_by(Deal.owner)
    )
    return {owner: count for owner, count in tuples(query) if isinstance(owner, str)}


def owner_warnings() -> tuple[list[dict[str, object]], int]:
    """The look-alike owners as ``check --json`` lists them, and how many were left off."""
    people = [
        (login, name)
        for login, name in tuples(Person.select(Person.login, Person.name))
        if isinstance(login, str) and isinstance(name, str)
    ]
    found = look_alike_owners(owners_in_use(), people)
    warnings: list[dict[str, object]] = [
        {
            "problem": OWNERS_LOOK_ALIKE,
            "rule": item.rule,
            "owner": item.owner,
            "deals": item.deals,
            "same_as": list(item.same_as),
            "login": item.login,
            "message": look_alike_sentence(item),
        }
        for item in found[:MAX_LISTED]
    ]
    return warnings, max(0, len(found) - MAX_LISTED)
