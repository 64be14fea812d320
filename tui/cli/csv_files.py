"""`dealboard export` and `dealboard import`: deals as CSV (docs/csv.md) from the shell."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from typing import Any

from models.domain.errors import CsvImportError
from tui.cli.admin import progress_bar
from tui.cli.context import EXIT_ERROR, CliContext
from tui.i18n import _, ngettext
from tui.output import print_error, printable

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]
MAX_LISTED = 50  # problems printed one per line; the rest are counted


def _deals(count: int) -> str:
    """``1 deal`` / ``3 deals`` in the current language."""
    return ngettext("{count} deal", "{count} deals", count).format(count=count)


def cmd_export(args: argparse.Namespace, ctx: CliContext) -> None:
    """Write the live deals, filtered, as CSV to FILE or (with -) to standard output.

    ``--excel`` writes the shape Excel in Dutch settings opens directly (docs/csv.md).
    """
    from models.csv.export import export_deals, write_deals_csv

    filters = {
        "status": args.status,
        "phase": args.phase,
        "owner": args.owner,
        "source": args.source,
        "excel": args.excel,
    }
    with progress_bar(ctx, _("Exporting deals")) as progress:
        if args.file == "-":
            count = write_deals_csv(sys.stdout, progress=progress, **filters)
            sys.stdout.flush()
            where = _("standard output")
        else:
            result = export_deals(args.file, overwrite=args.force, progress=progress, **filters)
            count, where = result.deals, result.destination
    print(
        _("Exported {deals} to {where}.").format(deals=_deals(count), where=printable(where)),
        file=sys.stderr,
    )


def cmd_import(args: argparse.Namespace, ctx: CliContext) -> int:
    """Import every deal of FILE, or none, listing every bad row."""
    from models.csv.importer import import_deals

    try:
        with progress_bar(ctx, _("Importing deals")) as progress:
            result = import_deals(
                args.file,
                actor=ctx.user,
                create_missing=args.create_missing,
                dry_run=args.dry_run,
                progress=progress,
            )
    except CsvImportError as exc:
        _print_problems(exc)
        return EXIT_ERROR
    counts = _("({open} open, {won} won, {lost} lost)").format(
        open=result.open, won=result.accepted, lost=result.rejected
    )
    if result.dry_run:
        print(
            _(
                "Checked {deals} {counts}: the file can be imported; nothing was written"
                " (--dry-run)."
            ).format(deals=_deals(result.deals), counts=counts),
            file=sys.stderr,
        )
    else:
        print(
            _("Imported {deals} {counts}.").format(deals=_deals(result.deals), counts=counts),
            file=sys.stderr,
        )
    for name in result.created_phases:
        chance = result.phase_probabilities.get(name, 0)
        phase_message = (
            _(
                "Would create phase {name!r} with probability {chance} %; check it, or set it"
                " with `dealboard phase edit {quoted} --probability P`."
            )
            if result.dry_run
            else _(
                "Created phase {name!r} with probability {chance} %; check it, or set it"
                " with `dealboard phase edit {quoted} --probability P`."
            )
        )
        print(
            phase_message.format(
                name=printable(name), chance=chance, quoted=shlex.quote(printable(name))
            ),
            file=sys.stderr,
        )
    for name in result.created_reasons:
        reason_message = (
            _(
                "Would create reason {name!r} for both outcomes; narrow it with"
                " `dealboard reason edit {quoted} --applies-to accepted` (or rejected)."
            )
            if result.dry_run
            else _(
                "Created reason {name!r} for both outcomes; narrow it with"
                " `dealboard reason edit {quoted} --applies-to accepted` (or rejected)."
            )
        )
        print(
            reason_message.format(name=printable(name), quoted=shlex.quote(printable(name))),
            file=sys.stderr,
        )
    print(result.deals)
    return 0


def _print_problems(exc: CsvImportError) -> None:
    """Print the summary sentence, then each problem on its own line (at most 50)."""
    print_error(exc)
    for problem in exc.problems[:MAX_LISTED]:
        print(f"  {printable(problem.describe())}", file=sys.stderr)
    if len(exc.problems) > MAX_LISTED:
        more = len(exc.problems) - MAX_LISTED
        print("  " + _("… and {count} more").format(count=more), file=sys.stderr)


def register(commands: Any, add: AddParser) -> None:
    """Add `export` and `import` to the parser."""
    from models.domain.status import STATUS_FILTERS, StatusFilter

    sub = add(commands, "export", _("write deals as CSV to FILE (- for standard output)"))
    sub.set_defaults(handler=cmd_export, writes=False)
    sub.add_argument(
        "file", metavar="FILE", help=_("the CSV file to write, or - for standard output")
    )
    sub.add_argument(
        "--status",
        # Read in the session's language once the database is open (tui.cli.typed_arguments).
        metavar="{" + ",".join(STATUS_FILTERS) + "}",
        default=StatusFilter.ALL.value,
        help=_("default: all"),
    )
    sub.add_argument("--phase", metavar="PHASE", help=_("only deals in this phase (name or id)"))
    sub.add_argument("--owner", metavar="OWNER", help=_("only deals of this owner (any case)"))
    sub.add_argument("--source", metavar="SOURCE", help=_("only deals from this source (any case)"))
    sub.add_argument("--force", action="store_true", help=_("replace an existing FILE"))
    sub.add_argument(
        "--excel",
        action="store_true",
        help=_("for Excel in Dutch settings: ; separated, decimal comma, UTF-8 with BOM, CRLF"),
    )

    sub = add(commands, "import", _("add the deals of a CSV file: all of them, or none"))
    sub.set_defaults(handler=cmd_import, writes=True)
    sub.add_argument(
        "file",
        metavar="FILE",
        help=_("the CSV file to read (UTF-8, with a header; separated by , ; or tab)"),
    )
    sub.add_argument(
        "--create-missing",
        action="store_true",
        help=_(
            "create unknown phases (with the file's phase_probability and phase_position,"
            " else 0 %% at the end) and reasons (both outcomes)"
        ),
    )
    sub.add_argument(
        "--dry-run", action="store_true", help=_("check everything, report, and write nothing")
    )
