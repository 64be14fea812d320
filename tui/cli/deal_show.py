"""`dealboard deal list` and `deal show`: deals read and printed, human-readable or ``--json``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from models.domain.i18n import current_language
from models.domain.money import format_money
from models.domain.probability import weighted_cents
from models.domain.status import STATUS_WORDS, Status
from models.domain.wording import field_label, history_line, local_time
from models.operations import deals
from models.operations.settings import get_settings
from models.queries.deal_views import (
    deal_history,
    deal_to_dict,
    list_deals,
)
from models.queries.view_types import DealView, DealWithHistory
from models.storage.stored_values import BadValue, marked
from tui.cli.context import CliContext
from tui.i18n import _, ngettext
from tui.output import print_json, printable, table


def _money(cents: int | BadValue) -> str:
    if isinstance(cents, BadValue):  # stored by another client in another shape
        return cents.marked
    settings = get_settings()
    return format_money(cents, settings["currency"], current_language())


def show_json(deal_id: int) -> None:
    """Print a deal with its history as JSON (what ``--json`` prints after any deal verb)."""
    from models.operations.lookup import find_deal

    data: DealWithHistory = {
        **deal_to_dict(find_deal(deal_id, include_deleted=True)),
        "history": deal_history(deal_id),
    }
    print_json(data)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> None:
    """List deals filtered by status and phase."""
    rows = list_deals(args.status, args.phase, include_deleted=args.deleted)
    if args.deleted:
        rows = [deal for deal in rows if deal.deleted_at is not None]
    if args.json:
        print_json([deal_to_dict(deal) for deal in rows])
        return
    if not rows:
        print(_("No deals."), file=sys.stderr)
        return
    table(
        [
            "#",
            _("Title"),
            _("Organization"),
            _("Phase"),
            _("Status"),
            _("Value"),
            _("Prob."),
            _("Close by"),
            _("Owner"),
        ],
        [
            [
                deal.id,
                marked(deal.title),
                marked(deal.organization),
                deal.phase.name,
                STATUS_WORDS.get(deal.status, deal.status),
                _money(deal.value_cents),
                f"{deals.effective_probability(deal)}%"
                + (
                    "*"
                    if deal.probability_override is not None and deal.status == Status.OPEN
                    else ""
                ),
                marked(deal.expected_close) if deal.expected_close else "",
                marked(deal.owner),
            ]
            for deal in rows
        ],
        limits={1: 34, 2: 24, 3: 14, 8: 12},
        right=(0, 5, 6),
    )
    print(
        ngettext(
            "{count} deal; * = probability override",
            "{count} deals; * = probability override",
            len(rows),
        ).format(count=len(rows)),
        file=sys.stderr,
    )


def _probability_text(data: DealView) -> str:
    source = data["probability_source"]
    chance = data["effective_probability"]
    if source == "close":
        return _("{chance} % at close").format(chance=chance)
    if source == "override":
        return _("override {chance} % (phase {phase} %)").format(
            chance=chance, phase=data["phase_probability"]
        )
    return _("phase {chance} %").format(chance=chance)


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> None:
    """Show every field of a deal and its history."""
    from models.operations.lookup import find_deal

    deal = find_deal(args.deal, include_deleted=True)
    if args.json:
        show_json(deal.id)
        return
    data = deal_to_dict(deal)
    status = STATUS_WORDS.get(data["status"], data["status"])
    if data["status"] != Status.OPEN:
        status = _("{status} on {time}").format(
            status=status, time=local_time(marked(deal.closed_at))
        )
    if deal.deleted_at is not None:
        status += _(" (deleted {time})").format(time=local_time(marked(deal.deleted_at)))
    fields = [
        (field_label("organization"), data["organization"]),
        (field_label("contact"), data["contact"]),
        (field_label("owner"), data["owner"]),
        (field_label("source"), data["source"]),
        (field_label("value"), _money(deal.value_cents)),
        (field_label("phase"), f"{data['phase']} ({data['phase_probability']} %)"),
        (field_label("status"), status),
        (field_label("probability"), _probability_text(data)),
        (
            _("Weighted"),
            _money(weighted_cents(deal.value_cents, data["effective_probability"]))
            if deal.status == Status.OPEN and data["value_cents"] is not None
            else "",
        ),
        (field_label("reason"), data["reason"] or ""),
        (field_label("competitor"), data["competitor"]),
        (field_label("close_note"), data["close_note"]),
        (field_label("expected_close"), data["expected_close"] or ""),
        (field_label("next_step"), _next_step_text(data)),
        (field_label("note"), data["note"]),
        (_("Created"), local_time(marked(deal.created_at))),
        (_("Updated"), local_time(marked(deal.updated_at))),
        (_("Version"), data["version"]),
    ]
    print(_("Deal #{deal}  {title}").format(deal=deal.id, title=printable(data["title"])))
    width = max(15, *(len(name) + 1 for name, _value in fields))  # Dutch labels are longer
    for name, value in fields:
        if value not in ("", None):
            print(f"  {name:<{width}}{printable(value)}")
    print(_("History"))
    currency = get_settings()["currency"]
    for event in deal.events.order_by(deal.events.model.id):
        print("  " + printable(_event_text(event, currency)))


def _next_step_text(data: DealView) -> str:
    """The next step and its date on one line: ``Call Anna (2026-12-03)``."""
    step, date = data["next_step"] or "", data["next_step_date"]
    return f"{step} ({date})" if step and date else step


def _event_text(event: Any, currency: str) -> str:
    """One history line: when, who, and what the event says (values stored badly marked).

    Values as the session's language writes them, amounts in ``currency`` (the database's).
    """
    old, new = marked(event.old_value), marked(event.new_value)
    what = history_line(event.field or event.kind, old, new, currency=currency)
    return f"{local_time(marked(event.at))}  {event.actor}  {what}"
