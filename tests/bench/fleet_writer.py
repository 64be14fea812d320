"""The editor of the live-refresh figure: one edit at a steady rate, as a colleague's changes.

``python -m tests.bench.fleet_writer DB DEAL --rate R --seconds S`` renames deal ``DEAL``
through ``models.operations.deals`` (so history rows and the change counter are written as
users' edits are) to ``E0001``, ``E0002``, … at ``R`` edits per second for ``S`` seconds, and
prints one line per edit: the title and the wall-clock time its transaction committed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def marker(n: int) -> str:
    """The title of the ``n``-th edit: short enough to show whole on an 80-column board."""
    return f"E{n:04d}"


def main() -> None:
    """Edit at the asked rate; print ``TITLE TIME`` per committed edit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("deal", type=int)
    parser.add_argument("--rate", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    from models.operations import deals
    from models.storage.database import open_database

    open_database(args.db)
    step = 1 / args.rate
    started = time.monotonic()
    n = 0
    while True:
        due = started + n * step
        if due - started >= args.seconds:
            break
        time.sleep(max(due - time.monotonic(), 0))
        n += 1
        title = marker(n)
        deals.edit_deal(args.deal, {"title": title}, actor="bench-writer")
        print(f"{title} {time.time():.6f}", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
