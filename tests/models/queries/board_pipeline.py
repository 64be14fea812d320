"""The small pipeline the board tests load: eight deals over three phases, one won, one lost.

``pipeline`` makes it with the ``make_deal`` fixture (tests/db_fixtures.py) and returns the
deals' ids by title; ``ACTOR`` is who closes the two.
"""

from __future__ import annotations

from collections.abc import Callable

from models.operations import deals
from models.storage.schema import Deal

ACTOR = "anna"


def pipeline(make_deal: Callable[..., Deal]) -> dict[str, int]:
    """Six open deals over three phases, one won in Proposal and one lost in Negotiation."""
    ids = {}
    for title, phase, value, extra in [
        ("Alpha", "Introduction", "1000", {"contact": "Ms Lindqvist"}),
        ("Bravo", "Introduction", "2000", {}),
        ("Charlie", "Introduction", "3000", {"owner": "Bram"}),
        ("Delta", "Proposal", "4000", {"probability_override": 80}),
        ("Echo", "Proposal", "5000", {"organization": "Gemeente Utrecht"}),
        ("Foxtrot", "Negotiation", "6000", {}),
        ("Won one", "Proposal", "7000", {}),
        ("Lost one", "Negotiation", "8000", {}),
    ]:
        ids[title] = make_deal(title, phase=phase, value=value, **extra).id
    deals.accept_deal(ids["Won one"], actor=ACTOR)
    deals.reject_deal(ids["Lost one"], actor=ACTOR, reason="Price too high")
    return ids
