"""Operations on progress phases: add, rename, re-probability, reorder, archive, merge, delete.

Each operation is one transaction. Phases are kept densely numbered 1..n by ``position``
(archived phases keep their place), and at least one active phase always remains.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import Value, fn

from models.domain.errors import RuleError, ValidationError
from models.domain.i18n import _, ngettext
from models.domain.status import Status
from models.domain.validation import clean_name, parse_probability, whole_number
from models.operations import tally_journal
from models.operations.history import utcnow
from models.operations.lookup import active_phases, all_phases, find_phase
from models.operations.phase_merge import check_merge
from models.operations.stay_rows import STAY_COLUMNS, opened_row
from models.storage.database import write_operation
from models.storage.schema import Deal, DealEvent, DealReached, DealStay, Phase


@dataclass(frozen=True)
class PhaseUsage:
    """How many deals use a phase: open (not deleted), all, and whether history names it."""

    open_deals: int
    all_deals: int
    in_history: bool

    @property
    def ever_used(self) -> bool:
        """True when any deal, open, closed or deleted, has ever referred to the phase."""
        return self.all_deals > 0 or self.in_history


def phase_usage(phase: Phase) -> PhaseUsage:
    """Count the deals that use ``phase`` now and tell whether history refers to it."""
    open_deals = (
        Deal.select()
        .where(Deal.phase == phase, Deal.status == Status.OPEN, Deal.deleted_at.is_null())
        .count()
    )
    all_deals = Deal.select().where(Deal.phase == phase).count()
    in_history = DealEvent.select().where(DealEvent.phase == phase).exists()
    return PhaseUsage(open_deals=open_deals, all_deals=all_deals, in_history=in_history)


def _check_unique(name: str, *, except_id: int | None = None) -> None:
    wanted = name.casefold()
    for other in Phase.select():
        if other.id != except_id and other.name.casefold() == wanted:
            state = _(" (archived)") if other.archived else ""
            raise ValidationError(
                "name",
                _("A phase named {other_name!r}{state} already exists.").format(
                    other_name=other.name, state=state
                ),
            )


def _renumber(ordered: list[Phase]) -> None:
    for position, phase in enumerate(ordered, start=1):
        if phase.position != position:
            Phase.update(position=position).where(Phase.id == phase.id).execute()
            phase.position = position


def _check_position(position: object, count: int) -> int:
    number = whole_number(position)
    if number is None or not 1 <= number <= count:
        raise ValidationError(
            "position", _("Position must be a whole number from 1 to {count}.").format(count=count)
        )
    return number


@write_operation
def add_phase(name: str, probability: object, position: object = None) -> Phase:
    """Add a phase; at the end, or at ``position`` (1-based) moving later phases down."""
    clean = clean_name("phase", name)
    chance = parse_probability(probability)
    _check_unique(clean)
    ordered = all_phases()
    index = len(ordered) if position is None else _check_position(position, len(ordered) + 1) - 1
    last = Phase.select(fn.COALESCE(fn.MAX(Phase.position), 0)).scalar()
    phase = Phase.create(name=clean, probability=chance, position=last + 1, archived=False)
    ordered.insert(index, phase)
    _renumber(ordered)
    return phase


@write_operation
def rename_phase(ref: str | int | Phase, name: str) -> Phase:
    """Give a phase another name (unique without regard to case)."""
    phase = find_phase(ref)
    clean = clean_name("phase", name)
    _check_unique(clean, except_id=phase.id)
    Phase.update(name=clean).where(Phase.id == phase.id).execute()
    phase.name = clean
    return phase


@write_operation
def set_phase_probability(ref: str | int | Phase, probability: object) -> Phase:
    """Change a phase's win probability; its open deals' weighted value follows."""
    phase = find_phase(ref)
    chance = parse_probability(probability)
    Phase.update(probability=chance).where(Phase.id == phase.id).execute()
    phase.probability = chance
    return phase


@write_operation
def move_phase(ref: str | int | Phase, position: object) -> Phase:
    """Put a phase at ``position`` (1-based, over all phases) and renumber the rest."""
    phase = find_phase(ref)
    ordered = [p for p in all_phases() if p.id != phase.id]
    index = _check_position(position, len(ordered) + 1) - 1
    ordered.insert(index, phase)
    _renumber(ordered)
    return phase


@write_operation
def archive_phase(ref: str | int | Phase) -> Phase:
    """Hide a phase from new choices; it stays in history and reports."""
    phase = find_phase(ref)
    if phase.archived:
        raise RuleError(
            _("Phase {phase_name!r} is already archived.").format(phase_name=phase.name)
        )
    if len(active_phases()) <= 1:
        raise RuleError(
            _("{phase_name!r} is the last active phase; at least one must remain.").format(
                phase_name=phase.name
            )
        )
    usage = phase_usage(phase)
    if usage.open_deals:
        raise RuleError(
            ngettext(
                "Phase {phase_name!r} still has {usage_open_deals} open deal; move it or merge the phase into another first.",
                "Phase {phase_name!r} still has {usage_open_deals} open deals; move them or merge the phase into another first.",
                usage.open_deals,
            ).format(phase_name=phase.name, usage_open_deals=usage.open_deals)
        )
    Phase.update(archived=True).where(Phase.id == phase.id).execute()
    phase.archived = True
    return phase


@write_operation
def unarchive_phase(ref: str | int | Phase) -> Phase:
    """Offer an archived phase for new choices again."""
    phase = find_phase(ref)
    if not phase.archived:
        raise RuleError(_("Phase {phase_name!r} is not archived.").format(phase_name=phase.name))
    Phase.update(archived=False).where(Phase.id == phase.id).execute()
    phase.archived = False
    return phase


@write_operation
def edit_phase(
    ref: str | int | Phase, *, name: str | None = None, probability: object = None
) -> Phase:
    """Rename and/or re-probability a phase in one transaction."""
    phase = find_phase(ref)
    if name is None and probability is None:
        raise ValidationError(None, _("Nothing to change: give a new name or probability."))
    if name is not None:
        phase = rename_phase(phase, name)
    if probability is not None:
        phase = set_phase_probability(phase, probability)
    return phase


@write_operation
def merge_phase(
    ref: str | int | Phase,
    into: str | int | Phase,
    *,
    actor: str,
    at: dt.datetime | None = None,
) -> int:
    """Move every deal of one phase into another, record each move, archive the source.

    Open deals lose a probability override (as on any phase change); closed deals keep
    their ``probability_at_close``. Returns how many deals moved. ``merge_preview``
    (``models.operations.phase_merge``) says beforehand what a merge will do.
    """
    source, target = find_phase(ref), find_phase(into)
    check_merge(source, target)
    at = at or utcnow()
    moved = list(
        Deal.select(Deal.id, Deal.version, Deal.status, Deal.probability_override).where(
            Deal.phase == source
        )
    )
    events: list[dict[str, object]] = []
    for deal in moved:
        version = deal.version + 1
        clear = deal.status == Status.OPEN and deal.probability_override is not None
        base = {"deal": deal.id, "at": at, "actor": actor, "version": version}
        events.append(
            {
                **base,
                "kind": "phase",
                "field": "phase",
                "old_value": source.name,
                "new_value": target.name,
                "phase": target.id,
            }
        )
        if clear:
            events.append(
                {
                    **base,
                    "kind": "field",
                    "field": "probability_override",
                    "old_value": str(deal.probability_override),
                    "new_value": None,
                    "phase": None,
                }
            )
        changes: dict[object, object] = {
            Deal.phase: target.id,
            Deal.version: version,
            Deal.updated_at: at,
        }
        if clear:
            changes[Deal.probability_override] = None
        Deal.update(changes).where(Deal.id == deal.id).execute()
    for start in range(0, len(events), 500):
        DealEvent.insert_many(events[start : start + 500]).execute()
    # Open deals leave the source and enter the target as on a move; closed ones get no time.
    opened = [deal.id for deal in moved if deal.status == Status.OPEN]
    for start in range(0, len(opened), 500):
        chunk = opened[start : start + 500]
        DealStay.update(ended_at=at).where(
            DealStay.deal.in_(chunk), DealStay.ended_at.is_null()
        ).execute()
        stays = [opened_row(deal_id, target.id, at) for deal_id in chunk]
        DealStay.insert_many([dict(zip(STAY_COLUMNS, row, strict=True)) for row in stays]).execute()
    # The two phases are one: every deal that reached the source has reached the target too.
    reached_source = DealReached.select(
        DealReached.deal, Value(target.id), Value(at, converter=DealReached.at.db_value)
    ).where(DealReached.phase == source.id)
    DealReached.insert_from(
        reached_source, [DealReached.deal, DealReached.phase, DealReached.at]
    ).on_conflict_ignore().execute()
    if not source.archived:
        Phase.update(archived=True).where(Phase.id == source.id).execute()
    tally_journal.rebuild()  # every deal that was in or reached the source counts anew
    return len(moved)


@write_operation
def delete_phase(ref: str | int | Phase) -> None:
    """Delete a phase that no deal has ever referred to; keep at least one active phase."""
    phase = find_phase(ref)
    usage = phase_usage(phase)
    if usage.ever_used:
        raise RuleError(
            ngettext(
                "Phase {phase_name!r} is used by {usage_all_deals} deal or its history and cannot be deleted; archive it or merge it into another phase.",
                "Phase {phase_name!r} is used by {usage_all_deals} deals or their history and cannot be deleted; archive it or merge it into another phase.",
                usage.all_deals,
            ).format(phase_name=phase.name, usage_all_deals=usage.all_deals)
        )
    if not phase.archived and len(active_phases()) <= 1:
        raise RuleError(
            _("{phase_name!r} is the last active phase; at least one must remain.").format(
                phase_name=phase.name
            )
        )
    # Deals may have skipped it on the way to a later phase; no report shows a deleted one.
    DealReached.delete().where(DealReached.phase == phase.id).execute()
    Phase.delete().where(Phase.id == phase.id).execute()
    tally_journal.rebuild()  # the deals that skipped it reached one phase fewer
    _renumber(all_phases())
