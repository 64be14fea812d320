"""Operations on the configured list of reasons why deals are won or lost."""

from __future__ import annotations

from models.domain.errors import RuleError, ValidationError
from models.domain.i18n import _
from models.domain.status import APPLIES_TO, AppliesTo
from models.domain.validation import clean_name, shown
from models.operations.lookup import find_reason
from models.storage.database import write_operation
from models.storage.schema import Reason


def reasons_for(outcome: str, *, include_archived: bool = False) -> list[Reason]:
    """Return the reasons that apply to ``outcome`` ('accepted' or 'rejected'), by name."""
    query = Reason.select().where(Reason.applies_to.in_([outcome, AppliesTo.BOTH.value]))
    if not include_archived:
        query = query.where(Reason.archived == False)  # noqa: E712
    return sorted(query, key=lambda reason: reason.name.casefold())


def all_reasons() -> list[Reason]:
    """Return every reason, archived ones included, by name."""
    return sorted(Reason.select(), key=lambda reason: reason.name.casefold())


def _check_applies_to(applies_to: str) -> str:
    value = (applies_to or "").strip().lower()
    if value not in APPLIES_TO:
        raise ValidationError(
            "applies_to",
            _("A reason applies to accepted, rejected or both, not {shown_applies_to}.").format(
                shown_applies_to=shown(applies_to)
            ),
        )
    return value


def _check_unique(name: str, *, except_id: int | None = None) -> None:
    wanted = name.casefold()
    for other in Reason.select():
        if other.id != except_id and other.name.casefold() == wanted:
            raise ValidationError(
                "name",
                _("A reason named {other_name!r} already exists.").format(other_name=other.name),
            )


@write_operation
def add_reason(name: str, applies_to: str = AppliesTo.BOTH) -> Reason:
    """Add a reason that applies to accepted, rejected or both outcomes."""
    clean = clean_name("reason", name)
    target = _check_applies_to(applies_to)
    _check_unique(clean)
    return Reason.create(name=clean, applies_to=target, archived=False)


@write_operation
def edit_reason(
    ref: str | int | Reason, *, name: str | None = None, applies_to: str | None = None
) -> Reason:
    """Rename a reason and/or change the outcomes it applies to."""
    reason = find_reason(ref)
    if name is None and applies_to is None:
        raise ValidationError(None, _("Nothing to change: give a new name or outcome."))
    if name is not None:
        clean = clean_name("reason", name)
        _check_unique(clean, except_id=reason.id)
        reason.name = clean
    if applies_to is not None:
        reason.applies_to = _check_applies_to(applies_to)
    Reason.update(name=reason.name, applies_to=reason.applies_to).where(
        Reason.id == reason.id
    ).execute()
    return reason


@write_operation
def set_reason_archived(ref: str | int | Reason, archived: bool = True) -> Reason:
    """Archive a reason (hidden from new choices, kept on deals) or bring it back."""
    reason = find_reason(ref)
    if reason.archived == archived:
        state = _("archived") if archived else _("active")
        raise RuleError(
            _("Reason {reason_name!r} is already {state}.").format(
                reason_name=reason.name, state=state
            )
        )
    Reason.update(archived=archived).where(Reason.id == reason.id).execute()
    reason.archived = archived
    return reason
