"""Operations that change deals: create, edit, move, close, switch, reopen, delete, restore.

This is the one mutation path for deals. Every operation runs in one transaction, checks the
domain rules of docs/concepts.md, writes its ``deal_event`` rows and bumps ``version`` with a
compare-and-set (see ``models.operations.deal_core``), so a save based on an old version never silently
overwrites someone else's: it raises ``ConflictError`` instead. Closing and reopening live in
``models.operations.deal_status`` and are re-exported here, so callers need only this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from models.domain.errors import RuleError, ValidationError
from models.domain.i18n import N_, _
from models.domain.status import STATUS_WORDS, Status
from models.domain.validation import (
    clean_text,
    parse_date,
    parse_money,
    parse_probability,
)
from models.operations import prepared, tally_journal
from models.operations.deal_core import (
    check_phase_active,
    check_reason,
    conflict,
    effective_probability,
    load_for_change,
    reason_name,
    save_version,
)
from models.operations.deal_status import (
    accept_deal,
    close_deal,
    reject_deal,
    reopen_deal,
    switch_outcome,
)
from models.operations.history import board_order, utcnow, write_events, write_reached, write_stay
from models.operations.history_rows import (
    created_rows,
    deleted_rows,
    edited_rows,
    moved_rows,
    restored_rows,
)
from models.operations.lookup import (
    active_phases,
    all_phases,
    deal_phase,
    find_deal,
    find_phase,
    find_reason,
)
from models.storage.database import write_operation
from models.storage.schema import Deal, Phase

__all__ = [
    "EDITABLE_FIELDS",
    "accept_deal",
    "check_next_step",
    "close_deal",
    "conflict",
    "create_deal",
    "delete_deal",
    "edit_deal",
    "effective_probability",
    "move_deal",
    "neighbour_phase",
    "reject_deal",
    "reopen_deal",
    "restore_deal",
    "step_deal",
    "switch_outcome",
]

TEXT_FIELDS = ("title", "organization", "contact", "owner", "source", "note")
EDITABLE_FIELDS = (
    *TEXT_FIELDS,
    "value",
    "expected_close",
    "probability_override",
    "reason",
    "competitor",
    "close_note",
    "next_step",
    "next_step_date",
)


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
    allow_archived: bool = False,
    next_step: object = None,
    next_step_date: object = None,
) -> Deal:
    """Create an open deal in ``phase`` (default: the first active phase).

    ``allow_archived`` lets the CSV import recreate a deal that closed in a phase archived
    since; it is closed right after, in the same transaction, so no open deal is left there.
    """
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
    step, step_date = check_next_step(next_step, next_step_date)
    if phase is None:
        actives = active_phases()
        if not actives:
            raise RuleError(_("There is no active phase to put the deal in."))
        target = actives[0]
    else:
        target = find_phase(phase)
        if target.archived and not allow_archived:
            raise RuleError(
                _("Phase {target_name!r} is archived; choose an active phase.").format(
                    target_name=target.name
                )
            )
    deal = Deal(
        **fields,
        value_cents=cents,
        phase=target.id,
        status=Status.OPEN,
        probability_override=override,
        expected_close=close_date,
        next_step=step,
        next_step_date=step_date,
        created_at=at,
        updated_at=at,
        version=1,
    )
    # As ``Deal.create`` does: every field set (defaults too) inserted, the new id kept, the
    # instance left with nothing unsaved; the INSERT is prepared once rather than built.
    deal.id = prepared.insert(Deal, dict(deal.__data__))
    deal._dirty.clear()  # type: ignore[attr-defined]  # not in peewee's stubs
    tally_journal.created(deal.id)
    write_events(created_rows(deal.id, actor=actor, at=at, title=fields["title"], phase=target.id))
    write_reached(deal.id, at, None, target.id)
    write_stay(deal.id, at, target.id, new=True)
    return deal


def _parse_edit(deal: Deal, name: str, raw: object) -> tuple[str, Any, Any]:
    """Return (column, stored value, history value) for one edited field."""
    if name in TEXT_FIELDS:
        value = clean_text(name, raw, required=name == "title")
        return name, value, value
    if name == "value":
        cents = parse_money(raw)
        return "value_cents", cents, cents
    if name == "expected_close":
        date = parse_date(raw)
        return "expected_close", date, date
    if name == "next_step":
        step = clean_text("next_step", raw) or None
        return "next_step", step, step
    if name == "next_step_date":
        date = parse_date(raw, "next_step_date")
        return "next_step_date", date, date
    if name == "probability_override":
        chance = None if raw in (None, "") else parse_probability(raw)
        if deal.status != Status.OPEN and chance != deal.probability_override:
            raise RuleError(
                _(
                    "Deal #{deal_id} is {deal_status}; its probability was fixed when it closed."
                ).format(deal_id=deal.id, deal_status=STATUS_WORDS.get(deal.status, deal.status))
            )
        return "probability_override", chance, chance
    if name == "competitor":
        text = clean_text("competitor", raw)
        if text and text != deal.competitor and deal.status != Status.REJECTED:
            raise ValidationError("competitor", _("Only a lost (rejected) deal has a competitor."))
        return "competitor", text, text
    if name == "close_note":
        text = clean_text("close_note", raw)
        if text and text != deal.close_note and deal.status == Status.OPEN:
            raise ValidationError("close_note", _("Only a closed deal has a closing note."))
        return "close_note", text, text
    if name == "reason":
        if deal.status == Status.OPEN:
            if raw in (None, ""):
                return "reason_id", None, None
            raise ValidationError("reason", _("Only a closed deal has a reason; close it first."))
        if raw not in (None, "") and find_reason(raw).id == deal.reason_id:
            return "reason_id", deal.reason_id, reason_name(deal.reason_id)
        reason = check_reason(raw, deal.status)
        return "reason_id", reason.id if reason else None, reason.name if reason else None
    raise ValidationError(name, _("{name!r} is not a field that can be edited.").format(name=name))


_HISTORY_NAME = {"value_cents": "value", "reason_id": "reason"}


def check_next_step(step: object, date: object) -> tuple[str | None, dt.date | None]:
    """Return a clean (next step, its date): a date alone, without the step, is refused."""
    text = clean_text("next_step", step) or None
    day = parse_date(date, "next_step_date")
    _date_needs_step(text, day)
    return text, day


def _date_needs_step(step: object, day: object) -> None:
    """Refuse a next step date without the next step it is the date of."""
    if day is not None and step in (None, ""):
        raise ValidationError(
            "next_step", _("A next step date needs the next step itself: say what happens then.")
        )


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
    deal = load_for_change(deal_id, expect_version)
    updates: dict[Any, Any] = {}
    events: list[tuple[str, Any, Any]] = []
    for name, raw in changes.items():
        column, stored, shown = _parse_edit(deal, name, raw)
        current = getattr(deal, column)
        if current == stored:
            continue
        updates[getattr(Deal, column)] = stored
        old_shown: Any = reason_name(current) if column == "reason_id" else current
        events.append((_HISTORY_NAME.get(column, column), old_shown, shown))
    if Deal.next_step in updates or Deal.next_step_date in updates:
        _date_needs_step(
            updates.get(Deal.next_step, deal.next_step),
            updates.get(Deal.next_step_date, deal.next_step_date),
        )
    if not updates:
        return deal
    version = save_version(deal, updates, at)
    write_events(edited_rows(deal.id, actor=actor, at=at, version=version, changes=events))
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
    deal = load_for_change(deal_id, expect_version)
    if deal.status != Status.OPEN:
        raise RuleError(
            _("Deal #{deal_id} is {deal_status}; reopen it first to change its phase.").format(
                deal_id=deal.id, deal_status=STATUS_WORDS.get(deal.status, deal.status)
            )
        )
    target = find_phase(phase)
    if target.archived:
        raise RuleError(
            _("Phase {target_name!r} is archived; choose an active phase.").format(
                target_name=target.name
            )
        )
    if target.id == deal.phase_id:
        raise RuleError(
            _("Deal #{deal_id} is already in {target_name}.").format(
                deal_id=deal.id, target_name=target.name
            )
        )
    phases = all_phases()  # read once: the deal's phase now, and the board order to reach by
    old_phase = next(found for found in phases if found.id == deal.phase_id)
    updates: dict[Any, Any] = {Deal.phase: target.id}
    if deal.probability_override is not None:
        updates[Deal.probability_override] = None
    version = save_version(deal, updates, at)
    write_events(
        moved_rows(
            deal.id,
            actor=actor,
            at=at,
            version=version,
            old_phase=old_phase.name,
            new_phase=target.name,
            phase=target.id,
            override=deal.probability_override,
        )
    )
    write_reached(deal.id, at, old_phase.id, target.id, board_order(phases))
    write_stay(deal.id, at, target.id)
    return find_deal(deal.id)


def neighbour_phase(deal: Deal, step: int) -> Phase:
    """Return the active phase ``step`` places after (or before) the deal's phase."""
    actives = active_phases()
    current = deal_phase(deal)
    if step > 0:
        later = [p for p in actives if (p.position, p.id) > (current.position, current.id)]
        if not later:
            raise RuleError(
                _("Deal #{deal_id} is already in the last phase.").format(deal_id=deal.id)
            )
        return later[min(step, len(later)) - 1]
    earlier = [p for p in actives if (p.position, p.id) < (current.position, current.id)]
    if not earlier:
        raise RuleError(_("Deal #{deal_id} is already in the first phase.").format(deal_id=deal.id))
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
    deal = load_for_change(deal_id, expect_version)
    if deal.status != Status.OPEN:
        raise RuleError(
            _("Deal #{deal_id} is {deal_status}; reopen it first to change its phase.").format(
                deal_id=deal.id, deal_status=STATUS_WORDS.get(deal.status, deal.status)
            )
        )
    target = neighbour_phase(deal, step)
    return move_deal(deal.id, target, actor=actor, expect_version=deal.version, at=at)


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
    deal = load_for_change(deal_id, expect_version)
    version = save_version(deal, {Deal.deleted_at: at}, at)
    write_events(deleted_rows(deal.id, actor=actor, at=at, version=version, title=deal.title))
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
        raise RuleError(_("Deal #{deal_id} is not deleted.").format(deal_id=deal.id))
    if expect_version is not None and deal.version != expect_version:
        raise conflict(deal.id, expect_version)
    if deal.status == Status.OPEN:
        check_phase_active(deal, N_("restored"))
    version = save_version(deal, {Deal.deleted_at: None}, at)
    write_events(
        restored_rows(deal.id, actor=actor, at=at, version=version, deleted_at=deal.deleted_at)
    )
    return find_deal(deal.id)
