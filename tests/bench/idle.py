"""CPU of an idle app: the real app on the board under a pty, live refresh on, doing nothing.

After the board has painted and two seconds have passed (the first refresh has settled),
the process's user + system CPU time is read from ``/proc/<pid>/stat`` at the start and the
end of the window (60 s; 10 s with ``--quick``) while its output is drained. Live refresh is
whatever the app does by default; the figure says whether this build has it (the app has a
``live`` attribute, ``tui/live.py``).

The floor is the minimal Textual app (``floor_app``) idling just as long right after. It is
not zero: Textual's input thread wakes ten times a second to look at the terminal, and on a
virtual machine whose cores sit idle each wake-up can cost far more than the work it does.
So the figure is judged against the target, and the floor says what any Textual app costs
on the same machine at the same moment.
"""

from __future__ import annotations

from tests.bench.common import REPO, Config, Figure, yes_no
from tests.bench.datasets import Dataset
from tests.bench.floor_app import MARKER
from tests.bench.ptyrun import run_under_pty
from tests.bench.startup import app_argv, first_phase, floor_argv

SETTLE_SECONDS = 2.0


def live_refresh_present() -> bool:
    """Whether this build polls for other people's changes (live refresh)."""
    return (REPO / "tui" / "live.py").exists()


def measure(config: Config, dataset: Dataset) -> Figure:
    """Idle the app for ``config.idle_seconds`` and return its CPU share of one core."""
    db = str(dataset.path)
    run = run_under_pty(
        app_argv(db),
        first_phase(db).encode(),
        settle=SETTLE_SECONDS,
        idle=config.idle_seconds,
        timeout=120,
    )
    if run.idle_cpu is None or not run.idle_wall:
        raise RuntimeError(f"the app never painted; its last output:\n{run.tail[-800:]}")
    share = run.idle_cpu / run.idle_wall * 100
    floor = run_under_pty(
        floor_argv(), MARKER.encode(), settle=SETTLE_SECONDS, idle=config.idle_seconds, timeout=120
    )
    if floor.idle_cpu is None or not floor.idle_wall:
        raise RuntimeError(f"the floor app never painted; its last output:\n{floor.tail[-800:]}")
    floor_share = floor.idle_cpu / floor.idle_wall * 100
    live = "live refresh on" if live_refresh_present() else "this build has no live refresh"
    label = f"CPU of an idle app over {run.idle_wall:.0f} s, {live}, {dataset.label} deals"
    if config.quick:
        label += " (quick: full idles 60 s)"
    figure = Figure(
        name="idle",
        label=label,
        value=f"{share:.2f} % ({run.idle_cpu:.2f} s CPU)",
        floor=f"{floor_share:.2f} % (minimal Textual app)",
        ratio=f"{share / floor_share:.2f}×" if floor_share else "—",
        target="≤ 0.5 % of one core",
        met=yes_no(share <= 0.5),
        samples={
            "cpu_seconds": [run.idle_cpu],
            "wall_seconds": [run.idle_wall],
            "floor_cpu_seconds": [floor.idle_cpu],
            "floor_wall_seconds": [floor.idle_wall],
        },
    )
    figure.notes.append("one window per run of the suite (CPU time has 10 ms resolution)")
    return figure
