"""Find phases, reasons and deals by the names or ids users type."""

from __future__ import annotations

from models.domain.errors import NotFound
from models.domain.i18n import _
from models.domain.validation import parse_int_id
from models.storage.schema import Deal, Phase, Reason, database_proxy


def find_phase(ref: str | int | Phase) -> Phase:
    """Return the phase named ``ref`` (any case) or with that id."""
    if isinstance(ref, Phase):
        return ref
    if isinstance(ref, str):
        wanted = ref.strip().casefold()
        for phase in Phase.select():
            if phase.name.casefold() == wanted:
                return phase
    phase_id = parse_int_id(ref, "phase")
    if phase_id is not None:
        found = Phase.get_or_none(Phase.id == phase_id)
        if found is not None:
            return found
    raise NotFound(_("There is no phase {shown_ref}.").format(shown_ref=_shown(ref)))


def find_reason(ref: object) -> Reason:
    """Return the reason named ``ref`` (any case) or with that id; anything else is NotFound."""
    if isinstance(ref, Reason):
        return ref
    if isinstance(ref, str):
        wanted = ref.strip().casefold()
        for reason in Reason.select():
            if reason.name.casefold() == wanted:
                return reason
    reason_id = parse_int_id(ref, "reason")
    if reason_id is not None:
        found_reason = Reason.get_or_none(Reason.id == reason_id)
        if found_reason is not None:
            return found_reason
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


# The SQL of "the deal with this id", per kind of database. Every operation looks a deal up
# (often twice), and peewee takes several times longer to build this 21-column SELECT than
# SQLite takes to run it, so it is built once and run as a raw query with the id.
_DEAL_BY_ID_SQL: dict[type, str] = {}


def _deal_by_id(deal_id: int) -> Deal | None:
    """Return the deal with ``deal_id`` (deleted or not), or None; as ``Deal.get_or_none``."""
    kind = type(database_proxy.obj)
    sql = _DEAL_BY_ID_SQL.get(kind)
    if sql is None:
        sql = _DEAL_BY_ID_SQL[kind] = Deal.select().where(Deal.id == 0).sql()[0]
    return next(iter(Deal.raw(sql, deal_id)), None)


def active_phases() -> list[Phase]:
    """Return the phases offered for new choices, in board order."""
    return list(Phase.select().where(Phase.archived == False).order_by(Phase.position, Phase.id))  # noqa: E712


def all_phases() -> list[Phase]:
    """Return every phase, archived ones included, in order."""
    return list(Phase.select().order_by(Phase.position, Phase.id))


def _shown(ref: object) -> str:
    text = str(ref)
    if len(text) > 60:
        text = text[:57] + "…"
    return repr(text) if isinstance(ref, str) else text
