"""Owners on the board: whose deals are "my deals", and the owners a filter can pick from."""

from __future__ import annotations

from collections.abc import Iterable


def owner_matches_user(owner: str, user: str) -> bool:
    """Whether a deal's owner is the app's user: today the owner equals the user's login.

    The one place that decides "my deals" (the board's ``u``); once logins have display
    names, a deal owned by the user's display name belongs here too.
    """
    return owner == user


def owners_of(owners: Iterable[str]) -> list[str]:
    """The distinct owners, sorted as people read them (any case), empty ones left out."""
    return sorted({owner for owner in owners if owner}, key=lambda name: (name.casefold(), name))
