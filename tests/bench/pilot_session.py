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
(``pilot.press`` idles ≥ 20 ms after each key, which would swamp a cursor move). Beside it,
the UI thread's CPU over the same span (``time.thread_time()`` at the press and at the frame;
the pilot drives the app on the app's own thread): what the key cost the app, whatever else
the machine was doing.

- ``move`` and its floor ``cursor``, taken in turns in one session: ``shift+right`` (then
  ``shift+left`` in the next turn) until the moved card is under the cursor in the
  next/previous column (the operation, the board's reload of the open deals, the repaint);
  then a cursor move (``down`` or ``up``, whichever keeps the cursor card in view, so the
  list does not scroll) until the cursor moved, and the opposite key back onto the moved
  card. Every timed key is pressed after the same settling (``quiet``: workers done, and the
  live refresh given time to apply the last save), so a move and a cursor move are timed
  under the same conditions and a change in the machine's load touches both.
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

INTERACTIONS = frozenset({"move", "search", "detail"})
SEARCH_QUERY = "gemeente"  # "Gemeente Utrecht" and the like: public-sector customers


class FrameClock:
    """Records when the app composes the first frame in which a condition holds.

    Also the UI thread's CPU time up to that frame: ``cpu`` holds it for the last key timed.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.condition: Callable[[], bool] | None = None
        self.seen_at: float | None = None
        self.cpu_at = 0.0
        self.cpu = 0.0  # seconds of UI-thread CPU of the last key timed
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            now, cpu = time.perf_counter(), time.thread_time()
            original(screen, renderable)
            if self.condition is not None and self.seen_at is None and self.condition():
                self.seen_at, self.cpu_at = now, cpu

        app._display = display

    async def time_key(
        self, pilot: Pilot[Any], key: str, condition: Callable[[], bool], timeout: float = 60
    ) -> float:
        """Press ``key``; return the seconds until a frame shows ``condition``."""
        self.condition, self.seen_at = condition, None
        cpu_started = time.thread_time()
        started = time.perf_counter()
        await pilot.press(key)
        deadline = started + timeout
        while self.seen_at is None:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no frame after {key!r} showed the expected state")
            await asyncio.sleep(0.005)
        self.condition = None
        self.cpu = self.cpu_at - cpu_started
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


async def moves_and_cursor(
    pilot: Pilot[Any],
    clock: FrameClock,
    board: Callable[[], Any],
    on_board: Callable[[], bool],
    phases: list[int],
    runs: int,
    out: dict[str, Any],
) -> None:
    """Time ``runs`` moves and twice as many cursor moves, in turns (see the module docstring).

    The card under the cursor moves to ``phases[1]`` and back to ``phases[0]``; after each
    move the cursor goes one card down or up and back onto it.
    """
    from tui.widgets.card_list import CARD_HEIGHT

    moving = board().current_card.id
    for run in range(runs):
        phase = phases[1] if run % 2 == 0 else phases[0]
        key = "shift+right" if run % 2 == 0 else "shift+left"

        def moved(phase: int = phase) -> bool:
            card = board().current_card
            return card is not None and card.id == moving and card.phase_id == phase

        await quiet(pilot, on_board)
        out["move"].append(await clock.time_key(pilot, key, moved))
        out["move_cpu"].append(clock.cpu)
        await quiet(pilot, lambda: on_board() and moved())
        card_list = board().focused_list
        # Down, unless the cursor card is the last one in view or in the list: a cursor
        # move that scrolls the list repaints all of it, which a plain cursor move does not.
        in_view = max((card_list.scrollable_content_region.height + 1) // CARD_HEIGHT, 1)
        top = int(card_list.scroll_y) // CARD_HEIGHT
        last = min(len(card_list.cards), top + in_view) - 1
        keys = ("down", "up") if card_list.cursor < last else ("up", "down")
        for turn, key in enumerate(keys):
            if turn:  # the first waited above, with the move's save
                await quiet(pilot, on_board)
            target = card_list.cursor + (1 if key == "down" else -1)

            def arrived(target: int = target, card_list: Any = card_list) -> bool:
                return bool(card_list.cursor == target)

            out["cursor"].append(await clock.time_key(pilot, key, arrived))
            out["cursor_cpu"].append(clock.cpu)


async def session(
    db: Path, runs: int, entries: int, wanted: frozenset[str] = INTERACTIONS
) -> dict[str, Any]:
    """Run the ``wanted`` interactions ``runs`` times on ``db``; return the timings in seconds."""
    from models.storage.database import open_database

    open_database(db)
    deal_id = history_deal(entries)
    from tui.app import DealboardApp
    from tui.screens.board import BoardScreen
    from tui.screens.detail import DealScreen
    from tui.widgets.board_view import BoardView

    app = DealboardApp(user="bench")
    clock = FrameClock(app)
    out: dict[str, Any] = {
        "cursor": [],
        "move": [],
        "cursor_cpu": [],
        "move_cpu": [],
        "search": [],
        "detail": [],
    }
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

        if "move" in wanted:
            await moves_and_cursor(pilot, clock, board, on_board, phase_ids[:2], runs, out)

        for _ in range(runs if "search" in wanted else 0):  # search as you type, then clear
            await pilot.press("slash")
            await until(pilot, on_board)
            for length in range(1, len(SEARCH_QUERY) + 1):
                typed, before = SEARCH_QUERY[:length], board().lists[0].cards

                def narrowed(typed: str = typed, before: list = before) -> bool:
                    return board_screen.search == typed and board().lists[0].cards is not before

                out["search"].append(await clock.time_key(pilot, typed[-1], narrowed))
            await pilot.press("escape")
            await until(pilot, lambda: on_board() and board_screen.search == "")

        for _ in range(runs if "detail" in wanted else 0):  # the long history, and back
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
    parser.add_argument(
        "--only", default=",".join(sorted(INTERACTIONS)), help="comma-separated: move,search,detail"
    )
    args = parser.parse_args()
    wanted = frozenset(name.strip() for name in args.only.split(",") if name.strip())
    result = asyncio.run(session(args.db, args.runs, args.history, wanted & INTERACTIONS))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
