"""`dealboard copy --to DB`: everything into a new SQLite file or PostgreSQL database, verified.

This is how a team moves from one file to PostgreSQL: phases (order, archived), reasons,
settings, deals and their whole history with actors and times go across with their ids,
in one transaction on the target (``models.storage.copy``). Before that transaction
commits, the management report (``report --format json``) is built on both databases and
compared (rows and numbers of every section; see ``unordered``); a copy whose report differs
is undone, so a copy that exists is a verified one.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import operator
import os
from collections.abc import Callable
from typing import Any

import peewee

from models.domain.errors import DealboardError
from models.reports.management import ReportFilter, build_report, report_to_json
from models.storage.copy import CopySummary, bound_to, copy_database
from models.storage.pg_url import Secrets, has_password, url_secrets
from tui.cli.admin import progress_bar
from tui.cli.context import EXIT_USAGE, CliContext
from tui.i18n import N_, _
from tui.output import hide_secrets, print_error, printable

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]
COPY_TO_ENV = "DEALBOARD_COPY_TO"
PASSWORD_IN_TO = N_(
    "A password in --to would be visible to every user of this machine (in ps) while"
    " dealboard runs; keep it in ~/.pgpass or PGPASSWORD and leave it out of the URL, or set"
    " the whole URL in {variable} instead of --to."
)
NO_TARGET = N_(
    "Say where to copy to: --to PATH_OR_URL, or the URL in {variable} when it carries a password."
)


class CopyMismatch(DealboardError):
    """The copy's report differs from the source's; the copy was undone."""


def unordered(node: Any) -> Any:
    """``node`` with every list sorted, so only rows and numbers are compared, not their order.

    Rows tied on a count are listed by name, and PostgreSQL sorts names by its collation
    (``acme`` before ``Zeta`` in most locales) where SQLite sorts by code point: the same
    rows, in another order. Phase order is data, and the copy keeps it row for row.
    """
    if isinstance(node, dict):
        return {key: unordered(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [unordered(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return node


def differing_sections(mine: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """The top-level report sections (``pipeline``, ``funnel``, …) whose rows or numbers differ."""
    keys = list(mine) + [key for key in theirs if key not in mine]
    return [key for key in keys if unordered(mine.get(key)) != unordered(theirs.get(key))]


def report_check(today: dt.date) -> Callable[[peewee.Database, peewee.Database], None]:
    """A check for ``copy_database``: both databases must give the same ``report`` JSON."""

    def check(source: peewee.Database, target: peewee.Database) -> None:
        flt = ReportFilter(today=today)
        with bound_to(source):
            mine = report_to_json(build_report(flt))
        with bound_to(target):
            theirs = report_to_json(build_report(flt))
        differ = differing_sections(mine, theirs)
        if differ:
            raise CopyMismatch(
                _(
                    "The copy was undone: its report differs from this database's in {sections};"
                    " the target is as it was."
                ).format(sections=", ".join(differ))
            )

    return check


def copy_target(args: argparse.Namespace) -> str | None:
    """The database to copy to: ``--to``, else ``DEALBOARD_COPY_TO``; None when neither."""
    given = (args.to or "").strip()
    return given or os.environ.get(COPY_TO_ENV, "").strip() or None


def _hide_passwords(args: argparse.Namespace, target: str) -> None:
    """Keep the passwords of the source and the target out of every message."""
    from models.storage.config import configured_database

    targets = [args.db or "", os.environ.get("DEALBOARD_DB", ""), target]
    with contextlib.suppress(DealboardError, OSError):
        targets.append(configured_database() or "")
    hide_secrets(functools.reduce(operator.or_, map(url_secrets, targets), Secrets()))


def summary_line(summary: CopySummary) -> str:
    """One line: what was copied where (the target without its password)."""
    counts = summary.counts
    return _(
        "Copied {phases} phases, {reasons} reasons, {settings} settings, {people} people,"
        " {deals} deals and {events} history rows to {location}; both give the same report."
    ).format(
        phases=counts.get("phase", 0),
        reasons=counts.get("reason", 0),
        settings=counts.get("setting", 0),
        people=counts.get("person", 0),
        deals=counts.get("deal", 0),
        events=counts.get("deal_event", 0),
        location=printable(summary.location),
    )


def cmd_copy(args: argparse.Namespace, ctx: CliContext) -> int:
    """Copy the whole database into an empty one and verify both give the same report."""
    if args.to and has_password(args.to):
        print_error(_(PASSWORD_IN_TO).format(variable=COPY_TO_ENV))
        return EXIT_USAGE
    target = copy_target(args)
    if target is None:
        print_error(_(NO_TARGET).format(variable=COPY_TO_ENV))
        return EXIT_USAGE
    _hide_passwords(args, target)
    today = dt.datetime.now(dt.UTC).date()  # one day for both reports, also at midnight
    with progress_bar(ctx, _("Copying")) as progress:
        summary = copy_database(target, progress=progress, check=report_check(today))
    print(summary_line(summary))
    return 0


def register(commands: Any, add: AddParser) -> None:
    """Add `dealboard copy` to the parser."""
    sub = add(
        commands,
        "copy",
        _(
            "copy everything (phases, reasons, settings, deals, history) into a new SQLite file"
            " or an empty PostgreSQL database, and verify both give the same report"
        ),
    )
    sub.set_defaults(handler=cmd_copy, writes=False)
    sub.add_argument(
        "--to",
        metavar="PATH_OR_URL",
        help=_(
            "a new file, sqlite:///path or postgresql://user@host/db (empty, or only a new database's defaults; a password goes in ~/.pgpass, PGPASSWORD or {copy_to_env}, never here)"
        ).format(copy_to_env=COPY_TO_ENV),
    )
