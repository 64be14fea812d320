"""The interaction figures: move a deal, open a long history, search as you type.

They are measured in the app's own process (``tests.bench.pilot_session``, where what one
timing covers is written down) on a working copy of the board's database, because moving
deals and adding the long-history deal change it. This module runs that session and turns
its timings into three rows of the table.
"""

from __future__ import annotations

import json
import statistics
import subprocess
from typing import Any

from tests.bench.common import PYTHON, REPO, Config, Figure, child_env, median, ms, yes_no
from tests.bench.datasets import Dataset, working_copy

HISTORY_ENTRIES = 200


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def move_figure(timings: dict[str, Any], dataset: Dataset, scaled: str) -> Figure:
    """The move row: medians of the moves and of the cursor moves timed in turns with them."""
    move, cursor = median(timings["move"]), median(timings["cursor"])
    ratio = move / cursor
    figure = Figure(
        name="move",
        label=f"move a deal one phase (key press to repaint), {timings['open_deals']:,}"
        f" open deals ({dataset.label} DB){scaled}",
        value=ms(move),
        floor=f"{ms(cursor)} (cursor move)",
        ratio=f"{ratio:.2f}×",
        target="≤ 2 × floor and < 50 ms",
        met=yes_no(ratio <= 2 and move < 0.05),
        samples={key: timings[key] for key in ("move", "cursor", "move_cpu", "cursor_cpu")},
    )
    move_cpu, cursor_cpu = median(timings["move_cpu"]), median(timings["cursor_cpu"])
    figure.notes.append(
        f"{len(timings['move'])} moves and {len(timings['cursor'])} cursor moves timed in turns"
        f" in one session; UI-thread CPU from key to frame: move {ms(move_cpu)}, cursor move"
        f" {ms(cursor_cpu)} ({move_cpu / cursor_cpu:.2f}×)"
    )
    return figure


def measure(config: Config, dataset: Dataset, wanted: set[str]) -> list[Figure]:
    """Run the pilot session once; return the move, detail and search figures asked for."""
    db = working_copy(config, dataset, "interactions")
    done = subprocess.run(
        [PYTHON, "-m", "tests.bench.pilot_session", str(db), "--runs", str(config.runs),
         "--history", str(HISTORY_ENTRIES), "--only", ",".join(sorted(wanted))],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        check=False,
        timeout=900,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the pilot session failed: {done.stderr.strip()[-1500:]}")
    timings = json.loads(done.stdout.strip().splitlines()[-1])
    scaled = " (quick: full runs 100k)" if config.quick else ""
    figures = []
    if "move" in wanted:
        figures.append(move_figure(timings, dataset, scaled))
    if "detail" in wanted:
        detail = median(timings["detail"])
        figure = Figure(
            name="detail",
            label=f"open the deal detail with {HISTORY_ENTRIES} history entries"
            f" ({dataset.label} DB){scaled}",
            value=ms(detail),
            target="< 100 ms",
            met=yes_no(detail < 0.1),
            samples={"detail": timings["detail"]},
        )
        # The app builds the detail screen on the first opening and reuses it afterwards.
        first, *later = timings["detail"]
        if later:
            figure.notes.append(
                f"first opening (builds the screen) {ms(first)}; later openings median"
                f" {ms(median(later))}"
            )
        figures.append(figure)
    if "search" in wanted:
        keys = timings["search"]
        p90 = percentile(keys, 0.9)
        figure = Figure(
            name="search",
            label=f"search-as-you-type on the board, {dataset.label} deals"
            f" ({timings['open_deals']:,} open shown){scaled}",
            value=f"{ms(statistics.median(keys))} median, {ms(p90)} p90",
            target="< 50 ms per key (p90)",
            met=yes_no(p90 < 0.05),
            samples={"keys": keys},
        )
        figure.notes.append(
            f"{len(keys)} keys typed; slowest {ms(max(keys))}; a key is judged at the 90th"
            " percentile so one garbage collection does not decide it"
        )
        figures.append(figure)
    return figures
