"""`dealboard demo --deals N` as a whole process: the wall time to write a demo database.

The full suite asks for a million deals. When the command refuses that many (the demo has a
maximum), the refusal is recorded, a smaller demo is timed instead and the million is
extrapolated linearly from it — labelled as such, never passed off as measured.
"""

from __future__ import annotations

from tests.bench.common import PYTHON, Config, Figure, ms, size_label, timed_run, yes_no
from tests.bench.generate import remove_database

TARGET_SECONDS = 120.0
FALLBACK_DEALS = 10_000
QUICK_DEALS = 1_000


def run_demo(config: Config, deals: int) -> tuple[float, str, int]:
    """Write a demo of ``deals`` deals into the work directory; return time, stderr, code."""
    target = config.work_dir / f"demo-{deals}.sqlite"
    remove_database(target)
    argv = [PYTHON, "-m", "tui", "demo", "--deals", str(deals), "--db", str(target), "--quiet"]
    seconds, _, error, code = timed_run(argv)
    remove_database(target)
    return seconds, error.strip(), code


def measure(config: Config) -> Figure:
    """Time the demo command at ``config.demo_deals`` (quick: 1,000 deals, labelled)."""
    wanted = QUICK_DEALS if config.quick else config.demo_deals
    seconds, error, code = run_demo(config, wanted)
    label = f"`dealboard demo --deals {wanted:,}`"
    if config.quick:
        label += " (quick: full runs 1,000,000)"
    if code == 0:
        return Figure(
            name="demo",
            label=label,
            value=ms(seconds),
            target="under 2 minutes (at 1M)",
            met=yes_no(seconds < TARGET_SECONDS) if not config.quick else "n.a.",
            samples={"seconds": [seconds]},
        )
    refusal = error.splitlines()[-1] if error else f"exit {code}"
    fallback = min(FALLBACK_DEALS, wanted)
    small, error, code = run_demo(config, fallback)
    if code != 0:
        raise RuntimeError(f"dealboard demo --deals {fallback} failed: {error[-500:]}")
    estimate = small * wanted / fallback
    figure = Figure(
        name="demo",
        label=label,
        value=f"refused; ≈ {estimate / 60:.0f} min extrapolated",
        target="under 2 minutes",
        met="no",
        samples={"seconds": [small], "deals": [fallback]},
    )
    figure.notes.append(f"the command refused {wanted:,} deals: {refusal}")
    figure.notes.append(
        f"{size_label(fallback)} deals took {ms(small)}; ×{wanted // fallback} gives the estimate"
    )
    return figure
