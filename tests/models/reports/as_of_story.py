"""The twelve-deal story the past-pipeline (``--as-of``) tests rebuild, written into a database.

``build_history`` creates the deals and their changes, from 5 January to 20 February 2026,
in the open database. test_report_as_of.py lists them, with where each stands at the end of
1 February and the numbers worked out by hand; tests/tui/cli/test_cli_report_as_of.py puts
the same story on the command line.
"""

from __future__ import annotations

import datetime as dt

from models.operations.deals import (
    accept_deal,
    create_deal,
    delete_deal,
    edit_deal,
    move_deal,
    reject_deal,
    reopen_deal,
    restore_deal,
)
from models.operations.phases import archive_phase
from tests.models.reports.report_cases import ACTOR


def at(text: str) -> dt.datetime:
    """A time in 2026 from its month, day and time (``"02-05 09:00"``)."""
    return dt.datetime.fromisoformat(f"2026-{text}")


def deal(title: str, when: str, phase: str, value: str, owner: str, **extra: object) -> int:
    """Create a deal at ``at(when)``; its id."""
    return create_deal(
        title, actor=ACTOR, at=at(when), phase=phase, value=value, owner=owner, **extra
    ).id


def build_history() -> None:
    """The twelve deals of test_report_as_of.py's docstring, in the open database."""
    d1 = deal("D1", "01-10 09:00", "Introduction", "1000.00", "ann")
    move_deal(d1, "Proposal", actor=ACTOR, at=at("02-05 09:00"))
    d2 = deal("D2", "01-10 09:00", "Presentation", "200.00", "bob")
    edit_deal(d2, {"value": "300.00"}, actor=ACTOR, at=at("01-20 09:00"))
    edit_deal(d2, {"value": "500.00"}, actor=ACTOR, at=at("02-10 09:00"))
    d3 = deal("D3", "01-15 09:00", "Proposal", "400.00", "ann", probability_override=30)
    accept_deal(d3, actor=ACTOR, at=at("02-02 00:00"))
    d4 = deal("D4", "01-05 09:00", "Introduction", "50.00", "ann")
    reject_deal(d4, reason="No budget", actor=ACTOR, at=at("01-25 09:00"))
    d5 = deal("D5", "01-05 09:00", "Negotiation", "80.00", "bob")
    reject_deal(d5, reason="No budget", actor=ACTOR, at=at("01-10 12:00"))
    reopen_deal(d5, actor=ACTOR, at=at("01-20 09:00"))
    accept_deal(d5, actor=ACTOR, at=at("02-15 09:00"))
    d6 = deal("D6", "01-05 09:00", "Introduction", "10.00", "ann")
    delete_deal(d6, actor=ACTOR, at=at("01-28 09:00"))
    restore_deal(d6, actor=ACTOR, at=at("02-20 09:00"))
    d7 = deal("D7", "01-06 09:00", "Presentation", "20.00", "ann")
    delete_deal(d7, actor=ACTOR, at=at("02-10 09:00"))
    deal("D8", "02-05 09:00", "Introduction", "5.00", "ann")
    deal("D9", "02-01 23:30", "Introduction", "12.35", "ann")
    d10 = deal("D10", "01-12 09:00", "Negotiation", "100.00", "ann")
    edit_deal(d10, {"probability_override": 90}, actor=ACTOR, at=at("02-03 09:00"))
    edit_deal(d10, {"owner": "bob"}, actor=ACTOR, at=at("02-06 09:00"))
    d11 = deal("D11", "01-12 09:00", "Proposal", "60.00", "bob", probability_override=20)
    move_deal(d11, "Negotiation", actor=ACTOR, at=at("02-04 09:00"))
    d12 = deal("D12", "01-12 09:00", "Order", "70.00", "bob")
    move_deal(d12, "Negotiation", actor=ACTOR, at=at("02-03 09:00"))
    archive_phase("Order")
