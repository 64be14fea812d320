"""A working day in one process: open and close one screen hundreds of times, read the memory.

``python -m tests.bench.soak_session DB --screen detail --openings 500`` runs the real
``DealboardApp`` headless at 80×24 on ``DB`` and opens and closes one screen the way a user
does — ``detail``: ``down``, ``enter``, ``escape`` on the board; ``management``: ``m``,
``escape``; ``help``: ``?``, ``escape`` — waiting after each key until the screen is shown
with its data and every database worker is done. The resident memory of the process
(``VmRSS``, after a garbage collection) is read after the warm-up openings (20) and after the
last one, and printed as JSON. ``--screen floor`` does the same push/pop cycle in the minimal
Textual app (``floor_app.PushPopApp``): what Textual itself costs.

``open_and_close`` is also what ``tests/tui/test_memory.py`` drives.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

WARMUP = 20
SCREENS = ("detail", "management", "help")
KEYS = {"detail": ("down", "enter"), "management": ("m",), "help": ("question_mark",)}


def rss_kib() -> int:
    """This process's resident memory, in KiB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1])


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 60) -> None:
    """Let the app work until ``condition`` holds and no worker is running."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        await pilot.pause()
        busy = [worker for worker in pilot.app.workers if not worker.is_finished]
        if not busy and condition():
            return
    raise TimeoutError("the app did not settle")


def shown(app: App[Any], screen: str) -> bool:
    """Whether ``screen`` is on top with its data loaded."""
    from tui.screens.detail import DealScreen
    from tui.screens.help import HelpScreen
    from tui.screens.management import ManagementScreen

    top = app.screen
    if screen == "detail":
        return isinstance(top, DealScreen) and top.data is not None
    if screen == "management":
        return isinstance(top, ManagementScreen) and top.report is not None
    return isinstance(top, HelpScreen)


def on_board(app: App[Any]) -> bool:
    """Whether the board is on top with its deals loaded."""
    from tui.screens.board import BoardScreen

    return isinstance(app.screen, BoardScreen) and app.screen.data is not None


async def open_and_close(pilot: Pilot[Any], screen: str) -> None:
    """Open ``screen`` from the board with the user's keys, then go back to the board."""
    app = pilot.app
    for key in KEYS[screen]:
        await pilot.press(key)
    await until(pilot, lambda: shown(app, screen))
    await pilot.press("escape")
    await until(pilot, lambda: on_board(app))


async def floor_open_and_close(pilot: Pilot[Any]) -> None:
    """The minimal app's cycle: push the table screen with ``enter``, pop it with ``escape``."""
    from tests.bench.floor_app import TableScreen

    app = pilot.app
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, TableScreen))
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(app.screen, TableScreen))


def settled_rss_kib() -> int:
    """Resident memory after collecting garbage (what is still referenced, plus the heap)."""
    gc.collect()
    return rss_kib()


async def session(db: Path | None, screen: str, openings: int) -> dict[str, Any]:
    """Open and close ``screen`` ``WARMUP + openings`` times; return the memory read twice."""
    if screen == "floor":
        from tests.bench.floor_app import PushPopApp

        app: App[Any] = PushPopApp()

        async def cycle(pilot: Pilot[Any]) -> None:
            await floor_open_and_close(pilot)
    else:
        from models.storage.database import open_database
        from tui.app import DealboardApp

        assert db is not None
        open_database(db)
        app = DealboardApp(user="bench")

        async def cycle(pilot: Pilot[Any]) -> None:
            await open_and_close(pilot, screen)

    started = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        if screen != "floor":
            await until(pilot, lambda: on_board(app))
        for _ in range(WARMUP):
            await cycle(pilot)
        before = settled_rss_kib()
        for _ in range(openings):
            await cycle(pilot)
        after = settled_rss_kib()
    return {
        "screen": screen,
        "warmup": WARMUP,
        "openings": WARMUP + openings,
        "before_kib": before,
        "after_kib": after,
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    """Parse the arguments, run the session, print the memory figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, nargs="?")
    parser.add_argument("--screen", choices=[*SCREENS, "floor"], required=True)
    parser.add_argument("--openings", type=int, default=480, help="after the warm-up")
    args = parser.parse_args()
    if args.screen != "floor" and args.db is None:
        parser.error("a database is needed for the app's screens")
    print(json.dumps(asyncio.run(session(args.db, args.screen, args.openings))))


if __name__ == "__main__":
    main()
