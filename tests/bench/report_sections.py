"""Where the report's time goes: each section's SQL beside the floor's SQL for the same numbers.

``python -m tests.bench.report_sections DB --runs N`` builds the report in this process
``N`` times (``models.reports.management.build_report``) and times every statement it runs,
by the function that asked for it (every report query goes through ``ReportSql._rows``, so
the caller's name is the section: ``pipeline``, ``reached``, ``reasons_by_phase``, …). Then it
runs ``report_floor.sql`` through Python's ``sqlite3`` module, statement by statement, timed
by the section the statement's first column names. It prints the medians as JSON: the whole
``build_report``, what of it was Python, and each section of both. ``--cpu`` times with this
process's CPU time instead of the wall clock, which a busy machine disturbs less.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from tests.bench.common import median

FLOOR_SQL = Path(__file__).with_name("report_floor.sql")
SECTION_NAME = re.compile(r"SELECT\s+'(\w+)'")
clock = time.perf_counter  # or time.process_time, with --cpu


def floor_statements() -> list[tuple[str, str]]:
    """The floor's statements with the section each one reports (its first literal)."""
    code = "\n".join(
        line
        for line in FLOOR_SQL.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith(("--", "."))
    )
    statements = []
    for sql in code.split(";"):
        if sql.strip():
            match = SECTION_NAME.search(sql)
            statements.append((match.group(1) if match else "other", sql))
    return statements


def time_floor(db: Path, runs: int) -> dict[str, list[float]]:
    """Each floor section's seconds per run (a new connection per run, like the shell)."""
    seconds: dict[str, list[float]] = defaultdict(list)
    statements = floor_statements()
    for _ in range(runs):
        conn = sqlite3.connect(db)
        per_run: dict[str, float] = defaultdict(float)
        try:
            for name, sql in statements:
                started = clock()
                conn.execute(sql).fetchall()
                per_run[name] += clock() - started
        finally:
            conn.close()
        for name, value in per_run.items():
            seconds[name].append(value)
    return seconds


def time_report(db: Path, runs: int) -> dict[str, Any]:
    """Build the report ``runs`` times; the whole, and each section's SQL, per run."""
    from models.reports.management import build_report
    from models.reports.sql import ReportSql
    from models.storage.database import open_database

    open_database(db, read_only=True)
    original = ReportSql._rows
    per_run: dict[str, float] = defaultdict(float)

    def timed_rows(self: ReportSql, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        caller = sys._getframe(1).f_code.co_name
        started = clock()
        try:
            return original(self, sql, params)
        finally:
            per_run[caller] += clock() - started

    ReportSql._rows = timed_rows  # type: ignore[method-assign]
    totals: list[float] = []
    sections: dict[str, list[float]] = defaultdict(list)
    python: list[float] = []
    try:
        for _ in range(runs):
            per_run.clear()
            started = clock()
            build_report()
            totals.append(clock() - started)
            python.append(totals[-1] - sum(per_run.values()))
            for name, value in per_run.items():
                sections[name].append(value)
    finally:
        ReportSql._rows = original  # type: ignore[method-assign]
    return {"total": totals, "python": python, "sections": dict(sections)}


def main() -> None:
    """Parse the arguments, time both, print the medians (seconds) as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of wall time")
    args = parser.parse_args()
    global clock
    if args.cpu:
        clock = time.process_time
    report = time_report(args.db, args.runs)
    floor = time_floor(args.db, args.runs)
    print(
        json.dumps(
            {
                "build_report": median(report["total"]),
                "python": median(report["python"]),
                "sections": {name: median(v) for name, v in report["sections"].items()},
                "floor": {name: median(v) for name, v in floor.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
