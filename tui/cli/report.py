"""`dealboard report`: the management information as aligned tables, CSV or JSON on stdout."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO

from models.domain.i18n import current_language, format_measure, format_rate, format_whole_percent
from models.domain.money import format_money
from models.domain.status import STATUS_LABELS
from models.operations.settings import get_settings
from models.reports.csv_export import report_csv
from models.reports.management import build_report, make_filter, report_to_json
from models.reports.sections import Report
from models.reports.trend import DEFAULT_MONTHS, MAX_MONTHS
from tui.cli.context import CliContext
from tui.cli.report_as_of import FILTER_WORDS, run_as_of
from tui.cli.report_trend import print_trend
from tui.i18n import _, ngettext
from tui.output import print_json, printable, table

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]


def percent(rate: float | None) -> str:
    """A rate 0–1 as ``48.5%`` (``48,5 %`` in Dutch); a dash when nothing is behind it."""
    return "–" if rate is None else format_rate(rate)


def interval_text(low: float | None, high: float | None) -> str:
    """An interval of rates as ``6.1–79.2%``; a dash when nothing is behind it."""
    if low is None or high is None:
        return "–"
    low_text = format_rate(low).removesuffix("%").rstrip()
    return f"{low_text}–{format_rate(high)}"


def print_tables(report: Report, out: TextIO) -> None:
    """Print every section as a titled, aligned table."""
    values = get_settings()

    def money(cents: int) -> str:
        return format_money(cents, values["currency"], current_language())

    def title(text: str) -> None:
        out.write(f"\n{text}\n")

    flt = report["filters"]
    scope = [
        f"{_(FILTER_WORDS.get(k, k))} {v}"
        for k, v in flt.items()
        if v is not None and k != "min_deals"
    ]
    scope_text = f" ({printable(', '.join(scope))})" if scope else ""
    out.write(_("Management information{scope}").format(scope=scope_text) + "\n")

    title(_("Pipeline now (open deals)"))
    pipeline = report["pipeline"]
    rows = [
        [
            r["phase"],
            format_whole_percent(r["probability"]),
            r["open_count"],
            money(r["open_value"]),
            money(r["weighted_value"]),
        ]
        for r in pipeline["phases"]
    ]
    total = pipeline["total"]
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

    title(_("Won and lost by phase at close"))
    table(
        [_("Phase"), _("Prob."), _("Won"), _("Won value"), _("Lost"), _("Lost value")],
        [
            [
                r["phase"],
                format_whole_percent(r["probability"]),
                r["accepted_count"],
                money(r["accepted_value"]),
                r["rejected_count"],
                money(r["rejected_value"]),
            ]
            for r in report["outcomes_by_phase"]
        ],
        right=(1, 2, 3, 4, 5),
        out=out,
    )

    title(_("Funnel (deals that reached each phase)"))
    table(
        [_("Phase"), _("Reached"), _("Share")],
        [[r["phase"], r["reached"], percent(r["share"])] for r in report["funnel"]],
        right=(1, 2),
        out=out,
    )

    title(
        _("Calibration (configured vs actual; * = fewer than {count} deals)").format(
            count=flt["min_deals"]
        )
    )
    table(
        [
            _("Phase"),
            _("Configured"),
            _("Actual"),
            _("Won"),
            _("Closed"),
            _("95% interval"),
            _("Outside"),
        ],
        [
            [
                r["phase"],
                format_whole_percent(r["probability"]),
                percent(r["actual_win_rate"]) + ("*" if r["too_few"] else ""),
                r["won"],
                r["closed"],
                interval_text(r["interval_low"], r["interval_high"]),
                {None: "–", True: _("yes"), False: _("no")}[r["outside"]],
            ]
            for r in report["calibration"]
        ],
        right=(1, 2, 3, 4, 5),
        out=out,
    )

    print_flow(report, out)

    title(_("Reasons"))
    table(
        [_("Reason"), _("Outcome"), _("Deals"), _("Value")],
        [
            [
                r["reason"] or _("(no reason)"),
                STATUS_LABELS[r["outcome"]],
                r["count"],
                money(r["value"]),
            ]
            for r in report["reasons"]
        ],
        limits={0: 40},
        right=(2, 3),
        out=out,
    )

    title(_("Lost to competitors"))
    table(
        [_("Competitor"), _("Deals"), _("Value")],
        [[r["competitor"], r["count"], money(r["value"])] for r in report["competitors"]],
        limits={0: 40},
        right=(1, 2),
        out=out,
    )

    title(_("Closed by phase: outcome and reason"))
    table(
        [_("Phase"), _("Outcome"), _("Reason"), _("Deals"), _("Value")],
        [
            [
                r["phase"],
                STATUS_LABELS[r["outcome"]],
                r["reason"] or _("(no reason)"),
                r["count"],
                money(r["value"]),
            ]
            for r in report["reasons_by_phase"]
        ],
        limits={0: 24, 2: 30},
        right=(3, 4),
        out=out,
    )

    title(_("Lost to competitors by phase"))
    table(
        [_("Phase"), _("Competitor"), _("Deals"), _("Value")],
        [
            [r["phase"], r["competitor"], r["count"], money(r["value"])]
            for r in report["competitors_by_phase"]
        ],
        limits={0: 24, 1: 30},
        right=(2, 3),
        out=out,
    )

    title(_("Forecast (open deals by expected close month)"))
    undated = report["forecast_undated"]
    rows = [[r["month"], r["open_count"], money(r["weighted_value"])] for r in report["forecast"]]
    rows.append([_("no date"), undated["open_count"], money(undated["weighted_value"])])
    table([_("Month"), _("Open"), _("Weighted")], rows, right=(1, 2), out=out)
    overdue = report["overdue"]
    out.write(
        ngettext(
            "Overdue: {count} open deals past their expected close date,"
            " value {value}, weighted {weighted}.",
            "Overdue: {count} open deals past their expected close date,"
            " value {value}, weighted {weighted}.",
            overdue["count"],
        ).format(
            count=overdue["count"],
            value=money(overdue["value"]),
            weighted=money(overdue["weighted_value"]),
        )
        + "\n"
    )

    title(_("Win rate"))
    win = report["win_rate"]
    overall = win["overall"]
    out.write(
        _("Overall: {rate} ({won} won of {closed} closed)").format(
            rate=percent(overall["rate"]), won=overall["won"], closed=overall["closed"]
        )
        + "\n"
    )
    groups = (
        (_("Owner"), [(r["owner"], r["rate"], r["won"], r["closed"]) for r in win["by_owner"]]),
        (_("Source"), [(r["source"], r["rate"], r["won"], r["closed"]) for r in win["by_source"]]),
    )
    for label, rates in groups:
        out.write("\n")
        table(
            [label, _("Rate"), _("Won"), _("Closed")],
            [
                [name or _("(none)"), percent(rate), won, closed]
                for name, rate, won, closed in rates
            ],
            limits={0: 30},
            right=(1, 2, 3),
            out=out,
        )
    average = report["days_to_close"]["average"]
    out.write(
        "\n"
        + _("Average days from creation to close: {days}").format(days=format_measure(average))
        + "\n"
    )
    days = report["days_to_close"]
    days_groups: tuple[tuple[str, list[tuple[str, int, float]]], ...] = (
        (_("Owner"), [(r["owner"], r["closed"], r["average"]) for r in days["by_owner"]]),
        (_("Source"), [(r["source"], r["closed"], r["average"]) for r in days["by_source"]]),
        (_("Phase"), [(r["phase"], r["closed"], r["average"]) for r in days["by_phase"]]),
    )
    for label, group_rows in days_groups:
        out.write("\n")
        table(
            [label, _("Closed"), _("Avg. days")],
            [
                [name or _("(none)"), closed, format_measure(mean)]
                for name, closed, mean in group_rows
            ],
            limits={0: 30},
            right=(1, 2),
            out=out,
        )

    title(_("Forecast accuracy (won deals with an expected close date)"))
    accuracy = report["forecast_accuracy"]
    slip = accuracy["average_slip_days"]
    out.write(
        _(
            "{late} of {dated} closed after their expected date, on average {days} days late."
        ).format(
            late=accuracy["won_late"],
            dated=accuracy["won_with_date"],
            days=format_measure(slip),
        )
        + "\n"
    )
    fixes = report["corrections"]
    title(_("Corrections"))
    out.write(
        _("Outcomes undone (reopened): {reopened}; corrected (switched): {switched}.").format(
            reopened=fixes["reopened"], switched=fixes["switched"]
        )
        + "\n"
    )
    print_trend(report, out)


def print_flow(report: Report, out: TextIO) -> None:
    """Print the conversion to the next phase and the days spent in each phase."""
    out.write(
        "\n"
        + _("Conversion (of the deals that reached a phase, those that reached the next)")
        + "\n"
    )
    table(
        [_("Phase"), _("Next phase"), _("Reached"), _("Reached next"), _("Rate")],
        [
            [r["phase"], r["next_phase"], r["reached"], r["reached_next"], percent(r["rate"])]
            for r in report["conversion"]
        ],
        limits={0: 24, 1: 24},
        right=(2, 3, 4),
        out=out,
    )
    out.write(
        "\n"
        + _("Days in phase (per deal, all its stays; open deals up to the end of today)")
        + "\n"
    )
    table(
        [_("Phase"), _("Deals"), _("Avg. days"), _("Median days")],
        [
            [
                r["phase"],
                r["deals"],
                format_measure(r["average_days"]),
                format_measure(r["median_days"]),
            ]
            for r in report["time_in_phase"]
        ],
        limits={0: 24},
        right=(1, 2, 3),
        out=out,
    )


def cmd_report(args: argparse.Namespace, ctx: CliContext) -> None:
    """Print the management information."""
    if args.as_of is not None:
        run_as_of(args)
        return
    flt = make_filter(
        args.date_from, args.date_to, args.owner, args.source, args.min_deals, months=args.months
    )
    report = build_report(flt)
    if args.format == "json":
        print_json(report_to_json(report))
    elif args.format == "csv":
        sys.stdout.write(report_csv(report))
    else:
        print_tables(report, sys.stdout)


def register(commands: Any, add: AddParser) -> None:
    """Add `dealboard report` to the parser."""
    sub = add(
        commands, "report", _("management information: where deals are won and lost, and why")
    )
    sub.set_defaults(handler=cmd_report, writes=False)
    sub.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sub.add_argument(
        "--from",
        dest="date_from",
        metavar="YYYY-MM-DD",
        help=_("closed on or after this day (in the database's time zone)"),
    )
    sub.add_argument(
        "--to",
        dest="date_to",
        metavar="YYYY-MM-DD",
        help=_("closed on or before this day (in the database's time zone)"),
    )
    sub.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help=_("only the pipeline as it stood at the end of this day, rebuilt from history"),
    )
    sub.add_argument("--owner", help=_("only this owner's deals"))
    sub.add_argument("--source", help=_("only deals from this source"))
    sub.add_argument(
        "--min-deals",
        default="10",
        metavar="N",
        help=_("calibration rates behind fewer deals are flagged (default 10)"),
    )
    sub.add_argument(
        "--months",
        default=str(DEFAULT_MONTHS),
        metavar="N",
        help=_(
            "months in the trend, ending with this one (1–{most}, default {default};"
            " with --from/--to the period's months, at most N)"
        ).format(most=MAX_MONTHS, default=DEFAULT_MONTHS),
    )
