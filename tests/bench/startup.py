"""Cold start to the first painted board, and peak memory on the board, both whole-process.

Each run starts ``python -m tui --db FILE`` on an 80×24 pseudo-terminal (``ptyrun``) and
times from the fork to the first output containing the first phase's header, which the
board draws only once its deals are loaded; then it waits half a second, reads the peak
resident memory of the process (``VmHWM``) and sends ``q``. The floor, run
alternately in the same loop, is ``tests.bench.floor_app``: a minimal Textual app painting a
40-row DataTable, measured the same way. "Cold" means a new process each time; the files
are in the OS cache after the first run, as they are for a user who starts the app twice.
"""

from __future__ import annotations

from tests.bench.common import PYTHON, Config, Figure, median, ms, query_one, yes_no
from tests.bench.datasets import Dataset
from tests.bench.floor_app import MARKER
from tests.bench.ptyrun import PtyRun, run_under_pty

MIB = 1024  # VmHWM is in KiB


def first_phase(db: str) -> str:
    """The header the board paints first: the first active phase's name."""
    return query_one(db, "SELECT name FROM phase WHERE NOT archived ORDER BY position, id LIMIT 1")[
        0
    ]


def app_argv(db: str) -> list[str]:
    """The real app on a database, as a user starts it (``dealboard --db FILE``)."""
    return [PYTHON, "-m", "tui", "--db", db]


def floor_argv() -> list[str]:
    """The minimal Textual app of the floors."""
    return [PYTHON, "-m", "tests.bench.floor_app"]


def _checked(run: PtyRun, what: str) -> PtyRun:
    if run.first_paint is None:
        raise RuntimeError(f"{what} never painted; its last output:\n{run.tail[-800:]}")
    return run


def measure(config: Config, dataset: Dataset) -> list[Figure]:
    """Return the startup and memory figures, from the same runs."""
    db = str(dataset.path)
    marker = first_phase(db).encode()
    apps: list[PtyRun] = []
    floors: list[PtyRun] = []
    for _ in range(config.runs):
        apps.append(_checked(run_under_pty(app_argv(db), marker), "dealboard"))
        floors.append(_checked(run_under_pty(floor_argv(), MARKER.encode()), "the floor app"))
    shown = open_deals(db)
    scaled = " (quick: full runs 100k)" if config.quick else ""
    paint, paint_floor = (
        median([r.first_paint for r in apps]),
        median([r.first_paint for r in floors]),
    )  # type: ignore[misc]
    ratio = paint / paint_floor
    startup = Figure(
        name="startup",
        label=f"cold start to the first painted board, whole process, {dataset.label} deals"
        f" ({shown:,} open){scaled}",
        value=ms(paint),
        floor=ms(paint_floor),
        ratio=f"{ratio:.2f}×",
        target="≤ 1.5 × floor",
        met=yes_no(ratio <= 1.5),
        samples={"app": [r.first_paint for r in apps], "floor": [r.first_paint for r in floors]},  # type: ignore[misc]
    )
    peak = median([r.peak_rss_kib for r in apps]) / MIB
    peak_floor = median([r.peak_rss_kib for r in floors]) / MIB
    memory = Figure(
        name="memory",
        label=f"peak memory of the app on the board, {dataset.label} deals{scaled}",
        value=f"{peak:.1f} MiB",
        floor=f"{peak_floor:.1f} MiB",
        ratio=f"+{peak - peak_floor:.1f} MiB",
        target="≤ floor + 40 MiB",
        met=yes_no(peak - peak_floor <= 40),
        samples={
            "app_kib": [r.peak_rss_kib for r in apps],
            "floor_kib": [r.peak_rss_kib for r in floors],
        },
    )
    return [startup, memory]


def open_deals(db: str) -> int:
    """How many live open deals the board shows."""
    return query_one(db, "SELECT COUNT(*) FROM deal WHERE status = 'open' AND deleted_at IS NULL")[
        0
    ]
