"""`dealboard deal …`: every deal operation from the shell, human-readable or ``--json``.

This module holds the verbs that change deals and the parser; ``tui.cli.deal_show`` the ones
that read (``list``, ``show``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from models.domain.status import STATUS_FILTERS, StatusFilter
from models.domain.validation import shown, whole_number
from models.operations import deals
from models.operations.people import default_owner
from models.storage.schema import Deal
from tui.cli.context import CliContext
from tui.cli.deal_show import cmd_list, cmd_show, show_json
from tui.i18n import _

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]
# A deal's version is an integer column: PostgreSQL's holds at most this (SQLite's more).
MAX_VERSION = 2**31 - 1


def version_number(text: str) -> int:
    """Parse ``--expect-version``: a version a deal can have, as ``deal show`` prints it."""
    number = whole_number(text, digits=10)
    if number is None or not 1 <= number <= MAX_VERSION:
        raise argparse.ArgumentTypeError(
            _(
                "a version is a whole number from 1 to {largest} (deal show prints it), not {text}"
            ).format(largest=MAX_VERSION, text=shown(text))
        )
    return number


def _done(deal: Deal, args: argparse.Namespace) -> None:
    """Report a created or changed deal: its id, or the whole deal with --json."""
    if args.json:
        show_json(deal.id)
    else:
        print(deal.id)


def _edit_changes(args: argparse.Namespace) -> dict[str, object]:
    changes: dict[str, object] = {}
    for name in ("title", "organization", "contact", "owner", "source", "note", "competitor"):
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = value
    if args.value is not None:
        changes["value"] = args.value
    if args.expected_close is not None:
        changes["expected_close"] = args.expected_close
    if args.close_note is not None:
        changes["close_note"] = args.close_note
    if args.reason is not None:
        changes["reason"] = args.reason
    if args.clear_next_step:
        if args.next_step_date is not None:
            from models.domain.errors import ValidationError

            raise ValidationError(
                "next_step_date",
                _("--clear-next-step clears the date too; leave out --next-step-date."),
            )
        changes.update(next_step=None, next_step_date=None)
    else:
        for name in ("next_step", "next_step_date"):
            if getattr(args, name) is not None:
                changes[name] = getattr(args, name)
    if args.clear_probability:
        changes["probability_override"] = None
    elif args.probability is not None:
        changes["probability_override"] = args.probability
    return changes


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> None:
    """Create a deal."""
    deal = deals.create_deal(
        args.title,
        actor=ctx.user,
        organization=args.organization or "",
        contact=args.contact or "",
        owner=default_owner(ctx.user) if args.owner is None else args.owner,
        source=args.source or "",
        value=args.value if args.value is not None else "0",
        phase=args.phase,
        expected_close=args.expected_close,
        note=args.note or "",
        probability_override=args.probability,
        next_step=args.next_step,
        next_step_date=args.next_step_date,
    )
    _done(deal, args)


def cmd_edit(args: argparse.Namespace, ctx: CliContext) -> None:
    """Change fields of a deal, optionally only if it is still at a given version."""
    from models.domain.errors import ValidationError

    changes = _edit_changes(args)
    if not changes:
        raise ValidationError(None, _("Nothing to change: give at least one field option."))
    deal = deals.edit_deal(args.deal, changes, actor=ctx.user, expect_version=args.expect_version)
    _done(deal, args)


def cmd_move(args: argparse.Namespace, ctx: CliContext) -> None:
    """Move an open deal to a phase (or the next/previous one)."""
    if args.phase.lower() in ("next", "prev", "previous"):
        step = 1 if args.phase.lower() == "next" else -1
        deal = deals.step_deal(args.deal, step, actor=ctx.user, expect_version=args.expect_version)
    else:
        deal = deals.move_deal(
            args.deal, args.phase, actor=ctx.user, expect_version=args.expect_version
        )
    _done(deal, args)


def cmd_accept(args: argparse.Namespace, ctx: CliContext) -> None:
    """Accept (win) an open deal from any phase."""
    deal = deals.accept_deal(
        args.deal,
        actor=ctx.user,
        reason=args.reason,
        note=args.note or "",
        expect_version=args.expect_version,
    )
    _done(deal, args)


def cmd_reject(args: argparse.Namespace, ctx: CliContext) -> None:
    """Reject (lose) an open deal from any phase."""
    deal = deals.reject_deal(
        args.deal,
        actor=ctx.user,
        reason=args.reason,
        competitor=args.competitor or "",
        note=args.note or "",
        expect_version=args.expect_version,
    )
    _done(deal, args)


def cmd_switch(args: argparse.Namespace, ctx: CliContext) -> None:
    """Correct a closed deal's outcome: accepted ↔ rejected."""
    options: dict[str, Any] = {}
    if args.reason is not None:
        options["reason"] = args.reason
    if args.competitor is not None:
        options["competitor"] = args.competitor
    if args.note is not None:
        options["note"] = args.note
    deal = deals.switch_outcome(
        args.deal, actor=ctx.user, expect_version=args.expect_version, **options
    )
    _done(deal, args)


def _simple(operation: Callable[..., Deal]) -> Callable[[argparse.Namespace, CliContext], None]:
    def handler(args: argparse.Namespace, ctx: CliContext) -> None:
        _done(operation(args.deal, actor=ctx.user, expect_version=args.expect_version), args)

    handler.__doc__ = operation.__doc__
    return handler


def register(commands: Any, add: AddParser) -> None:
    """Add `dealboard deal …` and its verbs to the parser."""
    group = add(commands, "deal", _("list, show, add and change deals"))
    verbs = group.add_subparsers(dest="verb", metavar="VERB")

    def verb(
        name: str, help_text: str, handler: Callable[..., None], *, writes: bool
    ) -> argparse.ArgumentParser:
        sub = add(verbs, name, help_text)
        sub.set_defaults(handler=handler, writes=writes)
        sub.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
        return sub

    def deal_arg(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("deal", metavar="DEAL", help=_("deal number"))

    def version_arg(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--expect-version",
            type=version_number,
            metavar="V",
            help=_("fail (exit 3) if the deal is no longer at version V"),
        )

    sub = verb("list", _("list deals"), cmd_list, writes=False)
    sub.add_argument(
        "--status",
        # Read in the session's language once the database is open (tui.cli.typed_arguments).
        metavar="{" + ",".join(STATUS_FILTERS) + "}",
        default=StatusFilter.OPEN.value,
        help=_("default: open"),
    )
    sub.add_argument("--phase", metavar="PHASE", help=_("phase name (any case) or id"))
    sub.add_argument("--deleted", action="store_true", help=_("list soft-deleted deals instead"))

    sub = verb("show", _("show a deal's fields, probability and history"), cmd_show, writes=False)
    deal_arg(sub)

    sub = verb(
        "add", _("create a deal (in the first active phase unless --phase)"), cmd_add, writes=True
    )
    sub.add_argument("title", metavar="TITLE")
    for name in ("organization", "contact", "source", "note"):
        sub.add_argument(f"--{name}")
    sub.add_argument(
        "--owner", help=_("default: your name as a person (person add), else your login")
    )
    sub.add_argument("--value", metavar="AMOUNT", help=_("e.g. 12500.00 or 12500,00"))
    sub.add_argument("--phase", metavar="PHASE")
    sub.add_argument("--expected-close", metavar="YYYY-MM-DD")
    sub.add_argument(
        "--probability", metavar="P", help=_("override the phase's probability (0–100)")
    )
    sub.add_argument("--next-step", metavar="TEXT", help=_("what happens next"))
    sub.add_argument("--next-step-date", metavar="YYYY-MM-DD", help=_("when it happens"))

    sub = verb("edit", _("change fields of a deal"), cmd_edit, writes=True)
    deal_arg(sub)
    for name in (
        "title",
        "organization",
        "contact",
        "owner",
        "source",
        "note",
        "competitor",
        "reason",
    ):
        sub.add_argument(f"--{name}")
    sub.add_argument("--value", metavar="AMOUNT")
    sub.add_argument("--expected-close", metavar="YYYY-MM-DD", help=_("empty to clear"))
    sub.add_argument("--close-note", metavar="TEXT")
    step = sub.add_mutually_exclusive_group()
    step.add_argument("--next-step", metavar="TEXT", help=_("what happens next; empty to clear"))
    step.add_argument("--clear-next-step", action="store_true", help=_("clear it and its date"))
    sub.add_argument("--next-step-date", metavar="YYYY-MM-DD", help=_("when; empty to clear"))
    probability = sub.add_mutually_exclusive_group()
    probability.add_argument("--probability", metavar="P", help=_("override (0–100)"))
    probability.add_argument(
        "--clear-probability", action="store_true", help=_("use the phase's again")
    )
    version_arg(sub)

    sub = verb("move", _("move an open deal to PHASE (or next / prev)"), cmd_move, writes=True)
    deal_arg(sub)
    sub.add_argument("phase", metavar="PHASE")
    version_arg(sub)

    sub = verb("accept", _("accept (win) an open deal, in any phase"), cmd_accept, writes=True)
    deal_arg(sub)
    sub.add_argument("--reason", metavar="REASON")
    sub.add_argument("--note", metavar="TEXT", help=_("closing note"))
    version_arg(sub)

    sub = verb("reject", _("reject (lose) an open deal, in any phase"), cmd_reject, writes=True)
    deal_arg(sub)
    sub.add_argument("--reason", metavar="REASON")
    sub.add_argument("--competitor", metavar="NAME", help=_("who it was lost to"))
    sub.add_argument("--note", metavar="TEXT", help=_("closing note"))
    version_arg(sub)

    sub = verb(
        "switch",
        _("correct a closed deal's outcome (accepted ↔ rejected)"),
        cmd_switch,
        writes=True,
    )
    deal_arg(sub)
    sub.add_argument("--reason", metavar="REASON")
    sub.add_argument("--competitor", metavar="NAME")
    sub.add_argument("--note", metavar="TEXT", help=_("closing note"))
    version_arg(sub)

    for name, operation, help_text in (
        ("reopen", deals.reopen_deal, _("set a closed deal back to open")),
        ("delete", deals.delete_deal, _("soft-delete a deal (restorable)")),
        ("restore", deals.restore_deal, _("bring a deleted deal back")),
    ):
        sub = verb(name, help_text, _simple(operation), writes=True)
        deal_arg(sub)
        version_arg(sub)
