"""What every benchmark module shares: the run's settings, a figure, medians and child processes."""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

# The figures in table order: the name ``--only`` takes, and the words every row of that
# figure starts with (the CI test checks that each of them is printed).
FIGURES: dict[str, str] = {
    "generate": "bulk generation",
    "startup": "cold start to the first painted board",
    "move": "move a deal one phase",
    "detail": "open the deal detail",
    "report": "`dealboard report --format json`",
    "management": "open the management screen",
    "search": "search-as-you-type on the board",
    "memory": "peak memory of the app on the board",
    "idle": "CPU of an idle app",
    "fleet": "live refresh across",
    "soak-detail": "memory over a day: the deal detail",
    "soak-management": "memory over a day: the management screen",
    "soak-help": "memory over a day: the help",
    "writers": "8 writer processes",
    "demo": "`dealboard demo",
}

FULL_SIZES = (10_000, 100_000, 1_000_000)
QUICK_SIZES = (10_000,)
BOARD_SIZE = 100_000  # the figures "on the board" use this size when it is generated
REPORT_SIZE = 1_000_000  # the report figure uses this size when it is generated
# The report is also measured at every generated size from this one up (100k and 1M).
REPORT_SIZES_FROM = 100_000


@dataclass
class Config:
    """How this run measures: quick or full, which sizes, how many runs, where databases live."""

    quick: bool
    sizes: tuple[int, ...]
    runs: int
    cache_dir: Path  # generated databases (kept between runs with --keep)
    work_dir: Path  # copies that a figure may change, and scratch files
    only: frozenset[str]
    seed: int = 1
    idle_seconds: float = 60.0
    writer_seconds: float = 10.0
    demo_deals: int = 1_000_000

    def wants(self, figure: str) -> bool:
        """Tell whether ``figure`` is measured in this run."""
        return not self.only or figure in self.only

    @property
    def board_size(self) -> int:
        """The database size of the board figures: 100,000 deals, or what was generated."""
        return pick_size(self.sizes, BOARD_SIZE)

    @property
    def report_size(self) -> int:
        """The database size of the report figure: 1,000,000 deals, or the largest generated."""
        return pick_size(self.sizes, REPORT_SIZE)

    @property
    def report_sizes(self) -> tuple[int, ...]:
        """The sizes of the report figures: each generated size from 100k up, else the largest."""
        wanted = tuple(size for size in self.sizes if REPORT_SIZES_FROM <= size <= REPORT_SIZE)
        return wanted or (self.report_size,)


def pick_size(sizes: Sequence[int], wanted: int) -> int:
    """Return ``wanted`` when generated, else the largest size below it, else the smallest."""
    if wanted in sizes:
        return wanted
    below = [size for size in sizes if size < wanted]
    return max(below) if below else min(sizes)


def size_label(deals: int) -> str:
    """Write a number of deals the way the issue does: 10k, 100k, 1M."""
    if deals >= 1_000_000 and deals % 1_000_000 == 0:
        return f"{deals // 1_000_000}M"
    if deals >= 1_000 and deals % 1_000 == 0:
        return f"{deals // 1_000}k"
    return f"{deals:,}"


@dataclass
class Figure:
    """One row of the table: a measured value beside its floor and its target."""

    name: str  # one of FIGURES
    label: str  # what was measured, with the size it was measured at
    value: str  # the median, formatted
    floor: str = "—"
    ratio: str = "—"
    target: str = "—"
    met: str = "n.a."  # yes, no or n.a.
    notes: list[str] = field(default_factory=list)
    samples: dict[str, list[float]] = field(default_factory=dict)


def median(values: Sequence[float]) -> float:
    """The median of the runs (NaN when there are none)."""
    return statistics.median(values) if values else float("nan")


def ms(seconds: float) -> str:
    """Format a duration in milliseconds, or seconds when it is long."""
    if seconds != seconds:  # NaN
        return "—"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def yes_no(condition: bool) -> str:
    """A target's verdict for the table."""
    return "yes" if condition else "no"


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a measured child: this repository importable, no user database."""
    env = dict(os.environ)
    env.pop("DEALBOARD_DB", None)
    # An installed dealboard runs from compiled modules (pip compiles them on install); with
    # PYTHONDONTWRITEBYTECODE, which some environments set, every start would compile the
    # repository's modules from source while the floor's Textual comes compiled, and the
    # start-up ratio would grow by 0.3–0.4. The first run compiles them once (__pycache__,
    # ignored by git); the median of the runs leaves it out.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def timed_run(argv: Sequence[str], *, stdin: str | None = None) -> tuple[float, str, str, int]:
    """Run a whole process; return its wall time, stdout, stderr and exit code."""
    started = time.perf_counter()
    done = subprocess.run(
        list(argv),
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        check=False,
    )
    return time.perf_counter() - started, done.stdout, done.stderr, done.returncode


def log(message: str) -> None:
    """Say what the suite is doing, on stderr, so the table on stdout stays clean."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def query_one(db: Path | str, sql: str) -> Any:
    """The first row of a query on a database file, through a connection of its own."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()
    finally:
        conn.close()
