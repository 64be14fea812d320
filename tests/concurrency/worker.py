"""A writer process for the concurrency tests: edits shared deals through the real operations.

Run as ``python -m tests.concurrency.worker --db PATH --worker N --log FILE [options]``.
Each iteration reads a deal's version, then saves one change with ``expect_version`` set to
it (now and then without, to check read-modify-write inside one transaction too): a note, a
value, a probability override, a move to another phase, or a note and a value at once.
Every new value is unique to this worker and iteration (note ``w3-17``, value
``400000.17``), so the final database and its history can be checked against the log.

The log has one JSON object per line:

- ``ready``: the database is open; the worker now waits for the ``--barrier`` file.
- ``try``: the save about to be made (flushed, not synced: it says what may be in the
  database without having been acknowledged when the process is killed).
- ``ack``: the operation returned; written, flushed and fsynced only *after* it returned,
  with the version it produced and the history events it must have written.
- ``conflict`` / ``busy``: a ``ConflictError`` or ``DatabaseBusy`` that was reported.
- ``unhandled``: anything else. The worker never crashes; it counts these as failures and
  exits 1 at the end.
- ``done``: the totals.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any, TextIO

OPS = ("note", "value", "override", "move", "note+value")
OP_WEIGHTS = (40, 25, 15, 15, 5)
BLIND_SHARE = 0.15  # saves without expect_version: only note/value, which are never no-ops
BARRIER_TIMEOUT_S = 120.0


class Log:
    """The worker's append-only log: one JSON object per line."""

    def __init__(self, path: Path) -> None:
        self.handle: TextIO = path.open("a", encoding="utf-8")

    def write(self, kind: str, *, sync: bool = False, **fields: Any) -> None:
        """Append one line; ``sync`` makes it durable (flush and fsync) before returning."""
        self.handle.write(json.dumps({"kind": kind, **fields}, ensure_ascii=False) + "\n")
        self.handle.flush()
        if sync:
            os.fsync(self.handle.fileno())

    def close(self) -> None:
        """Flush, sync and close the log."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m tests.concurrency.worker")
    parser.add_argument("--db", required=True, help="the SQLite file (must exist)")
    parser.add_argument("--worker", type=int, required=True, help="this worker's number")
    parser.add_argument("--log", required=True, help="the log file to append to")
    parser.add_argument("--deals", default="", help="comma-separated deal ids (default: all)")
    parser.add_argument("--edits", type=int, default=100, help="iterations to run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--barrier", help="wait for this file to exist before the first edit")
    parser.add_argument("--stop", help="stop early once this file exists")
    parser.add_argument(
        "--pause-ms",
        type=float,
        default=2.0,
        help="at most this long between reading the version and saving (provokes conflicts)",
    )
    return parser.parse_args(argv)


def wait_for(path: Path, timeout: float) -> bool:
    """Wait until ``path`` exists; False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)
    return True


def unique_cents(worker: int, index: int) -> int:
    """Return a value in cents no other worker or iteration uses."""
    return (worker + 1) * 10_000_000 + index


def cents_text(cents: int) -> str:
    """Write cents as the decimal string the history records (``12500.05``)."""
    return f"{cents // 100}.{cents % 100:02d}"


class Writer:
    """One worker's edits, with its counters."""

    def __init__(self, args: argparse.Namespace, log: Log) -> None:
        from models.storage.schema import Deal, Phase

        self.args = args
        self.log = log
        self.actor = f"w{args.worker}"
        self.rng = random.Random(args.seed * 100_003 + args.worker)
        ids = [int(part) for part in args.deals.split(",") if part.strip()]
        self.deal_ids = ids or [deal.id for deal in Deal.select(Deal.id).order_by(Deal.id)]
        self.phases = {
            phase.id: phase.name
            for phase in Phase.select().where(Phase.archived == False)  # noqa: E712
        }
        self.counts = {"attempted": 0, "acked": 0, "conflicts": 0, "busy": 0, "unhandled": 0}

    def run(self) -> None:
        """Run the iterations (or until the stop file appears)."""
        stop = Path(self.args.stop) if self.args.stop else None
        for index in range(self.args.edits):
            if stop is not None and stop.exists():
                break
            self.counts["attempted"] += 1
            self.one_edit(index)

    def one_edit(self, index: int) -> None:
        """Read a deal's version, then save one unique change with it; log the outcome."""
        from models.domain.errors import ConflictError, DatabaseBusy
        from models.storage.schema import Deal

        deal_id = self.rng.choice(self.deal_ids)
        op = self.rng.choices(OPS, OP_WEIGHTS)[0]
        blind = op in ("note", "value") and self.rng.random() < BLIND_SHARE
        base: int | None = None
        try:
            version, phase_id, override = (
                Deal.select(Deal.version, Deal.phase, Deal.probability_override)
                .where(Deal.id == deal_id)
                .tuples()
                .get()
            )
            base = version
            if self.args.pause_ms > 0:
                time.sleep(self.rng.uniform(0, self.args.pause_ms) / 1000)
            call, events = self.plan(op, index, phase_id, override)
            self.log.write("try", deal=deal_id, op=op, base=base, blind=blind, events=events)
            saved = call(deal_id, None if blind else base)
        except ConflictError as exc:
            if blind:  # read and write share one transaction that holds the write lock
                self.unhandled(f"{op} on deal {deal_id} without expect_version", exc)
                return
            self.counts["conflicts"] += 1
            self.log.write(
                "conflict",
                deal=deal_id,
                op=op,
                expected=exc.expected_version,
                current=exc.current_version,
                changes=len(exc.changes),
                message=str(exc),
            )
            return
        except DatabaseBusy as exc:
            self.counts["busy"] += 1
            self.log.write("busy", deal=deal_id, op=op, base=base, message=str(exc))
            return
        except Exception as exc:  # the point of the worker: never crash, report everything
            self.unhandled(f"{op} on deal {deal_id}", exc)
            return
        produced = saved.version
        if produced == base or (not blind and produced != (base or 0) + 1):
            self.unhandled(
                f"{op} on deal {deal_id}",
                RuntimeError(f"a save from version {base} produced version {produced}"),
            )
            return
        self.counts["acked"] += 1
        self.log.write(
            "ack",
            sync=True,
            deal=deal_id,
            op=op,
            version=produced,
            actor=self.actor,
            events=events,
            blind=blind,
        )

    def plan(
        self, op: str, index: int, phase_id: int, override: int | None
    ) -> tuple[Any, list[list[str]]]:
        """Return the save to make and the history events ([field, new value]) it writes."""
        from models.operations import deals

        actor = self.actor
        note = f"w{self.args.worker}-{index}"
        cents = unique_cents(self.args.worker, index)
        if op == "note":
            changes: dict[str, object] = {"note": note}
            events = [["note", note]]
        elif op == "value":
            changes = {"value": cents_text(cents)}
            events = [["value", cents_text(cents)]]
        elif op == "note+value":
            changes = {"note": note, "value": cents_text(cents)}
            events = [["note", note], ["value", cents_text(cents)]]
        elif op == "override":
            chance = self.rng.choice([p for p in range(5, 100, 5) if p != override])
            changes = {"probability_override": chance}
            events = [["probability_override", str(chance)]]
        else:
            target = self.rng.choice([pid for pid in self.phases if pid != phase_id])

            def move(deal_id: int, expect: int | None) -> Any:
                return deals.move_deal(deal_id, target, actor=actor, expect_version=expect)

            return move, [["phase", self.phases[target]]]

        def edit(deal_id: int, expect: int | None) -> Any:
            return deals.edit_deal(deal_id, changes, actor=actor, expect_version=expect)

        return edit, events

    def unhandled(self, what: str, exc: BaseException) -> None:
        """Record an error that should never happen, with its traceback, as a failure."""
        self.counts["unhandled"] += 1
        self.log.write(
            "unhandled",
            sync=True,
            what=what,
            error=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
        )


def main(argv: list[str] | None = None) -> int:
    """Open the database, wait for the barrier, run the edits; exit 1 on any unhandled error."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    log = Log(Path(args.log))
    started = time.monotonic()
    try:
        from models.storage.database import open_database

        db = open_database(args.db, create=False)
        writer = Writer(args, log)
        log.write("ready", sync=True, pid=os.getpid(), deals=writer.deal_ids)
        if args.barrier and not wait_for(Path(args.barrier), BARRIER_TIMEOUT_S):
            raise TimeoutError(f"the barrier {args.barrier} never appeared")
        started = time.monotonic()
        writer.run()
        db.close()
    except BaseException as exc:  # even SystemExit/KeyboardInterrupt: log, never a traceback
        log.write(
            "unhandled",
            sync=True,
            what="worker",
            error=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
        )
        log.close()
        return 1
    log.write("done", sync=True, seconds=round(time.monotonic() - started, 3), **writer.counts)
    log.close()
    return 1 if writer.counts["unhandled"] else 0


if __name__ == "__main__":
    sys.exit(main())
