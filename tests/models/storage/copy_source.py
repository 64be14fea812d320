"""A database full of what CSV cannot carry, for the copy tests (``populate``, ``at``).

Phase order, an archived phase and person, reasons, a setting, and history by several
actors: reopened, switched and deleted deals, all at fixed moments with microseconds.
"""

from __future__ import annotations

import datetime as dt

from models.operations import deal_status, deals, people, phases, reasons, settings

T0 = dt.datetime(2026, 3, 2, 9, 15, 7, 123456)


def at(days: float) -> dt.datetime:
    """A moment ``days`` after T0, microseconds kept."""
    return T0 + dt.timedelta(days=days)


def populate() -> None:
    """Fill the open database with what CSV cannot carry: order, archive, history, actors."""
    phases.add_phase("Legal review", 60, position=4)
    phases.move_phase("Negotiation", 2)
    reasons.add_reason("Great demo", "accepted")
    settings.set_setting("currency", "USD")
    people.add_person("ann", "Ann Smit")
    people.add_person("bob", "Bob de Wit")
    people.set_person_archived("bob")
    backward = deals.create_deal("Backward", actor="ann", value="1200.50", at=at(0))
    deals.move_deal(backward.id, "Proposal", actor="bob", at=at(1))
    deals.move_deal(backward.id, "Introduction", actor="cy", at=at(2))
    won = deals.create_deal(
        "Won in legal", actor="ann", value="9000", phase="Legal review", at=at(3)
    )
    deal_status.close_deal(won.id, "accepted", actor="dee", reason="Great demo", at=at(4))
    phases.archive_phase("Legal review")  # a closed deal keeps its archived phase
    lost = deals.create_deal("Lost", actor="bob", value="300", phase="Proposal", at=at(5))
    deal_status.close_deal(
        lost.id, "rejected", actor="ann", reason="Price too high", competitor="Acme", at=at(6)
    )
    deal_status.reopen_deal(lost.id, actor="bob", at=at(7))
    deal_status.close_deal(lost.id, "rejected", actor="bob", reason="No budget", at=at(8))
    deal_status.switch_outcome(lost.id, actor="cy", reason="Other", at=at(9))
    gone = deals.create_deal("Deleted", actor="ann", at=at(10))
    deals.delete_deal(gone.id, actor="ann", at=at(11))
    for index in range(7):
        deals.create_deal(f"Open {index}", actor="eve", value=str(100 * index), at=at(12 + index))
