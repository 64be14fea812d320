"""The interaction figures, measured inside the app's own process with Textual's pilot.

``python -m tests.bench.pilot_session DB --runs N`` opens a working copy of a database,
adds one deal with a long history through ``models.operations.deals`` (so it is written as users'
deals are), runs the real ``DealboardApp`` headless at 80×24 and prints the timings as JSON.

What one timing is: ``time.perf_counter()`` just before ``pilot.press(key)`` to the first
frame the app composed afterwards in which the expected state holds — the frame is caught by
wrapping ``App._display``, which every screen update goes through (headless, the frame is
composed, every changed line rendered to segments, but not encoded to terminal bytes). So a
timing covers the key's dispatch, the handler, any database worker and its callback, the
layout and the rendering of the changed lines; it does not include the pilot's own waits
(``pilot.press`` idles ≥ 20 ms after each key, which would swamp a cursor move).

- ``cursor`` (the floor of ``move``): ``down``/``up`` on the board until the cursor moved.
- ``move``: ``shift+right``/``shift+left`` until the moved card is under the cursor in the
  next/previous column (the operation, the board's reload of the open deals, the repaint).
- ``search``: each key of a query typed after ``/`` until the columns show its matches.
- ``detail``: ``enter`` on the deal with the long history until the detail screen shows it
  with every history line.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

SEARCH_QUERY = "gemeente"  # "Gemeente Utrecht" and the like: public-sector customers


class FrameClock:
    """Records when the app composes the first frame in which a condition holds."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.condition: Callable[[], bool] | None = None
        self.seen_at: float | None = None
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            now = time.perf_counter()
            original(screen, renderable)
            if self.condition is not None and self.seen_at is None and self.condition():
                self.seen_at = now

        app._display = display

    async def time_key(
        self, pilot: Pilot[Any], key: str, condition: Callable[[], bool], timeout: float = 60
    ) -> float:
        """Press ``key``; return the seconds until a frame shows ``condition``."""
        self.condition, self.seen_at = condition, None
        started = time.perf_counter()
        await pilot.press(key)
        deadline = started + timeout
        while self.seen_at is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no frame after {key!r} showed the expected state")
            await asyncio.sleep(0.005)
        self.condition = None
        return self.seen_at - started


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 60) -> None:
    """Let the app work until ``condition`` holds and no database worker is running."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        await pilot.pause()
        busy = [w for w in pilot.app.workers if w.group != "live-refresh" and not w.is_finished]
        if not busy and condition():
            return
    raise TimeoutError("the app did not settle")


async def quiet(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Settle, and let live refresh notice a commit and reload before the next timing."""
    await until(pilot, condition)
    live = getattr(pilot.app, "live", None)
    if live is not None:
        await asyncio.sleep(live.interval * 1.5)
        await until(pilot, condition)


def history_deal(entries: int) -> int:
    """Create a deal whose history has ``entries`` lines, through ``models.operations.deals``."""
    from models.operations import deals

    start = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0) - dt.timedelta(days=60)
    deal = deals.create_deal(
        "Benchmark: deal with a long history",
        actor="bench",
        organization="Gemeente Benchmark",
        owner="Bench Mark",
        value="10000",
        phase=None,  # the first active phase
        at=start,
    )
    note = ""
    for n in range(1, entries):
        at = start + dt.timedelta(hours=n)
        if n % 2:
            note = f"{note}\n{at:%Y-%m-%d}: call {n}" if note else f"{at:%Y-%m-%d}: call {n}"
            deals.edit_deal(deal.id, {"note": note}, actor="bench", at=at)
        else:
            deals.edit_deal(deal.id, {"value": f"{10000 + n}.00"}, actor="bench", at=at)
    return deal.id


async def session(db: Path, runs: int, entries: int) -> dict[str, Any]:
    """Run every interaction ``runs`` times on ``db``; return the timings in seconds."""
    from models.storage.database import open_database

    open_database(db)
    deal_id = history_deal(entries)
    from tui.app import DealboardApp
    from tui.screens.board import BoardScreen
    from tui.screens.detail import DealScreen
    from tui.widgets.board_view import BoardView

    app = DealboardApp(user="bench")
    clock = FrameClock(app)
    out: dict[str, Any] = {"cursor": [], "move": [], "search": [], "detail": []}
    async with app.run_test(size=(80, 24)) as pilot:

        def on_board() -> bool:
            return isinstance(app.screen, BoardScreen) and app.screen.data is not None

        await until(pilot, lambda: on_board() and bool(app.screen.query(BoardView)))
        board_screen: Any = app.screen

        def board() -> BoardView:
            return board_screen.query_one(BoardView)

        await until(pilot, lambda: board().current_card is not None)
        first = board().lists[0]
        out["open_deals"] = sum(len(column.cards) for column in board_screen.data.columns)
        phase_ids = [column.phase_id for column in board_screen.data.columns]

        for run in range(runs * 2):  # the floor: a cursor move, down then up
            target = first.cursor + (1 if run % 2 == 0 else -1)
            key = "down" if run % 2 == 0 else "up"
            out["cursor"].append(
                await clock.time_key(pilot, key, lambda t=target: first.cursor == t)
            )
            await until(pilot, on_board)

        moving = board().current_card.id
        for run in range(runs):  # one phase right, then back left
            phase = phase_ids[1] if run % 2 == 0 else phase_ids[0]
            key = "shift+right" if run % 2 == 0 else "shift+left"

            def moved(phase: int = phase) -> bool:
                card = board().current_card
                return card is not None and card.id == moving and card.phase_id == phase

            out["move"].append(await clock.time_key(pilot, key, moved))
            await quiet(pilot, lambda: on_board() and moved())

        for _ in range(runs):  # search as you type, then clear
            await pilot.press("slash")
            await until(pilot, on_board)
            for length in range(1, len(SEARCH_QUERY) + 1):
                typed, before = SEARCH_QUERY[:length], board().lists[0].cards

                def narrowed(typed: str = typed, before: list = before) -> bool:
                    return board_screen.search == typed and board().lists[0].cards is not before

                out["search"].append(await clock.time_key(pilot, typed[-1], narrowed))
            await pilot.press("escape")
            await until(pilot, lambda: on_board() and board_screen.search == "")

        for _ in range(runs):  # open the deal with the long history, and back
            board().focus_board()
            first.focus()
            await pilot.press("end")
            await until(pilot, lambda: on_board() and board().current_card.id == deal_id)

            def shown() -> bool:
                screen = app.screen
                if not isinstance(screen, DealScreen) or screen.data is None:
                    return False
                return screen.query_one("#history").row_count == entries

            out["detail"].append(await clock.time_key(pilot, "enter", shown))
            await until(pilot, shown)
            await pilot.press("escape")
            await quiet(pilot, on_board)
    return out


def main() -> None:
    """Parse the arguments, run the session, print the timings as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--history", type=int, default=200)
    args = parser.parse_args()
    result = asyncio.run(session(args.db, args.runs, args.history))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
