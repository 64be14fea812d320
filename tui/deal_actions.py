"""Deal actions shared by the board and the detail screen: new, close, reopen, move.

Each one asks what it needs in a modal, runs the operation from ``models.deals`` in a
thread worker, and calls ``on_done`` with the deal id on the UI thread when it worked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from models import deals
from models.errors import DealboardError
from tui.dbwork import run_db
from tui.formatting import safe
from tui.modals.confirm import ConfirmModal
from tui.modals.form import FormField, FormModal
from tui.validators import date_field, money_field, text_field

if TYPE_CHECKING:
    from tui.app import DealboardApp

Done = Callable[[int], None]


def _app(screen: Screen[Any]) -> DealboardApp:
    return screen.app  # type: ignore[return-value]


def new_deal(screen: Screen[Any], phase_id: int | None, phase_name: str, on_done: Done) -> None:
    """Ask for a new deal's fields and create it in the given phase."""
    app = _app(screen)
    if app.refuse_read_only():
        return

    def submit(values: dict[str, Any]) -> int:
        deal = deals.create_deal(
            values["title"],
            actor=app.user,
            organization=values["organization"],
            contact=values["contact"],
            owner=values["owner"],
            source=values["source"],
            value=values["value"] or "0",
            phase=phase_id,
            expected_close=values["expected_close"],
        )
        return deal.id

    def ask(suggestions: dict[str, list[str]]) -> None:
        fields = [
            FormField("title", "Title", validators=[text_field("title", required=True)]),
            FormField(
                "organization",
                "Organization",
                validators=[text_field("organization")],
                suggestions=suggestions["organization"],
            ),
            FormField("contact", "Contact", validators=[text_field("contact")]),
            FormField("value", "Value", placeholder="12500.00", validators=[money_field()]),
            FormField(
                "expected_close",
                "Expected close",
                placeholder="YYYY-MM-DD",
                validators=[date_field()],
            ),
            FormField(
                "owner",
                "Owner",
                app.user,
                validators=[text_field("owner")],
                suggestions=suggestions["owner"],
            ),
            FormField(
                "source",
                "Source",
                validators=[text_field("source")],
                suggestions=suggestions["source"],
            ),
        ]
        title = f"New deal in {safe(phase_name)}" if phase_name else "New deal"
        screen.app.push_screen(FormModal(title, fields, submit), _created)

    def _created(deal_id: int | None) -> None:
        if deal_id is not None:
            screen.notify(f"Deal #{deal_id} created.", timeout=2)
            on_done(deal_id)

    from models.suggestions import used_values

    run_db(screen, used_values, ("organization", "owner", "source"), on_done=ask)


def close_deal(
    screen: Screen[Any],
    deal_id: int,
    outcome: str,
    on_done: Done,
    expect_version: int | None = None,
) -> None:
    """Accept or reject a deal: pick a reason (and competitor on reject), add a note."""
    app = _app(screen)
    if app.refuse_read_only():
        return

    def submit(values: dict[str, Any]) -> int:
        options: dict[str, Any] = {"reason": values["reason"], "note": values["note"]}
        if outcome == "rejected":
            options["competitor"] = values["competitor"]
        deals.close_deal(deal_id, outcome, actor=app.user, expect_version=expect_version, **options)
        return deal_id

    def ask(context: dict[str, Any]) -> None:
        if context["status"] != "open":
            screen.notify(
                f"Deal #{deal_id} is already {context['status']}; reopen it first.",
                severity="warning",
            )
            return
        fields = [
            # Always start blank: a required reason must be chosen on purpose, never defaulted.
            FormField(
                "reason",
                "Reason *" if context["required"] else "Reason",
                options=context["reasons"],
            ),
        ]
        if outcome == "rejected":
            fields.append(
                FormField(
                    "competitor",
                    "Lost to",
                    validators=[text_field("competitor")],
                    suggestions=context["competitors"],
                )
            )
        fields.append(FormField("note", "Closing note", validators=[text_field("close_note")]))
        verb = "Accept (won)" if outcome == "accepted" else "Reject (lost)"
        intro = (
            f"#{deal_id} {safe(context['title'])}\nstays in phase {safe(context['phase'])}"
            f" ({context['probability']} %)"
        )
        screen.app.push_screen(FormModal(f"{verb}", fields, submit, intro=intro), _closed)

    def _closed(result: int | None) -> None:
        if result is not None:
            word = "won" if outcome == "accepted" else "lost"
            screen.notify(f"Deal #{deal_id} marked {word}.", timeout=2)
            on_done(deal_id)

    run_db(screen, _close_context, deal_id, outcome, on_done=ask)


def _close_context(deal_id: int, outcome: str) -> dict[str, Any]:
    """Everything the close form needs, read in one go (runs in a worker)."""
    from models.deals import effective_probability
    from models.lookup import find_deal
    from models.reasons import reasons_for
    from models.settings import setting_flag
    from models.suggestions import used_values

    deal = find_deal(deal_id)
    flag = "require_reason_on_reject" if outcome == "rejected" else "require_reason_on_accept"
    return {
        "status": deal.status,
        "title": deal.title,
        "phase": deal.phase.name,
        "probability": effective_probability(deal),
        "reasons": [(safe(reason.name), reason.id) for reason in reasons_for(outcome)],
        "required": setting_flag(flag),
        "competitors": used_values(("competitor",))["competitor"],
    }


def reopen_deal(
    screen: Screen[Any], deal_id: int, title: str, on_done: Done, expect_version: int | None = None
) -> None:
    """Ask, then set a closed deal back to open."""
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
                expect_version=expect_version,
                on_done=lambda _deal: reopened(),
            )

    def reopened() -> None:
        screen.notify(f"Deal #{deal_id} is open again.", timeout=2)
        on_done(deal_id)

    screen.app.push_screen(
        ConfirmModal(
            "Reopen deal",
            f"Reopen #{deal_id} {safe(title)}? Its reason, competitor"
            " and closing data are cleared (the history keeps them).",
            yes="reopen",
        ),
        answered,
    )


def step_deal(
    screen: Screen[Any],
    deal_id: int,
    step: int,
    on_done: Done,
    on_error: Callable[[DealboardError], None] | None = None,
) -> None:
    """Move an open deal to the next or previous phase."""
    app = _app(screen)
    if app.refuse_read_only():
        return
    run_db(
        screen,
        deals.step_deal,
        deal_id,
        step,
        actor=app.user,
        on_done=lambda _deal: on_done(deal_id),
        on_error=on_error,
        group="move",
    )
