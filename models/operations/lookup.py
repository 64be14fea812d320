"""Find phases, reasons and deals by the names or ids users type."""

from __future__ import annotations

import peewee

from models.domain.errors import NotFound
from models.domain.i18n import _
from models.domain.validation import parse_int_id
from models.operations import prepared
from models.storage.schema import Deal, Phase, Reason


def find_phase(ref: str | int | Phase) -> Phase:
    """Return the phase named ``ref`` (any case) or with that id."""
    if isinstance(ref, Phase):
        return ref
    if isinstance(ref, str):
        wanted = ref.strip().casefold()
        for phase in prepared.select(Phase, {}):
            if phase.name.casefold() == wanted:
                return phase
    phase_id = parse_int_id(ref, "phase")
    if phase_id is not None:
        found = prepared.select(Phase, {Phase.id: phase_id})
        if found:
            return found[0]
    raise NotFound(_("There is no phase {shown_ref}.").format(shown_ref=_shown(ref)))


def find_reason(ref: object) -> Reason:
    """Return the reason named ``ref`` (any case) or with that id; anything else is NotFound."""
    if isinstance(ref, Reason):
        return ref
    if isinstance(ref, str):
        wanted = ref.strip().casefold()
        for reason in prepared.select(Reason, {}):
            if reason.name.casefold() == wanted:
                return reason
    reason_id = parse_int_id(ref, "reason")
    if reason_id is not None:
        found_reason = prepared.select(Reason, {Reason.id: reason_id})
        if found_reason:
            return found_reason[0]
    raise NotFound(_("There is no reason {shown_ref}.").format(shown_ref=_shown(ref)))


def find_deal(ref: str | int, *, include_deleted: bool = False) -> Deal:
    """Return the deal with id ``ref``; deleted deals only when asked for."""
    deal_id = parse_int_id(ref.lstrip("#") if isinstance(ref, str) else ref, "deal")
    if deal_id is None:
        raise NotFound(_("{shown_ref} is not a deal number.").format(shown_ref=_shown(ref)))
    deal = _deal_by_id(deal_id)
    if deal is None:
        raise NotFound(_("There is no deal #{deal_id}.").format(deal_id=deal_id))
    if deal.deleted_at is not None and not include_deleted:
        raise NotFound(_("Deal #{deal_id} is deleted; restore it first.").format(deal_id=deal_id))
    return deal


def _deal_by_id(deal_id: int) -> Deal | None:
    """Return the deal with ``deal_id`` (deleted or not), or None; as ``Deal.get_or_none``."""
    found = prepared.select(Deal, {Deal.id: deal_id})
    return found[0] if found else None


def deal_phase(deal: Deal) -> Phase:
    """The deal's phase, as ``deal.phase`` loads it (and keeps it on the deal, as peewee does).

    Read with a prepared statement: peewee builds its lazy ``deal.phase`` query anew each time.
    """
    loaded: Phase | None = deal.__rel__.get("phase")
    if loaded is None:
        found = prepared.select(Phase, {Phase.id: deal.phase_id})
        if not found:
            raise peewee.DoesNotExist(f"phase {deal.phase_id} of deal {deal.id}")
        loaded = deal.__rel__["phase"] = found[0]
    return loaded


def active_phases() -> list[Phase]:
    """Return the phases offered for new choices, in board order."""
    return prepared.select(Phase, {Phase.archived: False}, order_by=(Phase.position, Phase.id))


def all_phases() -> list[Phase]:
    """Return every phase, archived ones included, in board order (position, then id)."""
    return prepared.select(Phase, {}, order_by=(Phase.position, Phase.id))


def _shown(ref: object) -> str:
    text = str(ref)
    if len(text) > 60:
        text = text[:57] + "…"
    return repr(text) if isinstance(ref, str) else text
