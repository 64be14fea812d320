"""Closing and reopening deals: accept or reject from any phase, switch the outcome, reopen.

The phase never changes here: a deal closes in the phase it is in, and management later
reads in which phase deals were won or lost (docs/concepts.md, "Status").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.domain.errors import RuleError, ValidationError
from models.domain.i18n import N_, _
from models.domain.status import CLOSED_STATUSES, STATUS_WORDS, AppliesTo, Status
from models.domain.validation import (
    clean_text,
    parse_probability,
)
from models.operations.deal_core import (
    KEEP,
    check_phase_active,
    check_reason,
    effective_probability,
    load_for_change,
    reason_name,
    save_version,
)
from models.operations.history import utcnow, write_events, write_stay
from models.operations.history_rows import closed_rows, reopened_rows, switched_rows
from models.operations.lookup import find_deal
from models.storage.database import write_operation
from models.storage.schema import Deal, Reason


@write_operation
def close_deal(
    deal_id: int | str,
    outcome: str,
    *,
    actor: str,
    reason: object = None,
    competitor: str = "",
    note: str = "",
    expect_version: int | None = None,
    at: dt.datetime | None = None,
    probability_at_close: int | None = None,
) -> Deal:
    """Accept or reject an open deal from whatever phase it is in.

    Records ``closed_at``, the effective probability at that moment, the reason (required
    where the settings say so, and it must apply to the outcome), a competitor (rejected
    only) and a closing note. The deal keeps its phase. ``probability_at_close`` replaces the
    effective probability for a deal that closed elsewhere at a known one (the CSV import).
    """
    if outcome not in CLOSED_STATUSES:
        raise ValidationError(
            "status",
            _("A deal is closed as accepted or rejected, not {outcome!r}.").format(outcome=outcome),
        )
    at = at or utcnow()
    deal = load_for_change(deal_id, expect_version)
    if deal.status != Status.OPEN:
        raise RuleError(
            _(
                "Deal #{deal_id} is already {deal_status}; reopen it or switch its outcome instead."
            ).format(deal_id=deal.id, deal_status=STATUS_WORDS.get(deal.status, deal.status))
        )
    found = check_reason(reason, outcome)
    rival = clean_text("competitor", competitor)
    if rival and outcome != Status.REJECTED:
        raise ValidationError("competitor", _("Only a lost (rejected) deal has a competitor."))
    closing_note = clean_text("close_note", note)
    chance = (
        effective_probability(deal)
        if probability_at_close is None
        else parse_probability(probability_at_close)
    )
    version = save_version(
        deal,
        {
            Deal.status: outcome,
            Deal.closed_at: at,
            Deal.probability_at_close: chance,
            Deal.reason: found.id if found else None,
            Deal.competitor: rival,
            Deal.close_note: closing_note,
        },
        at,
    )
    closing = (found.name if found else None, rival, closing_note)
    write_events(
        closed_rows(deal.id, actor=actor, at=at, version=version, outcome=outcome, closing=closing)
    )
    write_stay(deal.id, at, None)
    return find_deal(deal.id)


def accept_deal(deal_id: int | str, **kwargs: Any) -> Deal:
    """Mark an open deal as won (accepted), in whatever phase it is."""
    return close_deal(deal_id, Status.ACCEPTED, **kwargs)


def reject_deal(deal_id: int | str, **kwargs: Any) -> Deal:
    """Mark an open deal as lost (rejected), in whatever phase it is."""
    return close_deal(deal_id, Status.REJECTED, **kwargs)


@write_operation
def switch_outcome(
    deal_id: int | str,
    *,
    actor: str,
    reason: object = KEEP,
    competitor: object = KEEP,
    note: object = KEEP,
    expect_version: int | None = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Correct a closed deal's outcome (accepted ↔ rejected), keeping when it closed.

    The current reason stays if it applies to the new outcome; a reason that does not is
    dropped (and must be replaced where one is required). A deal switched to accepted loses
    its competitor. Closed before and after: no stay in a phase starts or ends.
    """
    at = at or utcnow()
    deal = load_for_change(deal_id, expect_version)
    if deal.status == Status.OPEN:
        raise RuleError(
            _("Deal #{deal_id} is open; accept or reject it instead.").format(deal_id=deal.id)
        )
    new_status = Status.REJECTED if deal.status == Status.ACCEPTED else Status.ACCEPTED
    if reason is KEEP:
        current = Reason.get_or_none(Reason.id == deal.reason_id) if deal.reason_id else None
        keep = current is not None and current.applies_to in (new_status, AppliesTo.BOTH)
        # A kept reason is not a new choice: it stays even if archived since closing.
        found = current if keep else check_reason(None, new_status)
    else:
        found = check_reason(reason, new_status)
    if new_status == Status.ACCEPTED:
        if competitor not in (KEEP, None, ""):
            raise ValidationError("competitor", _("Only a lost (rejected) deal has a competitor."))
        rival = ""
    else:
        rival = deal.competitor if competitor is KEEP else clean_text("competitor", competitor)
    closing_note = deal.close_note if note is KEEP else clean_text("close_note", note)
    new_reason_id = found.id if found else None
    version = save_version(
        deal,
        {
            Deal.status: new_status,
            Deal.reason: new_reason_id,
            Deal.competitor: rival,
            Deal.close_note: closing_note,
        },
        at,
    )
    write_events(
        switched_rows(
            deal.id,
            actor=actor,
            at=at,
            version=version,
            old_status=deal.status,
            new_status=new_status,
            before=(reason_name(deal.reason_id), deal.competitor, deal.close_note),
            after=(found.name if found else None, rival, closing_note),
        )
    )
    return find_deal(deal.id)


@write_operation
def reopen_deal(
    deal_id: int | str,
    *,
    actor: str,
    expect_version: int | None = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Set a closed deal back to open, clearing its closing data (history keeps it)."""
    at = at or utcnow()
    deal = load_for_change(deal_id, expect_version)
    if deal.status == Status.OPEN:
        raise RuleError(_("Deal #{deal_id} is already open.").format(deal_id=deal.id))
    check_phase_active(deal, N_("reopened"))
    version = save_version(
        deal,
        {
            Deal.status: Status.OPEN,
            Deal.closed_at: None,
            Deal.probability_at_close: None,
            Deal.reason: None,
            Deal.competitor: "",
            Deal.close_note: "",
        },
        at,
    )
    write_events(
        reopened_rows(
            deal.id,
            actor=actor,
            at=at,
            version=version,
            old_status=deal.status,
            closing=(reason_name(deal.reason_id), deal.competitor, deal.close_note),
            probability_at_close=deal.probability_at_close,
            closed_at=deal.closed_at,
        )
    )
    write_stay(deal.id, at, deal.phase_id)
    return find_deal(deal.id)
