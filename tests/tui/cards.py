"""Board cards and columns built by hand, for the screens' helpers tested without a screen.

A ``Card`` with every field set to a plain open deal (``card(status="accepted")`` changes one)
and a ``Column`` of a phase, as ``models.queries.board`` would read them.
"""

from __future__ import annotations

from typing import Any

from models.queries.board import Card, Column


def column(phase_id: int, *, archived: bool = False, probability: int = 10) -> Column:
    """The column of phase ``phase_id``, named after it."""
    return Column(phase_id, f"Phase {phase_id}", probability, archived)


def card(**changes: Any) -> Card:
    """A card of an open deal, with ``changes`` to its fields."""
    fields: dict[str, Any] = {
        "id": 7,
        "title": "Website",
        "organization": "Acme",
        "owner": "anna",
        "value_cents": 100_000,
        "probability": 10,
        "override": True,
        "status": "open",
        "expected_close": None,
        "updated_at": "2026-11-27 09:00:00",
        "phase_id": 1,
        "haystack": "website acme",
        "version": 4,
    }
    return Card(**{**fields, **changes})
