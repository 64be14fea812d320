"""`dealboard agenda`: the open deals' next steps, overdue first, as a table or ``--json``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from models.domain.errors import ValidationError
from models.queries.agenda import load_agenda
from tui.cli.context import CliContext
from tui.i18n import _, ngettext
from tui.output import print_json, table

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]


def cmd_agenda(args: argparse.Namespace, ctx: CliContext) -> None:
    """Print the next steps of open deals, grouped by when they are due."""
    if args.mine and args.owner is not None:
        raise ValidationError(None, _("Give --mine or --owner, not both."))
    agenda = load_agenda(user=ctx.user if args.mine else None, owner=args.owner)
    if args.json:
        print_json(agenda.entries)
        return
    if not agenda.entries:
        print(_("No next steps."), file=sys.stderr)
        return
    rows: list[list[object]] = []
    for group, entries in agenda.groups():
        for index, entry in enumerate(entries):
            rows.append(
                [
                    group.label if index == 0 else "",
                    entry["next_step_date"] or "",
                    entry["next_step"],
                    entry["id"],
                    entry["title"],
                    entry["organization"],
                    entry["owner"],
                ]
            )
    table(
        [_("When"), _("Date"), _("Next step"), "#", _("Title"), _("Organization"), _("Owner")],
        rows,
        limits={2: 34, 4: 30, 5: 24, 6: 20},
        right=(3,),
    )
    print(
        ngettext(
            "{count} next step(s); today is {today}",
            "{count} next step(s); today is {today}",
            len(agenda.entries),
        ).format(count=len(agenda.entries), today=agenda.today),
        file=sys.stderr,
    )


def register(commands: Any, add: AddParser) -> None:
    """Add `agenda` to the parser."""
    sub = add(commands, "agenda", _("the open deals' next steps, overdue first"))
    sub.set_defaults(handler=cmd_agenda, writes=False)
    sub.add_argument("--owner", metavar="NAME", help=_("only deals of this owner (any case)"))
    sub.add_argument(
        "--mine", action="store_true", help=_("only your deals (your login or display name)")
    )
    sub.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
