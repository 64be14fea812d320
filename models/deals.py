"""Operations that change deals: create, edit, move, close, switch, reopen, delete, restore.

This is the one mutation path for deals. Every operation runs in one transaction, checks the
domain rules of DESIGN §1, writes its ``deal_event`` rows and bumps ``version`` with a
compare-and-set (``UPDATE … WHERE id = ? AND version = ?``), so a save based on an old
version never silently overwrites someone else's: it raises ``ConflictError`` instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from models.database import write_operation
from models.errors import Change, ConflictError, RuleError, ValidationError
from models.history import record, utcnow
from models.lookup import active_phases, find_deal, find_phase, find_reason
from models.schema import CLOSED_STATUSES, Deal, DealEvent, Phase, Reason
from models.settings import setting_flag
from models.validation import (
    cents_to_decimal_string,
    clean_text,
    parse_date,
    parse_money,
    parse_probability,
)

TEXT_FIELDS = ("title", "organization", "contact", "owner", "source", "note")
EDITABLE_FIELDS = (
    *TEXT_FIELDS,
    "value",
    "expected_close",
    "probability_override",
    "reason",
    "competitor",
    "close_note",
)
_KEEP: Any = object()  # "leave as it is" for optional arguments where None means "clear"


def effective_probability(deal: Deal, phase: Phase | None = None) -> int:
    """Return the probability that counts for a deal: at close, override, or its phase's."""
    if deal.status != "open" and deal.probability_at_close is not None:
        return deal.probability_at_close
    if deal.probability_override is not None:
        return deal.probability_override
    return (phase or deal.phase).probability


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


def _load(deal_id: int | str, expect_version: int | None) -> Deal:
    deal = find_deal(deal_id)
    if expect_version is not None and deal.version != expect_version:
        raise conflict(deal.id, expect_version)
    return deal


def _save(deal: Deal, changes: Mapping[Any, Any], at: dt.datetime) -> int:
    """Write ``changes`` only if the deal is still at the version read; return the new one."""
    new_version = deal.version + 1
    rows = (
        Deal.update({**changes, Deal.version: new_version, Deal.updated_at: at})
        .where(Deal.id == deal.id, Deal.version == deal.version)
        .execute()
    )
    if rows != 1:
        raise conflict(deal.id, deal.version)
    return new_version


def _check_reason(reason: object, outcome: str) -> Reason | None:
    if reason is None or (isinstance(reason, str) and not reason.strip()):
        if setting_flag(f"require_reason_on_{'reject' if outcome == 'rejected' else 'accept'}"):
            verb = "reject" if outcome == "rejected" else "accept"
            raise ValidationError("reason", f"A reason is required to {verb} a deal.")
        return None
    found = find_reason(reason)  # type: ignore[arg-type]
    if found.archived:
        raise ValidationError("reason", f"Reason {found.name!r} is archived; choose another.")
    if found.applies_to not in (outcome, "both"):
        raise ValidationError(
            "reason",
            f"Reason {found.name!r} applies to {found.applies_to} deals, not {outcome} ones.",
        )
    return found


def _check_phase_active(deal: Deal, becomes: str) -> None:
    """Refuse to make a deal open again in an archived phase, where no board would show it."""
    phase = deal.phase
    if phase.archived:
        raise RuleError(
            f"Deal #{deal.id} is in phase {phase.name!r}, which is archived; unarchive the"
            f" phase first so the {becomes} deal shows on the board."
        )


def _reason_name(reason_id: int | None) -> str | None:
    if reason_id is None:
        return None
    return Reason.select(Reason.name).where(Reason.id == reason_id).scalar()


@write_operation
def create_deal(
    title: str,
    *,
    actor: str,
    organization: str = "",
    contact: str = "",
    owner: str = "",
    source: str = "",
    value: object = 0,
    phase: str | int | Phase | None = None,
    expected_close: object = None,
    note: str = "",
    probability_override: object = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Create an open deal in ``phase`` (default: the first active phase)."""
    at = at or utcnow()
    fields = {
        "title": clean_text("title", title, required=True),
        "organization": clean_text("organization", organization),
        "contact": clean_text("contact", contact),
        "owner": clean_text("owner", owner),
        "source": clean_text("source", source),
        "note": clean_text("note", note),
    }
    cents = parse_money(value)
    close_date = parse_date(expected_close)
    override = (
        None if probability_override in (None, "") else parse_probability(probability_override)
    )
    if phase is None:
        actives = active_phases()
        if not actives:
            raise RuleError("There is no active phase to put the deal in.")
        target = actives[0]
    else:
        target = find_phase(phase)
        if target.archived:
            raise RuleError(f"Phase {target.name!r} is archived; choose an active phase.")
    deal = Deal.create(
        **fields,
        value_cents=cents,
        phase=target.id,
        status="open",
        probability_override=override,
        expected_close=close_date,
        created_at=at,
        updated_at=at,
        version=1,
    )
    record(deal.id, "created", actor=actor, at=at, version=1, new=fields["title"], phase=target.id)
    return deal


def _parse_edit(deal: Deal, name: str, raw: object) -> tuple[str, Any, Any]:
    """Return (column, stored value, history value) for one edited field."""
    if name in TEXT_FIELDS:
        value = clean_text(name, raw, required=name == "title")
        return name, value, value
    if name == "value":
        cents = parse_money(raw)
        return "value_cents", cents, cents_to_decimal_string(cents)
    if name == "expected_close":
        date = parse_date(raw)
        return "expected_close", date, date
    if name == "probability_override":
        chance = None if raw in (None, "") else parse_probability(raw)
        if deal.status != "open" and chance != deal.probability_override:
            raise RuleError(
                f"Deal #{deal.id} is {deal.status}; its probability was fixed when it closed."
            )
        return "probability_override", chance, chance
    if name == "competitor":
        text = clean_text("competitor", raw)
        if text and text != deal.competitor and deal.status != "rejected":
            raise ValidationError("competitor", "Only a lost (rejected) deal has a competitor.")
        return "competitor", text, text
    if name == "close_note":
        text = clean_text("close_note", raw)
        if text and text != deal.close_note and deal.status == "open":
            raise ValidationError("close_note", "Only a closed deal has a closing note.")
        return "close_note", text, text
    if name == "reason":
        if deal.status == "open":
            if raw in (None, ""):
                return "reason_id", None, None
            raise ValidationError("reason", "Only a closed deal has a reason; close it first.")
        if raw not in (None, "") and find_reason(raw).id == deal.reason_id:  # type: ignore[arg-type]
            return "reason_id", deal.reason_id, _reason_name(deal.reason_id)
        reason = _check_reason(raw, deal.status)
        return "reason_id", reason.id if reason else None, reason.name if reason else None
    raise ValidationError(name, f"{name!r} is not a field that can be edited.")


_HISTORY_NAME = {"value_cents": "value", "reason_id": "reason"}


@write_operation
def edit_deal(
    deal_id: int | str,
    changes: Mapping[str, object],
    *,
    actor: str,
    expect_version: int | None = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Change fields of a deal; a stale ``expect_version`` raises ``ConflictError``."""
    at = at or utcnow()
    deal = _load(deal_id, expect_version)
    updates: dict[Any, Any] = {}
    events: list[tuple[str, Any, Any]] = []
    for name, raw in changes.items():
        column, stored, shown = _parse_edit(deal, name, raw)
        current = getattr(deal, column)
        if current == stored:
            continue
        updates[getattr(Deal, column)] = stored
        old_shown: Any = current
        if column == "value_cents":
            old_shown = cents_to_decimal_string(current)
        elif column == "reason_id":
            old_shown = _reason_name(current)
        events.append((_HISTORY_NAME.get(column, column), old_shown, shown))
    if not updates:
        return deal
    version = _save(deal, updates, at)
    for field, old, new in events:
        kind = "note" if field == "note" else "field"
        record(deal.id, kind, actor=actor, at=at, version=version, field=field, old=old, new=new)
    return find_deal(deal.id)


@write_operation
def move_deal(
    deal_id: int | str,
    phase: str | int | Phase,
    *,
    actor: str,
    expect_version: int | None = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Move an open deal to another active phase; a probability override is cleared."""
    at = at or utcnow()
    deal = _load(deal_id, expect_version)
    if deal.status != "open":
        raise RuleError(f"Deal #{deal.id} is {deal.status}; reopen it first to change its phase.")
    target = find_phase(phase)
    if target.archived:
        raise RuleError(f"Phase {target.name!r} is archived; choose an active phase.")
    if target.id == deal.phase_id:
        raise RuleError(f"Deal #{deal.id} is already in {target.name}.")
    old_phase = deal.phase
    updates: dict[Any, Any] = {Deal.phase: target.id}
    if deal.probability_override is not None:
        updates[Deal.probability_override] = None
    version = _save(deal, updates, at)
    record(
        deal.id,
        "phase",
        actor=actor,
        at=at,
        version=version,
        field="phase",
        old=old_phase.name,
        new=target.name,
        phase=target.id,
    )
    if deal.probability_override is not None:
        record(
            deal.id,
            "field",
            actor=actor,
            at=at,
            version=version,
            field="probability_override",
            old=deal.probability_override,
            new=None,
        )
    return find_deal(deal.id)


def neighbour_phase(deal: Deal, step: int) -> Phase:
    """Return the active phase ``step`` places after (or before) the deal's phase."""
    actives = active_phases()
    current = deal.phase
    if step > 0:
        later = [p for p in actives if (p.position, p.id) > (current.position, current.id)]
        if not later:
            raise RuleError(f"Deal #{deal.id} is already in the last phase.")
        return later[min(step, len(later)) - 1]
    earlier = [p for p in actives if (p.position, p.id) < (current.position, current.id)]
    if not earlier:
        raise RuleError(f"Deal #{deal.id} is already in the first phase.")
    return earlier[max(len(earlier) + step, 0)]


@write_operation
def step_deal(
    deal_id: int | str,
    step: int,
    *,
    actor: str,
    expect_version: int | None = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Move an open deal to the next (``step`` > 0) or previous active phase."""
    deal = _load(deal_id, expect_version)
    if deal.status != "open":
        raise RuleError(f"Deal #{deal.id} is {deal.status}; reopen it first to change its phase.")
    target = neighbour_phase(deal, step)
    return move_deal(deal.id, target, actor=actor, expect_version=deal.version, at=at)


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
) -> Deal:
    """Accept or reject an open deal from whatever phase it is in.

    Records ``closed_at``, the effective probability at that moment, the reason (required
    where the settings say so, and it must apply to the outcome), a competitor (rejected
    only) and a closing note. The deal keeps its phase.
    """
    if outcome not in CLOSED_STATUSES:
        raise ValidationError(
            "status", f"A deal is closed as accepted or rejected, not {outcome!r}."
        )
    at = at or utcnow()
    deal = _load(deal_id, expect_version)
    if deal.status != "open":
        raise RuleError(
            f"Deal #{deal.id} is already {deal.status}; reopen it or switch its outcome instead."
        )
    found = _check_reason(reason, outcome)
    rival = clean_text("competitor", competitor)
    if rival and outcome != "rejected":
        raise ValidationError("competitor", "Only a lost (rejected) deal has a competitor.")
    closing_note = clean_text("close_note", note)
    chance = effective_probability(deal)
    version = _save(
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
    record(
        deal.id,
        "status",
        actor=actor,
        at=at,
        version=version,
        field="status",
        old="open",
        new=outcome,
        phase=None,
    )
    for field, value in (
        ("reason", found.name if found else None),
        ("competitor", rival),
        ("close_note", closing_note),
    ):
        if value:
            record(deal.id, "field", actor=actor, at=at, version=version, field=field, new=value)
    return find_deal(deal.id)


def accept_deal(deal_id: int | str, **kwargs: Any) -> Deal:
    """Mark an open deal as won (accepted), in whatever phase it is."""
    return close_deal(deal_id, "accepted", **kwargs)


def reject_deal(deal_id: int | str, **kwargs: Any) -> Deal:
    """Mark an open deal as lost (rejected), in whatever phase it is."""
    return close_deal(deal_id, "rejected", **kwargs)


@write_operation
def switch_outcome(
    deal_id: int | str,
    *,
    actor: str,
    reason: object = _KEEP,
    competitor: object = _KEEP,
    note: object = _KEEP,
    expect_version: int | None = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Correct a closed deal's outcome (accepted ↔ rejected), keeping when it closed.

    The current reason stays if it applies to the new outcome; a reason that does not is
    dropped (and must be replaced where one is required). A deal switched to accepted loses
    its competitor.
    """
    at = at or utcnow()
    deal = _load(deal_id, expect_version)
    if deal.status == "open":
        raise RuleError(f"Deal #{deal.id} is open; accept or reject it instead.")
    new_status = "rejected" if deal.status == "accepted" else "accepted"
    if reason is _KEEP:
        current = Reason.get_or_none(Reason.id == deal.reason_id) if deal.reason_id else None
        keep = current is not None and current.applies_to in (new_status, "both")
        # A kept reason is not a new choice: it stays even if archived since closing.
        found = current if keep else _check_reason(None, new_status)
    else:
        found = _check_reason(reason, new_status)
    if new_status == "accepted":
        if competitor not in (_KEEP, None, ""):
            raise ValidationError("competitor", "Only a lost (rejected) deal has a competitor.")
        rival = ""
    else:
        rival = deal.competitor if competitor is _KEEP else clean_text("competitor", competitor)
    closing_note = deal.close_note if note is _KEEP else clean_text("close_note", note)
    new_reason_id = found.id if found else None
    version = _save(
        deal,
        {
            Deal.status: new_status,
            Deal.reason: new_reason_id,
            Deal.competitor: rival,
            Deal.close_note: closing_note,
        },
        at,
    )
    record(
        deal.id,
        "status",
        actor=actor,
        at=at,
        version=version,
        field="status",
        old=deal.status,
        new=new_status,
    )
    changed = (
        ("reason", _reason_name(deal.reason_id), found.name if found else None),
        ("competitor", deal.competitor, rival),
        ("close_note", deal.close_note, closing_note),
    )
    for field, old, new in changed:
        if (old or "") != (new or ""):
            record(
                deal.id, "field", actor=actor, at=at, version=version, field=field, old=old, new=new
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
    deal = _load(deal_id, expect_version)
    if deal.status == "open":
        raise RuleError(f"Deal #{deal.id} is already open.")
    _check_phase_active(deal, "reopened")
    version = _save(
        deal,
        {
            Deal.status: "open",
            Deal.closed_at: None,
            Deal.probability_at_close: None,
            Deal.reason: None,
            Deal.competitor: "",
            Deal.close_note: "",
        },
        at,
    )
    record(
        deal.id,
        "status",
        actor=actor,
        at=at,
        version=version,
        field="status",
        old=deal.status,
        new="open",
    )
    cleared = (
        ("reason", _reason_name(deal.reason_id)),
        ("competitor", deal.competitor),
        ("close_note", deal.close_note),
        ("probability_at_close", deal.probability_at_close),
        ("closed_at", deal.closed_at),
    )
    for field, old in cleared:
        if old not in (None, ""):
            record(deal.id, "field", actor=actor, at=at, version=version, field=field, old=old)
    return find_deal(deal.id)


@write_operation
def delete_deal(
    deal_id: int | str,
    *,
    actor: str,
    expect_version: int | None = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Soft-delete a deal: hidden everywhere and left out of reports, restorable."""
    at = at or utcnow()
    deal = _load(deal_id, expect_version)
    version = _save(deal, {Deal.deleted_at: at}, at)
    record(deal.id, "deleted", actor=actor, at=at, version=version, new=deal.title)
    return find_deal(deal.id, include_deleted=True)


@write_operation
def restore_deal(
    deal_id: int | str,
    *,
    actor: str,
    expect_version: int | None = None,
    at: dt.datetime | None = None,
) -> Deal:
    """Bring a soft-deleted deal back."""
    at = at or utcnow()
    deal = find_deal(deal_id, include_deleted=True)
    if deal.deleted_at is None:
        raise RuleError(f"Deal #{deal.id} is not deleted.")
    if expect_version is not None and deal.version != expect_version:
        raise conflict(deal.id, expect_version)
    if deal.status == "open":
        _check_phase_active(deal, "restored")
    version = _save(deal, {Deal.deleted_at: None}, at)
    record(deal.id, "restored", actor=actor, at=at, version=version, old=deal.deleted_at)
    return find_deal(deal.id)
