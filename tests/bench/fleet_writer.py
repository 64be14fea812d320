"""The editor of the live-refresh figure: one edit at a steady rate, as a colleague's changes.

``python -m tests.bench.fleet_writer DB DEAL --rate R --seconds S`` renames deal ``DEAL``
through ``models.operations.deals`` (so history rows and the change counter are written as
users' edits are) to ``E0001``, ``E0002``, … at ``R`` edits per second for ``S`` seconds, and
prints one line per edit: the title and the wall-clock time its transaction committed.

With ``--random SEED`` instead of one deal (``DEAL`` is then ignored), every edit renames an
open deal on the board drawn at random (seeded, so runs compare) to ``R0001``, ``R0002``, …:
what a team does, where most edits touch a card no one else is looking at.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

# The open deals the board shows: not deleted, in a phase that is not archived.
OPEN_ON_BOARD_SQL = (
    "SELECT d.id FROM deal d JOIN phase p ON p.id = d.phase_id"
    " WHERE d.deleted_at IS NULL AND d.status = 'open' AND NOT p.archived ORDER BY d.id"
)


def marker(n: int, prefix: str = "E") -> str:
    """The title of the ``n``-th edit: short enough to show whole on an 80-column board."""
    return f"{prefix}{n:04d}"


def main() -> None:
    """Edit at the asked rate; print ``TITLE TIME`` per committed edit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("deal", type=int)
    parser.add_argument("--rate", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--random", type=int, metavar="SEED", help="edit random open deals")
    args = parser.parse_args()
    from models.operations import deals
    from models.storage.database import open_database
    from models.storage.schema import database_proxy

    open_database(args.db)
    chooser = None if args.random is None else random.Random(args.random)
    ids = [row[0] for row in database_proxy.obj.execute_sql(OPEN_ON_BOARD_SQL)] if chooser else []
    step = 1 / args.rate
    started = time.monotonic()
    n = 0
    while True:
        due = started + n * step
        if due - started >= args.seconds:
            break
        time.sleep(max(due - time.monotonic(), 0))
        n += 1
        title = marker(n, "E" if chooser is None else "R")
        deal = args.deal if chooser is None else chooser.choice(ids)
        deals.edit_deal(deal, {"title": title}, actor="bench-writer")
        print(f"{title} {time.time():.6f}", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
