"""Correcting a closed deal's outcome in the app: won ↔ lost, its close date and phase kept.

`a` on a lost deal or `r` on a won one (board or detail screen) opens this form instead of
the accept/reject form (``tui.deal_actions.close_deal`` hands over to it). Reopening and
closing again would stamp a new close date and move the deal into another period of the
reports; the switch runs ``switch_outcome``, as ``dealboard deal switch`` does: one
transaction, version checked, the correction recorded in the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from models.domain.errors import ConflictError
from models.domain.status import STATUS_LABELS, Status
from models.operations import deals
from models.operations.deal_core import KEEP
from tui.formatting import safe
from tui.i18n import _
from tui.input_text import saved_from_input, shown_in_input
from tui.modals.form import FormField, FormModal
from tui.validators import text_field

Done = Callable[[int], None]


def switch_intro(deal_id: int, outcome: str, context: dict[str, Any]) -> str:
    """What the form says it does: which deal, from which outcome, and what it keeps."""
    was = STATUS_LABELS[context["status"]]
    lines = [
        f"#{deal_id} {safe(context['title'])}",
        _(
            "Corrects the outcome: {was} → {outcome}. It keeps its close date ({closed})"
            " and phase ({phase}); the history records the correction."
        ).format(
            was=was,
            outcome=STATUS_LABELS[outcome],
            closed=safe(context["closed_at"]),
            phase=safe(context["phase"]),
        ),
    ]
    if outcome == Status.ACCEPTED and context["competitor"]:
        lines.append(
            _("Its competitor ({competitor}) is cleared.").format(
                competitor=safe(context["competitor"])
            )
        )
    return "\n".join(lines)


def switch_fields(outcome: str, context: dict[str, Any]) -> list[FormField]:
    """Reason (the current one chosen when it applies to the new outcome), competitor, note."""
    reasons = context["reasons"]
    current = context["reason_id"]
    fields = [
        FormField(
            "reason",
            _("Reason *") if context["required"] else _("Reason"),
            value=current if any(value == current for _label, value in reasons) else "",
            options=reasons,
        )
    ]
    if outcome == Status.REJECTED:
        fields.append(
            FormField(
                "competitor",
                _("Lost to"),
                validators=[text_field("competitor")],
                suggestions=context["competitors"],
            )
        )
    fields.append(
        FormField(
            "note",
            _("Closing note"),
            shown_in_input(_text(context["close_note"])),
            validators=[text_field("close_note")],
        )
    )
    return fields


def _text(value: object) -> str:
    """A stored text, or its marked form when another client stored something else."""
    return value if isinstance(value, str) else str(getattr(value, "marked", value or ""))


def switch_options(outcome: str, context: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The ``switch_outcome`` keywords for what the form holds.

    A closing note left as shown keeps the stored one exactly (``KEEP``), whatever the input
    had to show escaped.
    """
    stored_note = context["close_note"]
    shown_note = shown_in_input(_text(stored_note))
    note: object = KEEP
    if values["note"] != shown_note:
        stored = stored_note if isinstance(stored_note, str) else None
        note = saved_from_input(values["note"], stored)
    options: dict[str, Any] = {"reason": values["reason"], "note": note}
    if outcome == Status.REJECTED:
        options["competitor"] = values["competitor"]
    return options


def ask_switch(
    screen: Screen[Any],
    deal_id: int,
    outcome: str,
    context: dict[str, Any],
    *,
    user: str,
    clock: Callable[[], dt.datetime],
    on_done: Done,
    refused: Callable[[ConflictError], None],
    expect_version: int | None,
) -> None:
    """Open the correction form for a closed deal; on save, switch it to ``outcome``.

    ``user`` and ``clock`` (the app's) say who switches and when, for the history.
    """
    label = STATUS_LABELS[outcome]

    def submit(values: dict[str, Any]) -> int:
        deals.switch_outcome(
            deal_id,
            actor=user,
            expect_version=expect_version,
            at=clock(),
            **switch_options(outcome, context, values),
        )
        return deal_id

    def switched(result: int | None) -> None:
        if result is not None:
            screen.notify(
                _("Deal #{deal} corrected to {status}; its close date is kept.").format(
                    deal=deal_id, status=label
                ),
                timeout=3,
            )
            on_done(deal_id)

    was = STATUS_LABELS[context["status"]]
    screen.app.push_screen(
        FormModal(
            _("Correct outcome: {was} → {outcome}").format(was=was, outcome=label),
            switch_fields(outcome, context),
            submit,
            intro=switch_intro(deal_id, outcome, context),
            on_conflict=refused,
        ),
        switched,
    )
