"""`dealboard phase …`, `dealboard reason …` and `dealboard setting …` from the shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from models.domain.errors import RuleError
from models.domain.i18n import current_language, format_whole_percent
from models.domain.money import format_money
from models.domain.status import APPLIES_TO, STATUS_WORDS, AppliesTo
from models.operations import phases, reasons, settings
from models.operations.lookup import find_phase
from models.operations.phase_merge import MergePreview, merge_preview, preview_lines
from models.queries.deal_views import phase_overview
from models.queries.view_types import PhaseSummary
from models.storage.schema import Phase, Reason
from tui.cli.context import CliContext
from tui.i18n import _, ngettext
from tui.output import print_json, printable, table

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]


def _phase_dict(phase: Phase) -> PhaseSummary | dict[str, object]:
    for row in phase_overview():
        if row["id"] == phase.id:
            return row
    return {"id": phase.id, "name": phase.name}  # deleted meanwhile by someone else


def _phase_done(phase: Phase, args: argparse.Namespace, sentence: str) -> None:
    if args.json:
        print_json(_phase_dict(find_phase(phase.id)))
    else:
        print(printable(sentence))


def cmd_phase_list(args: argparse.Namespace, ctx: CliContext) -> None:
    """List every phase in order with its open deals and totals."""
    rows = phase_overview()
    if args.json:
        print_json(rows)
        return
    values = settings.get_settings()

    def money(cents: int) -> str:
        return format_money(cents, values["currency"], current_language())

    table(
        [
            _("Pos"),
            "Id",
            _("Phase"),
            _("Prob."),
            _("Open"),
            _("Open value"),
            _("Weighted"),
            _("Deals"),
            _("Archived"),
        ],
        [
            [
                row["position"],
                row["id"],
                row["name"],
                f"{row['probability']}%",
                row["open_count"],
                money(row["open_value_cents"]),
                money(row["weighted_value_cents"]),
                row["deals"],
                _("archived") if row["archived"] else "",
            ]
            for row in rows
        ],
        limits={2: 30},
        right=(0, 1, 3, 4, 5, 6, 7),
    )


def cmd_phase_add(args: argparse.Namespace, ctx: CliContext) -> None:
    """Add a phase."""
    phase = phases.add_phase(args.name, args.probability, args.position)
    if args.json:
        print_json(_phase_dict(phase))
    else:
        print(phase.id)


def cmd_phase_edit(args: argparse.Namespace, ctx: CliContext) -> None:
    """Rename a phase and/or change its probability."""
    phase = phases.edit_phase(args.phase, name=args.name, probability=args.probability)
    _phase_done(
        phase,
        args,
        _("Phase {id} is now {name} ({probability}).").format(
            id=phase.id, name=phase.name, probability=format_whole_percent(phase.probability)
        ),
    )


def cmd_phase_move(args: argparse.Namespace, ctx: CliContext) -> None:
    """Put a phase at another position."""
    phase = phases.move_phase(args.phase, args.position)
    _phase_done(
        phase,
        args,
        _("{name} is now at position {position}.").format(name=phase.name, position=phase.position),
    )


def cmd_phase_archive(args: argparse.Namespace, ctx: CliContext) -> None:
    """Archive a phase."""
    phase = phases.archive_phase(args.phase)
    _phase_done(phase, args, _("{name} is archived.").format(name=phase.name))


def cmd_phase_unarchive(args: argparse.Namespace, ctx: CliContext) -> None:
    """Bring an archived phase back."""
    phase = phases.unarchive_phase(args.phase)
    _phase_done(phase, args, _("{name} is active again.").format(name=phase.name))


def _preview_dict(preview: MergePreview) -> dict[str, object]:
    return {
        **asdict(preview),
        "total_deals": preview.total_deals,
        "weighted_change_cents": preview.weighted_change_cents,
    }


def _confirmed() -> bool:
    """Ask on the terminal whether to merge; refuse outright when nobody can answer."""
    if not sys.stdin.isatty():
        raise RuleError(_("Nothing merged: add --yes to merge without being asked."))
    sys.stderr.write(_("Merge? [y/N] "))
    sys.stderr.flush()
    return sys.stdin.readline().strip().casefold() in ("y", "yes", "j", "ja")  # Dutch: ja


def cmd_phase_merge(args: argparse.Namespace, ctx: CliContext) -> None:
    """Merge a phase into another after showing what moves; --yes or a terminal's y confirms."""
    source, target = find_phase(args.phase), find_phase(args.into)
    preview = merge_preview(source, target)
    if args.json and not args.yes:
        print_json({"preview": _preview_dict(preview)})
    elif not args.json:
        values = settings.get_settings()
        for line in preview_lines(preview, values["currency"], current_language()):
            print(printable(line))
    sys.stdout.flush()
    if not args.yes and not _confirmed():
        raise RuleError(_("Nothing merged."))
    moved = phases.merge_phase(source, target, actor=ctx.user)
    if args.json:
        print_json(
            {
                "moved": moved,
                "from": source.name,
                "into": _phase_dict(target),
                "preview": _preview_dict(preview),
            }
        )
    else:
        print(
            printable(
                ngettext(
                    "Moved {count} deal from {source} into {target}; {source} is archived.",
                    "Moved {count} deals from {source} into {target}; {source} is archived.",
                    moved,
                ).format(count=moved, source=source.name, target=target.name)
            )
        )


def cmd_phase_delete(args: argparse.Namespace, ctx: CliContext) -> None:
    """Delete a phase no deal has ever used."""
    phase = find_phase(args.phase)
    phases.delete_phase(phase)
    if args.json:
        print_json({"deleted": phase.id, "name": phase.name})
    else:
        print(printable(_("Deleted phase {name}.").format(name=phase.name)))


def _reason_dict(reason: Reason) -> dict[str, Any]:
    return {
        "id": reason.id,
        "name": reason.name,
        "applies_to": reason.applies_to,
        "archived": bool(reason.archived),
    }


def cmd_reason_list(args: argparse.Namespace, ctx: CliContext) -> None:
    """List the configured reasons."""
    rows = [_reason_dict(reason) for reason in reasons.all_reasons()]
    if args.json:
        print_json(rows)
        return
    table(
        ["Id", _("Reason"), _("Applies to"), _("Archived")],
        [
            [
                r["id"],
                r["name"],
                STATUS_WORDS.get(r["applies_to"], r["applies_to"]),
                _("archived") if r["archived"] else "",
            ]
            for r in rows
        ],
        limits={1: 40},
        right=(0,),
    )


def cmd_reason_add(args: argparse.Namespace, ctx: CliContext) -> None:
    """Add a reason."""
    reason = reasons.add_reason(args.name, args.applies_to)
    print_json(_reason_dict(reason)) if args.json else print(reason.id)


def cmd_reason_edit(args: argparse.Namespace, ctx: CliContext) -> None:
    """Rename a reason or change what it applies to."""
    reason = reasons.edit_reason(args.reason, name=args.name, applies_to=args.applies_to)
    if args.json:
        print_json(_reason_dict(reason))
    else:
        print(
            printable(
                _("Reason {id} is now {name} ({applies_to}).").format(
                    id=reason.id,
                    name=reason.name,
                    applies_to=STATUS_WORDS.get(reason.applies_to, reason.applies_to),
                )
            )
        )


def _reason_archiver(archived: bool) -> Callable[[argparse.Namespace, CliContext], None]:
    def handler(args: argparse.Namespace, ctx: CliContext) -> None:
        reason = reasons.set_reason_archived(args.reason, archived)
        if args.json:
            print_json(_reason_dict(reason))
        else:
            done = (
                _("Reason {name} is archived.") if archived else _("Reason {name} is active again.")
            )
            print(printable(done.format(name=reason.name)))

    handler.__doc__ = "Archive a reason." if archived else "Bring a reason back."
    return handler


def cmd_setting_list(args: argparse.Namespace, ctx: CliContext) -> None:
    """Show the database's settings."""
    values = settings.get_settings()
    if args.json:
        print_json(values)
        return
    for key in sorted(values):
        print(f"{key} = {printable(values[key])}")


def cmd_setting_set(args: argparse.Namespace, ctx: CliContext) -> None:
    """Change one setting."""
    stored = settings.set_setting(args.key, args.value)
    print_json({args.key: stored}) if args.json else print(f"{args.key} = {printable(stored)}")


def register(commands: Any, add: AddParser) -> None:
    """Add `phase`, `reason` and `setting` with their verbs to the parser."""

    def group(name: str, help_text: str) -> Callable[..., argparse.ArgumentParser]:
        verbs = add(commands, name, help_text).add_subparsers(dest="verb", metavar="VERB")

        def verb(
            verb_name: str, verb_help: str, handler: Callable[..., None], *, writes: bool
        ) -> argparse.ArgumentParser:
            sub = add(verbs, verb_name, verb_help)
            sub.set_defaults(handler=handler, writes=writes)
            sub.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
            return sub

        return verb

    verb = group("phase", _("list and configure the progress phases"))
    verb(
        "list",
        _("list phases with their probabilities and open deals"),
        cmd_phase_list,
        writes=False,
    )
    sub = verb("add", _("add a phase"), cmd_phase_add, writes=True)
    sub.add_argument("name", metavar="NAME")
    sub.add_argument("--probability", required=True, metavar="P", help=_("win probability 0–100"))
    sub.add_argument("--position", metavar="N", help=_("1-based place (default: last)"))
    sub = verb("edit", _("rename a phase or change its probability"), cmd_phase_edit, writes=True)
    sub.add_argument("phase", metavar="PHASE")
    sub.add_argument("--name")
    sub.add_argument("--probability", metavar="P")
    sub = verb("move", _("put a phase at another position"), cmd_phase_move, writes=True)
    sub.add_argument("phase", metavar="PHASE")
    sub.add_argument("--position", required=True, metavar="N")
    for name, handler, help_text in (
        ("archive", cmd_phase_archive, _("hide a phase from new choices")),
        ("unarchive", cmd_phase_unarchive, _("offer an archived phase again")),
        ("delete", cmd_phase_delete, _("delete a phase no deal has ever used")),
    ):
        verb(name, help_text, handler, writes=True).add_argument("phase", metavar="PHASE")
    sub = verb(
        "merge",
        _("move all deals of PHASE into another and archive it"),
        cmd_phase_merge,
        writes=True,
    )
    sub.add_argument("phase", metavar="PHASE")
    sub.add_argument("--into", required=True, metavar="PHASE")
    sub.add_argument(
        "--yes",
        action="store_true",
        help=_("merge without asking (needed when stdin is not a terminal)"),
    )

    verb = group("reason", _("list and configure the reasons deals are won or lost"))
    verb("list", _("list reasons"), cmd_reason_list, writes=False)
    sub = verb("add", _("add a reason"), cmd_reason_add, writes=True)
    sub.add_argument("name", metavar="NAME")
    # Read in the session's language once the database is open (tui.cli.typed_arguments).
    applies = "{" + ",".join(APPLIES_TO) + "}"
    sub.add_argument("--applies-to", metavar=applies, default=AppliesTo.BOTH.value)
    sub = verb("edit", _("rename a reason or change its outcome"), cmd_reason_edit, writes=True)
    sub.add_argument("reason", metavar="REASON")
    sub.add_argument("--name")
    sub.add_argument("--applies-to", metavar=applies)
    verb("archive", _("archive a reason"), _reason_archiver(True), writes=True).add_argument(
        "reason", metavar="REASON"
    )
    verb(
        "unarchive", _("bring an archived reason back"), _reason_archiver(False), writes=True
    ).add_argument("reason", metavar="REASON")

    verb = group("setting", _("show or change the database's settings"))
    verb("list", _("show every setting"), cmd_setting_list, writes=False)
    sub = verb("set", _("change a setting"), cmd_setting_set, writes=True)
    sub.add_argument("key", choices=settings.KNOWN_SETTINGS)
    sub.add_argument("value")
