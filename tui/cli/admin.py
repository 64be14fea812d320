"""`dealboard demo`, `check` and `backup`: demo data and keeping the database healthy."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from models.domain.errors import DealboardError
from models.domain.i18n import MODELS
from tui.cli.context import CliContext
from tui.cli.language import creation_language
from tui.i18n import _
from tui.output import print_json, printable

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]
PLAIN_INTEGER = re.compile(r"-?[0-9]{1,18}")


def plain_integer(text: str) -> int:
    """Read a whole number written with the digits 0-9 only, as amounts are.

    ``int()`` would also take other scripts' digits (``٣``) and underscores (``1_000``).
    """
    if not PLAIN_INTEGER.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(
            _(
                "write a whole number with the digits 0-9 only (for example 2000), not {text!r}"
            ).format(text=text)
        )
    return int(text)


@contextmanager
def progress_bar(ctx: CliContext, description: str) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``progress(done, total)`` callback drawing a bar on stderr, or None if quiet."""
    if not ctx.show_progress:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def write_demo(
    target: str, *, deals: int, seed: int, lang: str, ctx: CliContext, overwrite: bool = False
) -> None:
    """Build a demo database at ``target`` with a progress bar for people watching."""
    from models.demo.build import build_demo

    with progress_bar(ctx, _("Writing demo deals")) as progress:
        summary = build_demo(
            target, deals=deals, seed=seed, lang=lang, overwrite=overwrite, progress=progress
        )
    if not ctx.quiet:
        print(
            _(
                "Wrote {summary_deals} demo deals ({summary_open} open, {summary_accepted} won, {summary_rejected} lost) with {summary_events} history events to {target} in {summary_seconds:.1f} s."
            ).format(
                summary_deals=summary.deals,
                summary_open=summary.open,
                summary_accepted=summary.accepted,
                summary_rejected=summary.rejected,
                summary_events=summary.events,
                target=target,
                summary_seconds=summary.seconds,
            ),
            file=sys.stderr,
        )


def cmd_demo(args: argparse.Namespace, ctx: CliContext) -> None:
    """Write a demo database."""
    from models.storage.database import is_postgres_url, resolve_target, sqlite_path
    from tui.cli.context import demo_database_path

    lang = creation_language(args)
    target = args.db or str(demo_database_path(lang))
    if args.db is None:
        demo_database_path(lang).parent.mkdir(parents=True, exist_ok=True)
    if is_postgres_url(resolve_target(target)):
        raise DealboardError(_("Demo databases are SQLite files; give --db a file path."))
    path = str(sqlite_path(target))
    write_demo(
        path,
        deals=args.deals,
        seed=args.seed,
        lang=lang,
        ctx=ctx,
        overwrite=args.force,
    )
    print(path)


def _open_for_check(args: argparse.Namespace) -> tuple[str, list[str]] | None:
    """Open the database to check; for a file too damaged to open, say what is wrong with it."""
    from models.domain.errors import DatabaseError, ReadOnlyError, SchemaTooNew
    from models.storage.database import is_postgres_url, open_database, resolve_target, sqlite_path
    from models.storage.file_check import examine_file

    try:
        open_database(args.db, read_only=args.read_only, lang=creation_language(args), create=False)
    except (ReadOnlyError, SchemaTooNew):
        raise
    except DatabaseError:
        target = resolve_target(args.db)
        path = None if is_postgres_url(target) else sqlite_path(target)
        findings = examine_file(path) if path is not None and path.is_file() else []
        if not findings:
            raise
        return str(path), findings
    return None


def cmd_check(args: argparse.Namespace, ctx: CliContext) -> int:
    """Check integrity, foreign keys and the domain rules; exit 1 when anything is wrong."""
    from models.storage.database import current_info
    from models.storage.maintenance import check_database

    damaged = _open_for_check(args)
    if damaged is not None:
        location, findings = damaged
        if args.json:
            print_json(
                {
                    "healthy": False,
                    "problems": findings,
                    "findings": [],
                    "findings_left_off": 0,
                    "warnings": [],
                    "warnings_left_off": 0,
                    "counts": {},
                    "database": location,
                }
            )
        else:
            print(
                _("Problems found in {printable_location} (it cannot be opened):").format(
                    printable_location=printable(location)
                ),
                file=sys.stderr,
            )
            for finding in findings:
                print(
                    f"  - {printable(finding)}",
                    file=sys.stderr,
                )
        return 1
    if args.repair:
        _repair(args)
    result = check_database()
    info = current_info()
    if info.kind == "sqlite":
        from models.storage.file_check import header_findings

        result.problems[:0] = header_findings(Path(info.location))
    if args.json:
        print_json(
            {
                "healthy": result.healthy,
                "problems": result.problems,
                "findings": result.findings,
                "findings_left_off": result.findings_left_off,
                "warnings": result.warnings,
                "warnings_left_off": result.warnings_left_off,
                "counts": result.counts,
                "database": info.location,
            }
        )
        return 0 if result.healthy else 1
    if result.healthy:
        counts = result.counts
        print(
            _(
                "Healthy: {printable_info_location} passed {result_checked} ({counts_deals} deals, {counts_deleted_deals} deleted, {counts_events} history events, {counts_phases} phases)."
            ).format(
                printable_info_location=printable(info.location),
                result_checked=MODELS.gettext(result.checked),
                counts_deals=counts["deals"],
                counts_deleted_deals=counts["deleted_deals"],
                counts_events=counts["events"],
                counts_phases=counts["phases"],
            )
        )
    else:
        print(
            _("Problems found in {printable_info_location}:").format(
                printable_info_location=printable(info.location)
            ),
            file=sys.stderr,
        )
        for problem in result.problems:
            print(
                f"  - {printable(problem)}",
                file=sys.stderr,
            )
    out = sys.stdout if result.healthy else sys.stderr
    _print_warnings(result.warnings, result.warnings_left_off, out)
    return 0 if result.healthy else 1


def _repair(args: argparse.Namespace) -> None:
    """``check --repair``: count the derived data (the report tallies) afresh, then check."""
    from models.storage.tally_check import repair_tallies

    if args.read_only:
        raise DealboardError(
            _("The database is open read-only (--read-only); nothing was changed.")
        )
    if repair_tallies():
        print(_("Counted the report tallies afresh from the deals."), file=sys.stderr)
    else:
        print(
            _(
                "The report tallies were not counted: this machine does not know the database's"
                " time zone."
            ),
            file=sys.stderr,
        )


def _print_warnings(warnings: list[dict[str, object]], left_off: int, out: TextIO) -> None:
    """Owners that may be one person: listed after the verdict, which they do not change."""
    if not warnings:
        return
    print(_("Owners that may be the same person (a warning, not a problem):"), file=out)
    for warning in warnings:
        print(
            f"  - {printable(warning['message'])}",
            file=out,
        )
    if left_off:
        print(_("  … and {left_off} more.").format(left_off=left_off), file=out)


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> None:
    """Copy the database online to FILE and verify the copy."""
    from models.storage.maintenance import backup_database

    with progress_bar(ctx, _("Backing up")) as progress:
        counts = backup_database(args.file, overwrite=args.force, progress=progress)
    if args.json:
        print_json({"backup": args.file, "counts": counts})
    else:
        print(
            _(
                "Backup written and verified: {args_file} ({counts_deal} deals, {counts_deal_event} history events)."
            ).format(
                args_file=args.file,
                counts_deal=counts["deal"],
                counts_deal_event=counts["deal_event"],
            )
        )


def cmd_init(args: argparse.Namespace, ctx: CliContext) -> None:
    """Create a database, optionally shared by a group of users on this server."""
    from models.storage.database import is_postgres_url, resolve_target, sqlite_path

    target = resolve_target(args.db)
    if is_postgres_url(target):
        raise DealboardError(
            _("init prepares SQLite files; a PostgreSQL database is set up in psql.")
        )
    path = sqlite_path(target)
    if args.shared:
        from models.storage.shared import init_shared

        setup = init_shared(path, args.shared, lang=creation_language(args))
        done = (
            _("Created database {path}")
            if setup.created
            else _("Kept the existing database {path}")
        ).format(path=setup.database)
        print(
            _(
                '{done}, shared by group {group} (directory 2770, file 0660). Point users at it with DEALBOARD_DB={path} or db = "..." in /etc/dealboard.toml.'
            ).format(done=done, group=setup.group, path=setup.database),
            file=sys.stderr,
        )
    else:
        from models.storage.database import current_info, open_database

        open_database(path, lang=creation_language(args))
        done = (
            _("Created database {path}")
            if current_info().created
            else _("Kept the existing database {path}")
        ).format(path=path)
        print(f"{done}.", file=sys.stderr)
    print(path)


def register(commands: Any, add: AddParser) -> None:
    """Add `init`, `demo`, `check` and `backup` to the parser."""
    sub = add(commands, "init", _("create a database; --shared GROUP sets it up for a team"))
    sub.set_defaults(handler=cmd_init, writes=True, needs_db=False)
    sub.add_argument(
        "--shared",
        metavar="GROUP",
        help=_(
            "a directory of the database's own (created, or holding only its files) made"
            " 2770 and the file 0660, owned by GROUP"
        ),
    )

    sub = add(commands, "demo", _("write a demo database full of realistic deals"))
    sub.set_defaults(handler=cmd_demo, writes=True, needs_db=False)
    sub.add_argument(
        "--deals", type=plain_integer, default=2000, metavar="N", help=_("default: 2000")
    )
    sub.add_argument(
        "--seed", type=plain_integer, default=1, metavar="S", help=_("same seed, same data")
    )
    sub.add_argument("--force", action="store_true", help=_("replace an existing file"))

    sub = add(commands, "check", _("check the database's integrity and foreign keys"))
    sub.set_defaults(handler=cmd_check, writes=False, needs_db=False)
    sub.add_argument("--json", action="store_true")
    sub.add_argument(
        "--repair",
        action="store_true",
        help=_("first count the report tallies afresh (derived data) from the deals"),
    )

    sub = add(commands, "backup", _("copy the database online to FILE, verified"))
    sub.set_defaults(handler=cmd_backup, writes=False)
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--force", action="store_true", help=_("replace an existing FILE"))
    sub.add_argument("--json", action="store_true")
