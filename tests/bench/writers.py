"""Eight writer processes on one SQLite file, beside one writer alone: saves per second, errors.

Each writer is ``tests.bench.writer_worker`` on a working copy of a generated database (the
settings dealboard uses: WAL, ``synchronous=FULL``, a 5 s busy timeout, ``BEGIN IMMEDIATE``,
three retries). All writers of a round are started, wait until each has opened the database
and printed ``ready``, and get their go together; a round lasts a fixed time. One writer
alone is the floor; the figure is the eight writers' combined saves per second, their ratio
to the one writer's, and the number of errors (every save that raised, busy or otherwise).
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

from tests.bench.common import PYTHON, REPO, Config, Figure, child_env, median, yes_no
from tests.bench.datasets import Dataset, working_copy

WRITERS = 8


def worker_argv(db: str, index: int, writers: int, seconds: float, seed: int) -> list[str]:
    """The command line of writer ``index`` of ``writers``."""
    return [
        *(PYTHON, "-m", "tests.bench.writer_worker", db),
        *("--index", str(index), "--of", str(writers)),
        *("--seconds", str(seconds), "--seed", str(seed)),
    ]


def round_of(db: str, writers: int, seconds: float, seed: int) -> dict[str, Any]:
    """Run ``writers`` processes together for ``seconds``; return saves, errors, latencies."""
    procs = [
        subprocess.Popen(
            worker_argv(db, index, writers, seconds, seed),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=child_env(),
        )
        for index in range(writers)
    ]
    try:
        for proc in procs:  # everyone has opened the database
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if line.strip() != "ready":
                raise RuntimeError(f"a writer did not start: {line}{proc.stderr.read()[-500:]}")  # type: ignore[union-attr]
        for proc in procs:  # go, all at once
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=seconds + 60)
            if proc.returncode != 0:
                raise RuntimeError(f"a writer failed ({proc.returncode}): {err[-800:]}")
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    latencies = sorted(x for result in results for x in result["latencies"])
    errors: dict[str, int] = {}
    for result in results:
        for kind, count in result["errors"].items():
            errors[kind] = errors.get(kind, 0) + count
    return {
        "saves": sum(result["saves"] for result in results),
        "rate": sum(result["saves"] for result in results) / seconds,
        "errors": errors,
        "p50": latencies[len(latencies) // 2] if latencies else float("nan"),
        "p99": latencies[int(len(latencies) * 0.99)] if latencies else float("nan"),
    }


def measure(config: Config, dataset: Dataset) -> Figure:
    """Alternate rounds of one and of eight writers; return the combined figure."""
    db = str(working_copy(config, dataset, "writers"))
    alone: list[dict[str, Any]] = []
    together: list[dict[str, Any]] = []
    runs = 1 if config.quick else max(1, min(config.runs, 3))
    for run in range(runs):
        alone.append(round_of(db, 1, config.writer_seconds, config.seed + run))
        together.append(round_of(db, WRITERS, config.writer_seconds, config.seed + run))
    rate = median([r["rate"] for r in together])
    rate_alone = median([r["rate"] for r in alone])
    errors: dict[str, int] = {}
    for result in together + alone:
        for kind, count in result["errors"].items():
            errors[kind] = errors.get(kind, 0) + count
    error_count = sum(errors.values())
    figure = Figure(
        name="writers",
        label=f"{WRITERS} writer processes, saves per second on one SQLite file,"
        f" {config.writer_seconds:.0f} s rounds ({dataset.label} deals)",
        value=f"{rate:.0f} saves/s, {error_count} errors",
        floor=f"{rate_alone:.0f} saves/s (one writer)",
        ratio=f"{rate / rate_alone:.2f}×",
        target="0 errors; report the ratio",
        met=yes_no(error_count == 0),
        samples={"rate": [r["rate"] for r in together], "rate_alone": [r["rate"] for r in alone]},
    )
    p50 = median([r["p50"] for r in together]) * 1000
    p99 = median([r["p99"] for r in together]) * 1000
    figure.notes.append(
        f"save latency with {WRITERS} writers: median {p50:.1f} ms, p99 {p99:.1f} ms"
    )
    if errors:
        figure.notes.append("errors: " + ", ".join(f"{k} × {v}" for k, v in sorted(errors.items())))
    return figure
