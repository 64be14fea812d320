"""The soak figures: the app's memory after the deal detail, management or help was opened 500 times.

A salesperson opens hundreds of screens a day; the app's memory must level off, not grow
with each. Each screen gets a process of its own (``tests.bench.soak_session``, where the
cycle is written down) on a 2,000-deal demo database: 20 openings to warm up (first-use
imports and caches), the resident memory read, the remaining openings, the memory read again.
The floor is the minimal Textual app (``floor_app.PushPopApp``) pushing and popping a screen
with a 40-row table as often. The target: within 10 MiB of opening 20 after opening 500.
``--quick`` opens each screen 40 times.
"""

from __future__ import annotations

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.bench.common import PYTHON, REPO, Config, Figure, child_env, yes_no
from tests.bench.generate import remove_database
from tests.bench.soak_session import WARMUP

# Figure name → the screen the session opens, and how the table calls it.
SCREENS = {
    "soak-detail": ("detail", "the deal detail"),
    "soak-management": ("management", "the management screen"),
    "soak-help": ("help", "the help"),
}
FULL_OPENINGS = 500
QUICK_OPENINGS = 40
DEMO_DEALS = 2_000
TARGET_MIB = 10.0
KIB_PER_MIB = 1024


def demo_database(config: Config) -> Path:
    """Write the 2,000-deal demo the sessions open (as ``dealboard demo`` does for a user)."""
    target = config.work_dir / f"soak-demo-{DEMO_DEALS}.sqlite"
    remove_database(target)
    argv = [PYTHON, "-m", "tui", "demo", "--deals", str(DEMO_DEALS), "--db", str(target)]
    done = subprocess.run(
        [*argv, "--quiet"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        check=False,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"dealboard demo failed: {done.stderr.strip()[-800:]}")
    return target


def run_session(db: Path | None, screen: str, openings: int) -> dict[str, Any]:
    """One soak session in a process of its own; its JSON answer."""
    argv = [PYTHON, "-m", "tests.bench.soak_session", *([str(db)] if db else [])]
    argv += ["--screen", screen, "--openings", str(openings - WARMUP)]
    done = subprocess.run(
        argv, capture_output=True, text=True, cwd=REPO, env=child_env(), check=False, timeout=3600
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {screen} soak session failed: {done.stderr.strip()[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def mib(kib: int) -> str:
    """KiB as MiB, one decimal."""
    return f"{kib / KIB_PER_MIB:.1f}"


def before_after(result: dict[str, Any]) -> str:
    """``55.0 → 57.1 MiB (+2.1)``: the memory after the warm-up and after the last opening."""
    growth = (result["after_kib"] - result["before_kib"]) / KIB_PER_MIB
    return f"{mib(result['before_kib'])} → {mib(result['after_kib'])} MiB ({growth:+.1f})"


def measure(config: Config, wanted: list[str]) -> list[Figure]:
    """Run the floor and every wanted screen's session; one figure per screen."""
    openings = QUICK_OPENINGS if config.quick else FULL_OPENINGS
    db = demo_database(config)
    jobs: list[tuple[Path | None, str]] = [(None, "floor")]
    jobs += [(db, SCREENS[name][0]) for name in wanted]
    # The sessions are independent processes and each reads only its own memory: run them
    # side by side (as many as there are cores) so the quick suite stays short.
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda job: run_session(job[0], job[1], openings), jobs))
    floor, *screens = results
    remove_database(db)
    scaled = f" (quick: full opens {FULL_OPENINGS})" if config.quick else ""
    figures = []
    for name, result in zip(wanted, screens, strict=True):
        growth = (result["after_kib"] - result["before_kib"]) / KIB_PER_MIB
        figure = Figure(
            name=name,
            label=f"memory over a day: {SCREENS[name][1]}, MiB after opening {WARMUP} → after"
            f" {openings}, {DEMO_DEALS:,}-deal demo{scaled}",
            value=before_after(result),
            floor=f"{before_after(floor)} (minimal Textual app)",
            target=f"≤ +{TARGET_MIB:.0f} MiB",
            met=yes_no(growth <= TARGET_MIB),
            samples={
                "before_kib": [result["before_kib"]],
                "after_kib": [result["after_kib"]],
                "floor_before_kib": [floor["before_kib"]],
                "floor_after_kib": [floor["after_kib"]],
                "seconds": [result["seconds"]],
            },
        )
        figure.notes.append(
            f"resident memory (VmRSS) after a garbage collection; {result['seconds']:.0f} s"
            f" for the {openings} openings"
        )
        figures.append(figure)
    return figures
