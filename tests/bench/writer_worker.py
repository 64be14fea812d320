"""One writer process of the writers figure: saves through ``models.operations.deals`` for a fixed time.

``python -m tests.bench.writer_worker DB --index I --of N --seconds S`` opens the database
as the app does, takes the open deals whose id is I modulo N (so no two writers edit the
same deal and every failure is a real one, not an expected conflict), prints ``ready``,
waits for a line on stdin, then for S seconds saves in a loop — about 60 % field edits
(value or note, as the detail screen saves them) and 40 % phase moves (as ``>``/``<`` on the
board) — and prints what happened as JSON: saves, errors by kind, save latencies.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from typing import Any

MAX_DEALS = 400  # deals per writer; enough to spread the writes over the file


def run(db: str, index: int, of: int, seconds: float, seed: int) -> dict[str, Any]:
    """Prepare, wait for the go, save for ``seconds``; return counts and latencies."""
    from models.domain.errors import DealboardError
    from models.operations import deals
    from models.operations.lookup import active_phases
    from models.storage.database import open_database
    from models.storage.schema import Deal

    open_database(db)
    order = {phase.id: n for n, phase in enumerate(active_phases())}
    rows = (
        Deal.select(Deal.id, Deal.phase)
        .where(Deal.status == "open", Deal.deleted_at.is_null())
        .order_by(Deal.id)
        .tuples()
    )
    mine = {deal_id: order[phase] for deal_id, phase in rows if deal_id % of == index}
    mine = dict(list(mine.items())[:MAX_DEALS])
    ids = list(mine)
    rng = random.Random(seed * 1000 + index)
    print("ready", flush=True)
    sys.stdin.readline()
    saves, errors, latencies = 0, {}, []
    user = f"writer-{index}"
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        deal_id = rng.choice(ids)
        started = time.perf_counter()
        try:
            if rng.random() < 0.4:
                step = 1 if mine[deal_id] < len(order) - 1 else -1
                if mine[deal_id] > 0 and rng.random() < 0.5:
                    step = -1
                deals.step_deal(deal_id, step, actor=user)
                mine[deal_id] += step
            elif rng.random() < 0.5:
                cents = rng.randrange(100_000, 10_000_000)
                deals.edit_deal(deal_id, {"value": f"{cents // 100}.{cents % 100:02d}"}, actor=user)
            else:
                deals.edit_deal(deal_id, {"note": f"call {rng.randrange(10**6)}"}, actor=user)
        except DealboardError as error:
            errors[type(error).__name__] = errors.get(type(error).__name__, 0) + 1
            continue
        latencies.append(time.perf_counter() - started)
        saves += 1
    return {"saves": saves, "errors": errors, "latencies": latencies, "deals": len(ids)}


def main() -> None:
    """Parse the arguments, write, print the result as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--index", type=int, required=True)
    parser.add_argument("--of", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.db, args.index, args.of, args.seconds, args.seed)), flush=True)


if __name__ == "__main__":
    main()
