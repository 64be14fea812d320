"""Print the result: the machine, the databases, one table of figures, and the notes.

The table is Markdown, so the README's Performance section can show it as printed.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

from tests.bench.common import Figure, size_label
from tests.bench.datasets import Dataset


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu, ram = platform.processor() or "?", "?"
    try:
        with open("/proc/cpuinfo") as handle:
            names = [
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            ]
        cpu = names[0] if names else cpu
        with open("/proc/meminfo") as handle:
            total = next(line for line in handle if line.startswith("MemTotal"))
        ram = f"{int(total.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": ram,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": _version("textual"),
        "peewee": _version("peewee"),
        "load": os.getloadavg(),
    }


def machine_line(info: dict[str, Any], load_after: Sequence[float]) -> str:
    """One line describing the machine, with the load before and after the run."""
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['ram']} RAM, {info['os']};"
        f" Python {info['python']}, SQLite {info['sqlite']}, Textual {info['textual']},"
        f" Peewee {info['peewee']}; load average {info['load'][0]:.2f} before,"
        f" {load_after[0]:.2f} after"
    )


def dataset_line(dataset: Dataset) -> str:
    """How one generated database looks and how it was checked."""
    made = dataset.meta["generated"]
    checks = dataset.meta["verification"]
    seconds = sum(check["seconds"] for check in checks.values())
    how = "reused from the cache" if dataset.reused else f"generated in {made['seconds']:.1f} s"
    return (
        f"{size_label(dataset.deals)}: {made['deals']:,} deals ({made['open']:,} open,"
        f" {made['accepted']:,} won, {made['rejected']:,} lost, {made['deleted']:,} deleted),"
        f" {made['events']:,} history events, {dataset.meta['file_bytes'] / 2**20:.0f} MiB;"
        f" {how}; verified ({len(checks)} checks incl. integrity_check, foreign_key_check"
        f" and `dealboard check`, {seconds:.1f} s)"
    )


def render(
    figures: Sequence[Figure],
    datasets: Sequence[Dataset],
    info: dict[str, Any],
    command: str,
    out: TextIO = sys.stdout,
) -> None:
    """Write everything the run found."""
    write = out.write
    write("\n## dealboard benchmarks\n\n")
    write(f"Command: `{command}`\n")
    write(f"Machine: {machine_line(info, os.getloadavg())}\n\n")
    if datasets:
        write("Databases:\n")
        for dataset in datasets:
            write(f"- {dataset_line(dataset)}\n")
        write("\n")
    rows = [("figure", "value", "floor", "ratio", "target", "met?")]
    rows += [(f.label, f.value, f.floor, f.ratio, f.target, f.met) for f in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    for n, row in enumerate(rows):
        write("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |\n")
        if n == 0:
            write("|" + "|".join("-" * (width + 2) for width in widths) + "|\n")
    notes = [(f.name, note) for f in figures for note in f.notes]
    if notes:
        write("\nNotes:\n")
        for name, note in notes:
            write(f"- {name}: {note}\n")
    met = sum(f.met == "yes" for f in figures)
    judged = sum(f.met in ("yes", "no") for f in figures)
    write(f"\nTargets met: {met} of {judged}. Each value is the median of the runs.\n")
    out.flush()
