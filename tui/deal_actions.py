"""Deal actions shared by the board and the detail screen: new, close, reopen, move.

Each one asks what it needs in a modal, runs the operation from ``models.operations.deals`` in a
thread worker, and calls ``on_done`` with the deal id on the UI thread when it worked.

Every action on an existing deal is a compare-and-set: it sends the version of the deal the
user saw (``expect_version``). When someone else changed the deal since, nothing is done: a
toast says who changed what, and ``on_done`` is called anyway so the screen shows the deal
as it is now; the user then acts again on what they see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from models.domain.errors import Change, ConflictError, DealboardError
from models.domain.status import STATUS_LABELS, Status
from models.domain.wording import change_sentence, local_time
from models.operations import deals
from models.operations.people import default_owner
from models.queries.suggestions import NEW_DEAL_FIELDS
from tui.dbwork import run_db
from tui.formatting import safe
from tui.i18n import N_, _, ngettext
from tui.modals.confirm import ConfirmModal
from tui.modals.form import FormField, FormModal
from tui.running_app import dealboard_app
from tui.suggest import load_suggestions, set_suggestions
from tui.validators import (
    amount_placeholder,
    date_field,
    date_placeholder,
    money_field,
    neutral_amount,
    neutral_date,
    text_field,
)

if TYPE_CHECKING:
    from tui.app import DealboardApp

Done = Callable[[int], None]
# What an action on a deal did, as a conflict's toast says it was not done ("Deal #3 was not
# moved; …"). Callers pass the English word; the toast translates it when shown.
VERBS = (N_("moved"), N_("deleted"), N_("restored"), N_("reopened"))
SHOWN_CHANGES = 3
CHANGE_VALUE_CHARS = 40


def _app(screen: Screen[Any]) -> DealboardApp:
    return dealboard_app(screen)


def _describe(change: Change, currency: str | None) -> str:
    """A change for a toast: values cut to their first line, a few dozen characters."""
    return change_sentence(
        change.actor,
        change.field,
        change.old_value,
        change.new_value,
        width=CHANGE_VALUE_CHARS,
        currency=currency,
    )


def shown_currency(screen: Screen[Any]) -> str | None:
    """The database's currency as ``screen`` last read it, if it has read one.

    Board, detail and deleted-deals screens say it in a ``currency`` property; an amount in a
    Dutch toast needs it (``€ 6.500,00``), and without it the amount is shown as stored.
    """
    currency = getattr(screen, "currency", None)
    return currency if isinstance(currency, str) else None


def conflict_message(error: ConflictError, verb: str, currency: str | None = None) -> str:
    """The toast for an action refused because the deal changed since the user saw it."""
    changes = error.changes[:SHOWN_CHANGES]
    what = "; ".join(_describe(change, currency) for change in changes)
    more = len(error.changes) - SHOWN_CHANGES
    if more > 0:
        what += ngettext(" (and {count} more)", " (and {count} more)", more).format(count=more)
    return safe(
        _(
            "Deal #{deal} was not {verb}: {what} meanwhile."
            " It now shows as it is; act again if you still want to."
        ).format(deal=error.deal_id, verb=_(verb), what=what or _("someone else changed it"))
    )


def refusal(
    screen: Screen[Any], deal_id: int, verb: str, on_done: Done
) -> Callable[[DealboardError], None]:
    """An ``on_error`` for an action on a deal: say why it was not done, show the deal afresh.

    ``verb`` says what was not done (``moved``, or ``marked won`` already translated); the
    toast translates it, so a word marked with ``N_`` is shown in the session's language.
    """

    def refused(error: DealboardError) -> None:
        if isinstance(error, ConflictError):
            screen.notify(
                conflict_message(error, verb, shown_currency(screen)),
                title=_("Changed meanwhile"),
                severity="warning",
                timeout=10,
            )
        else:
            screen.notify(str(error), title=_("Not done"), severity="error")
        on_done(deal_id)

    return refused


def new_deal(screen: Screen[Any], phase_id: int | None, phase_name: str, on_done: Done) -> None:
    """Ask for a new deal's fields and create it in the given phase."""
    app = _app(screen)
    if app.refuse_read_only():
        return

    def submit(values: dict[str, Any]) -> int:
        deal = deals.create_deal(
            values["title"],
            actor=app.user,
            at=app.now(),
            organization=values["organization"],
            contact=values["contact"],
            owner=values["owner"],
            source=values["source"],
            value=neutral_amount(values["value"]) or "0",
            phase=phase_id,
            expected_close=neutral_date(values["expected_close"]),
            next_step=values["next_step"],
            next_step_date=neutral_date(values["next_step_date"], "next_step_date"),
        )
        return deal.id

    def ask(owner: str) -> None:
        fields = [
            FormField("title", _("Title"), validators=[text_field("title", required=True)]),
            FormField(
                "organization",
                _("Organization"),
                validators=[text_field("organization")],
            ),
            FormField("contact", _("Contact"), validators=[text_field("contact")]),
            FormField(
                "value", _("Value"), placeholder=amount_placeholder(), validators=[money_field()]
            ),
            FormField(
                "expected_close",
                _("Expected close"),
                placeholder=date_placeholder(),
                validators=[date_field()],
            ),
            FormField(
                "owner",
                _("Owner"),
                owner,  # the acting login's display name (people), else the login
                validators=[text_field("owner")],
            ),
            FormField(
                "source",
                _("Source"),
                validators=[text_field("source")],
            ),
            FormField("next_step", _("Next step"), validators=[text_field("next_step")]),
            FormField(
                "next_step_date",
                _("Next step date"),
                placeholder=date_placeholder(),
                validators=[date_field("next_step_date")],
            ),
        ]
        title = (
            _("New deal in {phase}").format(phase=safe(phase_name)) if phase_name else _("New deal")
        )
        form = FormModal(title, fields, submit)
        screen.app.push_screen(form, _created)
        # Suggestions as you type arrive when read (a second on 100,000 deals): no waiting.
        inputs = {name: f"#field-{name}" for name in NEW_DEAL_FIELDS}
        load_suggestions(form, NEW_DEAL_FIELDS, lambda found: set_suggestions(form, inputs, found))

    def _created(deal_id: int | None) -> None:
        if deal_id is not None:
            screen.notify(_("Deal #{deal} created.").format(deal=deal_id), timeout=2)
            on_done(deal_id)

    run_db(screen, default_owner, app.user, on_done=ask)


def close_deal(
    screen: Screen[Any],
    deal_id: int,
    outcome: str,
    on_done: Done,
    expect_version: int | None = None,
) -> None:
    """Accept or reject a deal: pick a reason (and competitor on reject), add a note.

    A deal closed with the other outcome gets the correction form instead (``tui.deal_switch``:
    the outcome switched, its close date and phase kept). With ``expect_version`` the form
    opens only if the deal is still at that version, and the save is refused (the form
    closes) if it changed while the form was open.
    """
    app = _app(screen)
    if app.refuse_read_only():
        return
    verb = _("marked {status}").format(status=STATUS_LABELS[outcome])
    refused = refusal(screen, deal_id, verb, on_done)

    def submit(values: dict[str, Any]) -> int:
        options: dict[str, Any] = {"reason": values["reason"], "note": values["note"]}
        if outcome == Status.REJECTED:
            options["competitor"] = values["competitor"]
        deals.close_deal(
            deal_id,
            outcome,
            actor=app.user,
            expect_version=expect_version,
            at=app.now(),
            **options,
        )
        return deal_id

    def ask(context: dict[str, Any]) -> None:
        if context["status"] == outcome:
            screen.notify(
                _("Deal #{deal} is already {status}.").format(
                    deal=deal_id, status=STATUS_LABELS[outcome]
                ),
                severity="warning",
            )
            return
        if context["status"] != Status.OPEN:
            from tui.deal_switch import ask_switch

            switch_verb = _("switched to {status}").format(status=STATUS_LABELS[outcome])
            ask_switch(
                screen,
                deal_id,
                outcome,
                context,
                user=app.user,
                clock=app.now,
                on_done=on_done,
                refused=refusal(screen, deal_id, switch_verb, on_done),
                expect_version=expect_version,
            )
            return
        fields = [
            # Always start blank: a required reason must be chosen on purpose, never defaulted.
            FormField(
                "reason",
                _("Reason *") if context["required"] else _("Reason"),
                options=context["reasons"],
            ),
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
        fields.append(FormField("note", _("Closing note"), validators=[text_field("close_note")]))
        title = _("Accept (won)") if outcome == Status.ACCEPTED else _("Reject (lost)")
        intro = _("#{deal} {title}\nstays in phase {phase} ({probability} %)").format(
            deal=deal_id,
            title=safe(context["title"]),
            phase=safe(context["phase"]),
            probability=context["probability"],
        )
        screen.app.push_screen(
            FormModal(title, fields, submit, intro=intro, on_conflict=refused), _closed
        )

    def _closed(result: int | None) -> None:
        if result is not None:
            screen.notify(
                _("Deal #{deal} marked {status}.").format(
                    deal=deal_id, status=STATUS_LABELS[outcome]
                ),
                timeout=2,
            )
            on_done(deal_id)

    run_db(screen, _close_context, deal_id, outcome, expect_version, on_done=ask, on_error=refused)


def _close_context(deal_id: int, outcome: str, expect_version: int | None) -> dict[str, Any]:
    """Everything the close form needs, read in one go (runs in a worker).

    A deal no longer at ``expect_version`` raises the conflict before the form opens.
    """
    from models.operations.deal_core import load_for_change
    from models.operations.deals import effective_probability
    from models.operations.reasons import reasons_for
    from models.operations.settings import setting_flag
    from models.queries.suggestions import used_values
    from models.storage.stored_values import marked

    deal = load_for_change(deal_id, expect_version)
    flag = "require_reason_on_reject" if outcome == Status.REJECTED else "require_reason_on_accept"
    return {
        "status": deal.status,
        "title": deal.title,
        "phase": deal.phase.name,
        "probability": effective_probability(deal),
        "reasons": [(safe(reason.name), reason.id) for reason in reasons_for(outcome)],
        "required": setting_flag(flag),
        "competitors": used_values(("competitor",))["competitor"],
        # What correcting a closed deal's outcome shows and keeps (``tui.deal_switch``).
        "closed_at": local_time(marked(deal.closed_at)),
        "reason_id": deal.reason_id,
        "competitor": deal.competitor,
        "close_note": deal.close_note,
    }


def reopen_deal(
    screen: Screen[Any], deal_id: int, title: str, on_done: Done, expect_version: int | None = None
) -> None:
    """Ask, then set a closed deal back to open (if still at ``expect_version``)."""
    app = _app(screen)
    if app.refuse_read_only():
        return

    def answered(yes: bool | None) -> None:
        if yes:
            run_db(
                screen,
                deals.reopen_deal,
                deal_id,
                actor=app.user,
                at=app.now(),
                expect_version=expect_version,
                on_done=lambda _deal: reopened(),
                on_error=refusal(screen, deal_id, N_("reopened"), on_done),
            )

    def reopened() -> None:
        screen.notify(_("Deal #{deal} is open again.").format(deal=deal_id), timeout=2)
        on_done(deal_id)

    screen.app.push_screen(
        ConfirmModal(
            _("Reopen deal"),
            _(
                "Reopen #{deal} {title}? Its reason, competitor"
                " and closing data are cleared (the history keeps them)."
            ).format(deal=deal_id, title=safe(title)),
            yes=_("reopen"),
        ),
        answered,
    )


def step_deal(
    screen: Screen[Any],
    deal_id: int,
    step: int,
    on_done: Done,
    expect_version: int | None = None,
) -> None:
    """Move an open deal to the next or previous phase (if still at ``expect_version``)."""
    app = _app(screen)
    if app.refuse_read_only():
        return
    run_db(
        screen,
        deals.step_deal,
        deal_id,
        step,
        actor=app.user,
        at=app.now(),
        expect_version=expect_version,
        on_done=lambda _deal: on_done(deal_id),
        on_error=refusal(screen, deal_id, N_("moved"), on_done),
        group="move",
    )
