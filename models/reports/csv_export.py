"""The management information as CSV: one long table with a ``section`` column.

Every number of the report is one row ``section, name, metric, value`` — for example
``calibration, Proposal, actual_win_rate, 0.6743`` — so a spreadsheet can filter on the
section and pivot on name and metric. Amounts are exact decimal strings, rates 0–1 or empty.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from typing import Any

from models.domain.errors import ValidationError
from models.reports.management import report_to_json
from models.reports.sections import SECTIONS, Report, Section

HEADER = ("section", "name", "metric", "value")

# The sections that are one list of rows in the JSON → the key that names each row.
LISTED = {
    Section.OUTCOMES_BY_PHASE: "phase",
    Section.FUNNEL: "phase",
    Section.CALIBRATION: "phase",
    Section.CONVERSION: "phase",  # its next_phase is a metric of the row
    Section.TIME_IN_PHASE: "phase",
    Section.COMPETITORS: "competitor",
    Section.FORECAST: "month",
    Section.TREND: "month",
}

# The metrics of a per-phase reason or competitor row; its name says phase, reason, outcome.
COUNTED = ("count", "value")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _items(section: str, name: str, row: dict[str, Any], skip: str) -> Iterator[tuple[str, ...]]:
    for metric, value in row.items():
        if metric != skip:
            yield (section, name, metric, _cell(value))


def report_rows(report: Report, sections: Iterable[str] | None = None) -> list[tuple[str, ...]]:
    """Flatten a report (from ``build_report``) into CSV rows, optionally of some sections."""
    data = report_to_json(report)
    wanted = set(SECTIONS if sections is None else sections)
    unknown = wanted - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown report sections: {', '.join(sorted(unknown))}")
    rows: list[tuple[str, ...]] = []
    for section in SECTIONS:
        if section not in wanted:
            continue
        name = section.value
        if section is Section.PIPELINE:
            for row in data["pipeline"]["phases"]:
                rows += _items(name, row["phase"], row, "phase")
            rows += _items(name, "total", data["pipeline"]["total"], "")
        elif section in LISTED:
            label = LISTED[section]
            for row in data[name]:
                rows += _items(name, _cell(row[label]), row, label)
            if section is Section.FORECAST:
                rows += _items(name, "no date", data["forecast_undated"], "")
        elif section is Section.REASONS:
            for row in data["reasons"]:
                reason = row["reason"] if row["reason"] is not None else "(no reason)"
                rows += _items(name, f"{reason} ({row['outcome']})", row, "reason")
        elif section is Section.REASONS_BY_PHASE:
            for row in data[name]:
                reason = row["reason"] if row["reason"] is not None else "(no reason)"
                label = f"{row['phase']}: {reason} ({row['outcome']})"
                rows += [(name, label, metric, _cell(row[metric])) for metric in COUNTED]
        elif section is Section.COMPETITORS_BY_PHASE:
            for row in data[name]:
                label = f"{row['phase']}: {row['competitor']}"
                rows += [(name, label, metric, _cell(row[metric])) for metric in COUNTED]
        elif section in (Section.FORECAST_ACCURACY, Section.CORRECTIONS):
            rows += _items(name, "closed deals", data[name], "")
        elif section is Section.OVERDUE:
            rows += _items(name, "open deals", data["overdue"], "")
        elif section is Section.WIN_RATE:
            rows += _items(name, "overall", data["win_rate"]["overall"], "")
            for row in data["win_rate"]["by_owner"]:
                rows += _items(name, f"owner: {row['owner']}", row, "owner")
            for row in data["win_rate"]["by_source"]:
                rows += _items(name, f"source: {row['source']}", row, "source")
        elif section is Section.DAYS_TO_CLOSE:
            days = data["days_to_close"]
            rows.append((name, "closed deals", "average", _cell(days["average"])))
            for group in ("owner", "source", "phase"):
                for row in days[f"by_{group}"]:
                    rows += _items(name, f"{group}: {row[group]}", row, group)
    return rows


def report_csv(report: Report, sections: Iterable[str] | None = None) -> str:
    """Return the report (or some sections) as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for row in report_rows(report, sections):
        # Names are user text (phases, reasons, owners): never let a spreadsheet run them.
        writer.writerow([_neutralise(cell) for cell in row])
    return buffer.getvalue()


def _neutralise(cell: str) -> str:
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def write_report_csv(
    path: str | os.PathLike[str],
    report: Report,
    sections: Iterable[str] | None = None,
    *,
    overwrite: bool = False,
) -> str:
    """Write the report (or some sections) to a CSV file, whole or not at all; return its path.

    The file is written beside the target under an unpredictable temporary name, given the
    database file's mode (never wider) and put in place (see ``models.storage.safe_files``).
    """
    from models.storage.safe_files import (
        FileSafetyError,
        check_destination,
        data_file_mode,
        os_problem,
        write_text_file,
    )

    try:
        target = check_destination(path, overwrite=overwrite, what="export", replace_hint="")
        text = report_csv(report, sections)
        write_text_file(target, text, mode=data_file_mode(), overwrite=overwrite, replace_hint="")
    except FileSafetyError as exc:
        raise ValidationError("path", str(exc)) from exc
    except OSError as exc:
        raise ValidationError("path", os_problem(exc, path)) from exc
    return str(target)
