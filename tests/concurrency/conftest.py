"""Worker processes and their logs, and reading the database back.

The heavy variants are marked ``heavy`` (tests/full_length.py: ``--run-heavy``).

The helpers that read the database use their own sqlite3 connection, never the app's, and
compare what is stored with what the workers' logs say they saved.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee
import pytest

from models.storage.tally import rebuild_for_settings

from ..conftest import query_rows

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Worker:
    """A running ``tests.concurrency.worker`` process and its log file."""

    number: int
    process: subprocess.Popen[bytes]
    log: Path

    def lines(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The complete lines of the log so far (of one kind, if given)."""
        return read_log(self.log, kind)

    def finish(self, timeout: float) -> int:
        """Wait for the process to end; return its exit code."""
        return self.process.wait(timeout=timeout)


def read_log(path: Path, kind: str | None = None) -> list[dict[str, Any]]:
    """Parse a worker log; a last line cut short by a kill is not part of it."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    complete = text[: text.rfind("\n") + 1]
    lines = [json.loads(line) for line in complete.splitlines() if line.strip()]
    return [line for line in lines if kind is None or line["kind"] == kind]


def spawn_worker(db_path: Path, log: Path, number: int, *options: str) -> Worker:
    """Start one worker process on ``db_path`` writing to ``log``."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.concurrency.worker",
            "--db",
            str(db_path),
            "--worker",
            str(number),
            "--log",
            str(log),
            *options,
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return Worker(number, process, log)


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``check`` until it holds; fail the test with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.01)


def wait_ready(workers: list[Worker], timeout: float = 60.0) -> None:
    """Wait until every worker has opened the database (or fail if one died first)."""

    def all_ready() -> bool:
        for worker in workers:
            if worker.process.poll() is not None and not worker.lines("ready"):
                pytest.fail(
                    f"worker {worker.number} exited before it was ready: {worker.lines()}"
                    f" {worker.process.stderr.read() if worker.process.stderr else ''!r}"
                )
        return all(worker.lines("ready") for worker in workers)

    wait_until(all_ready, timeout, "the workers to open the database")


def stop_all(workers: list[Worker]) -> None:
    """Kill whatever is still running (after a failure) so no process outlives the test."""
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()
        if worker.process.stderr:
            worker.process.stderr.close()


def run_cli(*args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """Run the real ``dealboard`` entry point in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def committed_saves(path: Path, deal_ids: list[int]) -> dict[tuple[int, int], dict[str, Any]]:
    """The worker-made history per (deal, version): its actor and the (field, new) pairs."""
    marks = ",".join("?" * len(deal_ids))
    saves: dict[tuple[int, int], dict[str, Any]] = {}
    for row in query_rows(
        path,
        "SELECT deal_id, version, actor, field, new_value FROM deal_event"
        f" WHERE deal_id IN ({marks}) AND actor LIKE 'w%' ORDER BY id",
        tuple(deal_ids),
    ):
        save = saves.setdefault(
            (row["deal_id"], row["version"]), {"actors": set(), "events": set()}
        )
        save["actors"].add(row["actor"])
        save["events"].add((row["field"], row["new_value"]))
    return saves


def matches(save: dict[str, Any], line: dict[str, Any]) -> bool:
    """Tell whether the history of one version is exactly what a logged save wrote."""
    expected = {(field, new) for field, new in line["events"]}
    extra = save["events"] - expected
    if line["op"] == "move":  # a move also records the override it cleared
        extra -= {("probability_override", None)}
    return expected <= save["events"] and not extra and save["actors"] == {line["actor"]}


def replay(start: dict[str, Any], acks: list[dict[str, Any]]) -> dict[str, Any]:
    """The deal's fields after applying its acknowledged saves in version order."""
    state = dict(start)
    for line in sorted(acks, key=lambda ack: ack["version"]):
        for field, new in line["events"]:
            if field == "value":
                whole, cents = new.split(".")
                state["value_cents"] = int(whole) * 100 + int(cents)
            elif field == "probability_override":
                state["probability_override"] = int(new)
            elif field == "phase":
                state["phase"] = new
                state["probability_override"] = None
            else:
                state[field] = new
    return state


def deal_states(path: Path, deal_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Version, note, value, override and phase name of each deal, read from outside."""
    rows = query_rows(
        path,
        "SELECT d.id, d.version, d.note, d.value_cents, d.probability_override,"
        " p.name AS phase FROM deal d JOIN phase p ON p.id = d.phase_id",
    )
    return {row.pop("id"): row for row in rows if row["id"] in deal_ids}


def assert_healthy_file(path: Path) -> None:
    """SQLite's own checks, through a plain sqlite3 connection."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def assert_dealboard_check(path: Path) -> None:
    """``dealboard check`` on the file, as its own process, finds it healthy."""
    result = run_cli("check", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Healthy"), result.stdout


def add_bulk_history(path: Path, events: int) -> None:
    """Make the file big enough that a backup takes many steps (old history lines).

    Written around the operations (fast), so the report tallies are counted afresh after,
    as `dealboard check --repair` would: a backup of the file must pass the check.
    """
    connection = sqlite3.connect(path)
    try:
        connection.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO deal_event (deal_id, at, actor, kind, field, new_value)"
            " SELECT (SELECT MIN(id) FROM deal), '2025-01-01 00:00:00', 'import', 'note',"
            " 'note', printf('%0200d', i) FROM n",
            (events,),
        )
        connection.commit()
    finally:
        connection.close()
    database = peewee.SqliteDatabase(str(path))
    try:
        with database.atomic():
            rebuild_for_settings(database)
    finally:
        database.close()
