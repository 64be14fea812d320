"""``python -m tests.bench``: measure every figure and print the table.

    python -m tests.bench                    # 10k, 100k and 1M deals, 5 runs (about 15 min)
    python -m tests.bench --quick            # 10k deals, 3 runs, scaled figures (about 1 min)
    python -m tests.bench --keep ~/bench-db  # keep the generated databases for the next run
    python -m tests.bench --only report,startup --sizes 100000 --runs 3

The exit code is 0 whatever the figures say (no benchmark is a pass/fail test); it is 1 only
when a figure could not be measured at all, so CI notices a suite that no longer runs.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from tests.bench import datasets as datasets_module
from tests.bench import (
    demo,
    fleet,
    idle,
    interactions,
    management,
    report,
    soak,
    startup,
    table,
    writers,
)
from tests.bench.common import FIGURES, FULL_SIZES, QUICK_SIZES, Config, Figure, log
from tests.bench.datasets import Dataset, ensure

BOARD_FIGURES = {"startup", "memory", "move", "detail", "search", "idle", "management"}


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench", description="dealboard's benchmarks: one table of figures."
    )
    parser.add_argument("--quick", action="store_true", help="10k deals, fewer runs (CI)")
    parser.add_argument("--sizes", help="comma-separated numbers of deals, e.g. 10000,100000")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5; quick 3)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="cache generated databases in DIR")
    parser.add_argument(
        "--only", help=f"comma-separated figures: {', '.join(FIGURES)} (soak: the three soaks)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    return parser.parse_args(argv)


def configure(args: argparse.Namespace, work: Path) -> Config:
    """Turn the arguments into the run's settings."""
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    if args.sizes:
        sizes = tuple(sorted({int(size.replace("_", "")) for size in args.sizes.split(",")}))
    only = frozenset(name.strip() for name in (args.only or "").split(",") if name.strip())
    if "soak" in only:  # the three soak figures together
        only = (only - {"soak"}) | set(soak.SCREENS)
    unknown = only - set(FIGURES)
    if unknown:
        raise SystemExit(
            f"unknown figure(s) {', '.join(sorted(unknown))}; known: {', '.join(FIGURES)}"
        )
    cache = args.keep.expanduser() if args.keep else work / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    (work / "scratch").mkdir(exist_ok=True)
    return Config(
        quick=args.quick,
        sizes=sizes,
        runs=args.runs or (3 if args.quick else 5),
        cache_dir=cache,
        work_dir=work / "scratch",
        only=only,
        seed=args.seed,
        idle_seconds=10.0 if args.quick else 60.0,
        writer_seconds=2.0 if args.quick else 10.0,
    )


def needed_sizes(config: Config) -> list[int]:
    """The databases the wanted figures need (all sizes when generation is measured)."""
    if config.wants("generate"):
        return list(config.sizes)
    sizes = set()
    if any(config.wants(name) for name in BOARD_FIGURES):
        sizes.add(config.board_size)
    if config.wants("report"):
        sizes.update(config.report_sizes)
    if config.wants("writers") or config.wants("fleet"):
        sizes.add(min(config.sizes))
    return sorted(sizes)


def attempt(names: list[str], work: Callable[[], list[Figure]]) -> list[Figure]:
    """Measure; a figure that cannot be measured becomes an error row instead of a crash."""
    try:
        return work()
    except Exception as exc:
        traceback.print_exc()
        message = f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        return [
            Figure(name=name, label=f"{FIGURES[name]}: could not be measured", value=message[:120])
            for name in names
        ]


def run(config: Config) -> tuple[list[Figure], list[Dataset]]:
    """Measure every wanted figure, in table order."""
    made = {size: ensure(config, size) for size in needed_sizes(config)}
    board = made.get(config.board_size)
    figures: list[Figure] = []
    if config.wants("generate"):
        figures.append(datasets_module.figure(config, list(made.values())))
    if board is not None and (config.wants("startup") or config.wants("memory")):
        log("startup and memory")
        both = attempt(["startup", "memory"], lambda: startup.measure(config, board))
        figures += [f for f in both if config.wants(f.name)]
    wanted = {name for name in ("move", "detail", "search") if config.wants(name)}
    if board is not None and wanted:
        log(f"interactions: {', '.join(sorted(wanted))}")
        figures += attempt(sorted(wanted), lambda: interactions.measure(config, board, wanted))
    for size in config.report_sizes if config.wants("report") else ():
        log(f"report, {made[size].label} deals")
        figures += attempt(["report"], lambda size=size: [report.measure(config, made[size])])
    if board is not None and config.wants("management"):
        log("management screen")
        figures += attempt(["management"], lambda: [management.measure(config, board)])
    if board is not None and config.wants("idle"):
        log(f"idle for {config.idle_seconds:.0f} s")
        figures += attempt(["idle"], lambda: [idle.measure(config, board)])
    if config.wants("fleet"):
        small = made[min(made)]
        count = fleet.QUICK_INSTANCES if config.quick else fleet.FULL_INSTANCES
        log(f"live refresh across {count} apps, {small.label} deals")
        figures += attempt(["fleet"], lambda: [fleet.measure(config, small)])
    soaked = [name for name in soak.SCREENS if config.wants(name)]
    if soaked:
        log(f"soak: {', '.join(soaked)}")
        figures += attempt(soaked, lambda: soak.measure(config, soaked))
    if config.wants("writers"):
        log("writers")
        small = made[min(made)]
        figures += attempt(["writers"], lambda: [writers.measure(config, small)])
    if config.wants("demo"):
        log("demo")
        figures += attempt(["demo"], lambda: [demo.measure(config)])
    order = {name: n for n, name in enumerate(FIGURES)}
    figures.sort(key=lambda figure: order[figure.name])
    return figures, list(made.values())


def main(argv: list[str] | None = None) -> int:
    """Run the suite; print the table on stdout and progress on stderr."""
    args = parse(sys.argv[1:] if argv is None else argv)
    info = table.machine()
    work = Path(tempfile.mkdtemp(prefix="dealboard-bench-"))
    try:
        config = configure(args, work)
        log(f"sizes {config.sizes}, {config.runs} runs, databases in {config.cache_dir}")
        figures, made = run(config)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    command = shlex.join(["python", "-m", "tests.bench", *(sys.argv[1:] if argv is None else argv)])
    table.render(figures, made, info, command)
    return 1 if any(figure.value.startswith("error") for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
