"""Owners on the board: whose deals are "my deals", and the owners a filter can pick from."""

from __future__ import annotations

from collections.abc import Iterable

from models.operations.people import person_by_login


def owner_matches_user(owner: str, user: str, name: str | None = None) -> bool:
    """Whether a deal's owner is the app's user: their login, or their display name ``name``.

    The one place that decides "my deals" (the board's ``u``). ``name`` is the name of the
    person with that login (``user_display_name``), the owner a new deal of theirs gets.
    """
    return owner == user or (bool(name) and owner == name)


def user_display_name(login: str) -> str | None:
    """The display name of the person whose login is ``login`` (any case), or None.

    Reads the database: call it in a worker.
    """
    person = person_by_login(login)
    return person.name if person is not None and isinstance(person.name, str) else None


def owners_of(owners: Iterable[str]) -> list[str]:
    """The distinct owners, sorted as people read them (any case), empty ones left out."""
    return sorted({owner for owner in owners if owner}, key=lambda name: (name.casefold(), name))
