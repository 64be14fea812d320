"""The management figure: from pressing `m` on the board to the first section on screen.

Measured in the app's own process (``tests.bench.management_session``, where what one timing
covers is written down) on a working copy of the board's database (100k deals). The floor is
opening the help (`?`), a screen that reads nothing from the database, timed the same way in
the same session; the notes add when the whole report had arrived.
"""

from __future__ import annotations

import json
import subprocess

from tests.bench.common import PYTHON, REPO, Config, Figure, child_env, median, ms, yes_no
from tests.bench.datasets import Dataset, working_copy

TARGET_SECONDS = 0.3


def measure(config: Config, dataset: Dataset) -> Figure:
    """Open the management screen ``config.runs`` times; return its figure."""
    db = working_copy(config, dataset, "management")
    done = subprocess.run(
        [PYTHON, "-m", "tests.bench.management_session", str(db), "--runs", str(config.runs)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        check=False,
        timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the management session failed: {done.stderr.strip()[-1500:]}")
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    first, floor = median(timings["first"]), median(timings["help"])
    label = f"open the management screen (`m` to its first section), {dataset.label} deals"
    if config.quick:
        label += " (quick: full runs 100k)"
    figure = Figure(
        name="management",
        label=label,
        value=ms(first),
        floor=f"{ms(floor)} (help screen)",
        ratio=f"{first / floor:.2f}×",
        target=f"< {TARGET_SECONDS * 1000:.0f} ms (100k)",
        met=yes_no(first < TARGET_SECONDS) if not config.quick else "n.a.",
        samples=timings,
    )
    figure.notes.append(
        f"every section had arrived after {ms(median(timings['complete']))} (median);"
        f" first openings {', '.join(ms(value) for value in timings['first'])}"
    )
    return figure
