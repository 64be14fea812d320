"""The check that opening screens again and again leaves nothing behind, and its lengths.

``check_screens_leave_nothing_behind`` opens and closes the deal detail, the management
screen and the help in turns, then reads the widgets, workers and timers still alive and the
process's resident memory, opens them many more times and reads again: nothing may grow
beyond ``SLACK`` objects and ``RSS_BOUND_KIB``. ``tests/tui/test_memory.py`` runs it short in
the default run, ``tests/bench/test_memory_soak.py`` at full length (``SOAK_*``).
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker

from tests.bench.soak_session import SCREENS, on_board, open_and_close, rss_kib, until
from tui.app import DealboardApp

# Each round opens and closes every screen once. The counts are steady after one round.
WARMUP_ROUNDS = 2
ROUNDS = 3
# The soak in the benchmark step: 21 openings to warm up, 30 more.
SOAK_WARMUP_ROUNDS = 7
SOAK_ROUNDS = 10
# The target is within 10 MiB of opening 20 after opening 500 of each screen (1,440 more
# openings); these few openings must stay within that, with room for Textual's style caches,
# which fill up to a fixed size. Before the fix the footer alone added about 0.6 MiB each.
RSS_BOUND_KIB = 10 * 1024
# A worker or timer may still be finishing when the count is taken; a leak is dozens a round.
SLACK = 4


def live_objects() -> Counter[str]:
    """Widgets (by class), workers and timers that are still alive after a collection."""
    gc.collect()
    alive: Counter[str] = Counter()
    for obj in gc.get_objects():
        if isinstance(obj, Widget):
            alive[type(obj).__name__] += 1
        elif isinstance(obj, Worker):
            alive["Worker"] += 1
        elif isinstance(obj, Timer):
            alive["Timer"] += 1
    return alive


def closing_screens(app: App[Any]) -> list[Screen[Any]]:
    """Screens popped but still being taken apart (registered, yet neither shown nor kept)."""
    kept = set(app.screen_stack) | set(app._installed_screens.values())
    return [node for node in app._registry if isinstance(node, Screen) and node not in kept]


async def closed(pilot: Pilot[Any], timeout: float = 5) -> None:
    """Wait until the screens popped last are taken apart, so the count does not see them.

    Back on the board is not yet gone: Textual removes a popped screen's widgets after the
    pop, one message at a time, and a loaded machine caught the last help screen and its
    widgets on the way out (nine objects over the slack). A screen still there after
    ``timeout`` is kept by something, and the count fails as it should.
    """
    deadline = time.monotonic() + timeout
    while closing_screens(pilot.app) and time.monotonic() < deadline:
        await pilot.pause(0.02)


async def check_screens_leave_nothing_behind(
    app: DealboardApp, warmup_rounds: int, rounds: int
) -> None:
    """Open every screen ``warmup_rounds`` times, then ``rounds`` times more: nothing may grow."""
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: on_board(app))

        async def run(count: int) -> None:
            for _ in range(count):
                for screen in SCREENS:
                    await open_and_close(pilot, screen)

        await run(warmup_rounds)
        await closed(pilot)
        before, rss_before = live_objects(), rss_kib()
        await run(rounds)
        await closed(pilot)
        after, rss_after = live_objects(), rss_kib()

    grown = {name: after[name] - before[name] for name in after if after[name] > before[name]}
    assert sum(grown.values()) <= SLACK, f"still alive after {rounds} more rounds: {grown}"
    growth = rss_after - rss_before
    assert growth <= RSS_BOUND_KIB, f"memory grew {growth / 1024:.1f} MiB in {rounds} rounds"
