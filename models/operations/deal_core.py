"""What every deal operation shares: loading for a change, the compare-and-set save, conflicts.

A save is ``UPDATE … WHERE id = ? AND version = ?``; zero rows means someone else saved first,
and ``conflict`` names what they changed since, from the history's ``version`` column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from models.domain import probability
from models.domain.errors import Change, ConflictError, RuleError, ValidationError
from models.domain.i18n import _
from models.domain.status import STATUS_WORDS, AppliesTo, Status
from models.operations import prepared, tally_journal
from models.operations.lookup import deal_phase, find_deal, find_reason
from models.operations.settings import setting_flag
from models.storage.schema import Deal, DealEvent, Phase, Reason

KEEP: Any = object()  # "leave as it is" for optional arguments where None means "clear"


def effective_probability(deal: Deal, phase: Phase | None = None) -> int:
    """Return the probability that counts for a deal (``models.domain.probability``'s rule)."""
    at_close = deal.probability_at_close if deal.status != Status.OPEN else None
    return probability.effective_probability(
        deal.probability_override, (phase or deal_phase(deal)).probability, at_close
    )


def conflict(deal_id: int, expected: int) -> ConflictError:
    """Build the error for a stale version, naming what changed since ``expected``."""
    current = Deal.select(Deal.version).where(Deal.id == deal_id).scalar() or expected
    events = (
        DealEvent.select()
        .where(DealEvent.deal == deal_id, DealEvent.version > expected)
        .order_by(DealEvent.id)
    )
    changes = [
        Change(
            actor=event.actor,
            at=str(event.at),
            field=event.field or event.kind,
            old_value=event.old_value,
            new_value=event.new_value,
        )
        for event in events
    ]
    return ConflictError(deal_id, expected, current, changes)


def load_for_change(deal_id: int | str, expect_version: int | None) -> Deal:
    """Load a live deal for a change; a stale ``expect_version`` is a conflict."""
    deal = find_deal(deal_id)
    if expect_version is not None and deal.version != expect_version:
        raise conflict(deal.id, expect_version)
    return deal


def save_version(deal: Deal, changes: Mapping[Any, Any], at: dt.datetime) -> int:
    """Write ``changes`` only if the deal is still at the version read; return the new one."""
    new_version = deal.version + 1
    tally_journal.touch(deal.id)
    rows = prepared.update(
        Deal,
        {**changes, Deal.version: new_version, Deal.updated_at: at},
        {Deal.id: deal.id, Deal.version: deal.version},
    )
    if rows != 1:
        raise conflict(deal.id, deal.version)
    return new_version


def check_reason(reason: object, outcome: str) -> Reason | None:
    """Return the reason for closing as ``outcome``; refuse a missing, archived or wrong one."""
    if reason is None or (isinstance(reason, str) and not reason.strip()):
        if setting_flag(
            f"require_reason_on_{'reject' if outcome == Status.REJECTED else 'accept'}"
        ):
            raise ValidationError(
                "reason",
                _("A reason is required to reject a deal.")
                if outcome == Status.REJECTED
                else _("A reason is required to accept a deal."),
            )
        return None
    found = find_reason(reason)
    if found.archived:
        raise ValidationError(
            "reason",
            _("Reason {found_name!r} is archived; choose another.").format(found_name=found.name),
        )
    if found.applies_to not in (outcome, AppliesTo.BOTH):
        raise ValidationError(
            "reason",
            _(
                "Reason {found_name!r} applies to {found_applies_to} deals, not {outcome} ones."
            ).format(
                found_name=found.name,
                found_applies_to=STATUS_WORDS.get(found.applies_to, found.applies_to),
                outcome=STATUS_WORDS.get(outcome, outcome),
            ),
        )
    return found


def check_phase_active(deal: Deal, becomes: str) -> None:
    """Refuse to make a deal open again in an archived phase, where no board would show it."""
    phase = deal_phase(deal)
    if phase.archived:
        raise RuleError(
            _(
                "Deal #{deal_id} is in phase {phase_name!r}, which is archived; unarchive the phase first so the {becomes} deal shows on the board."
            ).format(deal_id=deal.id, phase_name=phase.name, becomes=_(becomes))
        )


def reason_name(reason_id: int | None) -> str | None:
    """Return a reason's name for the history, or None."""
    if reason_id is None:
        return None
    return Reason.select(Reason.name).where(Reason.id == reason_id).scalar()
