"""`dealboard report --as-of YYYY-MM-DD`: the pipeline at the end of a past day, from history."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from models.domain.errors import ValidationError
from models.domain.i18n import current_language, format_whole_percent
from models.domain.money import format_money
from models.operations.settings import get_settings
from models.reports.as_of import AsOfReport, as_of_csv, as_of_to_json, build_as_of, check_as_of
from models.reports.management import make_filter
from tui.i18n import N_, _
from tui.output import print_json, printable, table

# How a report's title names each filter it was made with (here and in tui.cli.report).
FILTER_WORDS = {"from": N_("from"), "to": N_("to"), "owner": N_("owner"), "source": N_("source")}


def print_as_of_table(report: AsOfReport, out: TextIO) -> None:
    """Print the as-of pipeline as one titled, aligned table with its total."""
    values = get_settings()

    def money(cents: int) -> str:
        return format_money(cents, values["currency"], current_language())

    scope = [
        f"{_(FILTER_WORDS.get(key, key))} {value}"
        for key, value in report["filters"].items()
        if value is not None
    ]
    scope_text = f" ({printable(', '.join(scope))})" if scope else ""
    out.write(
        _("Pipeline at the end of {day}{scope}").format(day=report["as_of"], scope=scope_text)
        + "\n\n"
    )
    rows: list[list[object]] = [
        [
            r["phase"],
            format_whole_percent(r["probability"]),
            r["open_count"],
            money(r["open_value"]),
            money(r["weighted_value"]),
        ]
        for r in report["pipeline"]["phases"]
    ]
    total = report["pipeline"]["total"]
    rows.append(
        [
            _("Total"),
            "",
            total["open_count"],
            money(total["open_value"]),
            money(total["weighted_value"]),
        ]
    )
    table(
        [_("Phase"), _("Prob."), _("Open"), _("Value"), _("Weighted")],
        rows,
        right=(1, 2, 3, 4),
        out=out,
    )
    out.write(
        "\n"
        + _(
            "Rebuilt from the history: each deal's phase, status, value and override as they were"
            "\nthat day; phase probabilities as configured today."
        )
        + "\n"
    )


def run_as_of(args: argparse.Namespace) -> None:
    """Print the pipeline at the end of ``args.as_of`` in the chosen format."""
    if args.date_from or args.date_to:
        raise ValidationError(
            "as_of", _("--as-of shows the open deals of one day; --from and --to do not apply.")
        )
    day = check_as_of(args.as_of)
    flt = make_filter(owner=args.owner, source=args.source)  # refuses an unknown owner/source
    report = build_as_of(day, flt.owner, flt.source)
    if args.format == "json":
        print_json(as_of_to_json(report))
    elif args.format == "csv":
        sys.stdout.write(as_of_csv(report))
    else:
        print_as_of_table(report, sys.stdout)
