"""Why a figure is what it is: every SQL statement of an operation, its time and query plan.

``python -m tests.bench.plans DB [--profile]`` runs the board's load, the report, the
detail screen's load and a phase move (rolled back) on a database, records each statement
SQLite executed (with its parameters, through the connection's trace callback), runs each
again on a separate connection to time it alone, and prints its ``EXPLAIN QUERY PLAN``.
``--profile`` adds the top functions of a ``cProfile`` of each operation, and the slowest
imports of the app's start (``python -X importtime``). Not a figure: evidence for the
optimisations the figures call for.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench.common import PYTHON, REPO, child_env


def traced(fn: Callable[[], Any]) -> tuple[float, list[str]]:
    """Run ``fn``; return its wall time and the statements it executed."""
    from models.storage.schema import database_proxy

    statements: list[str] = []
    conn = database_proxy.obj.connection()
    conn.set_trace_callback(statements.append)
    try:
        started = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - started
    finally:
        conn.set_trace_callback(None)
    return elapsed, statements


def explain(db: Path, statements: list[str]) -> list[tuple[float, int, str, list[str]]]:
    """Time each SELECT alone and return (seconds, rows, sql, plan lines), slowest first."""
    conn = sqlite3.connect(db)
    out = []
    try:
        for sql in dict.fromkeys(statements):  # each distinct statement once
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            started = time.perf_counter()
            rows = len(conn.execute(sql).fetchall())
            seconds = time.perf_counter() - started
            plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            out.append((seconds, rows, sql, plan))
    finally:
        conn.close()
    return sorted(out, key=lambda item: -item[0])


def profile(fn: Callable[[], Any], limit: int = 12) -> str:
    """The top functions of ``fn`` by cumulative time."""
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(limit)
    lines = text.getvalue().splitlines()
    start = next((n for n, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(lines[start:])


def slow_imports(code: str, limit: int = 12) -> list[tuple[int, str]]:
    """The imports of ``python -c code`` with the largest cumulative time (microseconds)."""
    done = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and len(match.group(3)) <= 3:  # top-level imports and their direct children
            rows.append((int(match.group(2)), match.group(4)))
    return sorted(rows, reverse=True)[:limit]


def operations() -> dict[str, Callable[[], Any]]:
    """The operations behind the figures, on the open database."""
    from models.operations import deals
    from models.queries.board import load_board
    from models.reports.management import build_report
    from models.storage.schema import Deal, database_proxy
    from tui.screens.detail_data import load_detail

    longest = (
        Deal.select(Deal.id)
        .where(Deal.deleted_at.is_null())
        .order_by(Deal.version.desc())
        .limit(1)
        .scalar()
    )
    moving = Deal.select(Deal.id).where(Deal.status == "open", Deal.deleted_at.is_null()).scalar()

    def move() -> None:
        db = database_proxy.obj
        with db.atomic() as transaction:
            try:
                deals.step_deal(moving, 1, actor="bench")
            except deals.RuleError:
                deals.step_deal(moving, -1, actor="bench")
            transaction.rollback()

    return {
        "board: load_board('open')": lambda: load_board("open"),
        "report: build_report()": build_report,
        f"detail: load_detail({longest}) (the deal with the longest history)": lambda: load_detail(
            longest
        ),
        "move: step_deal (rolled back)": move,
    }


def main() -> None:
    """Print the statements, times and plans of each operation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--profile", action="store_true", help="add cProfile and import times")
    args = parser.parse_args()
    from models.storage.database import open_database

    open_database(args.db)
    for name, fn in operations().items():
        elapsed, statements = traced(fn)
        print(f"\n=== {name}: {elapsed * 1000:.1f} ms, {len(statements)} statements")
        for seconds, rows, sql, plan in explain(args.db, statements):
            shown = sql if len(sql) <= 400 else sql[:400] + " …"
            print(f"\n-- {seconds * 1000:.1f} ms, {rows} rows: {shown}")
            for line in plan:
                print(f"   {line}")
        if args.profile:
            print(f"\n--- cProfile of {name}\n{profile(fn)}")
    if args.profile:
        for code in ("import tui.cli.main", "import tui.app, tui.screens.board"):
            print(f"\n=== slowest imports of `{code}` (cumulative µs)")
            for micros, module in slow_imports(code):
                print(f"   {micros:>9,}  {module}")


if __name__ == "__main__":
    main()
