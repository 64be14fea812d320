"""A working day without growing: opening screens again and again leaves nothing behind.

The app opens and closes the deal detail, the management screen and the help in turns, as a
salesperson does all day. After a warm-up (first-use imports, Textual's style caches) two
things are read, and read again after many more openings:

- the widgets, workers and timers still alive (after a garbage collection): exact, so a
  screen, a footer key or a worker kept by a reference is caught on any machine;
- the resident memory of the process (``VmRSS``): what the user's machine pays.

Before the fix the board's footer kept every key it had replaced, some two dozen widgets per
screen opened on top of it (``tui/widgets/key_footer.py``).

The default run opens each screen 5 times (15 openings, about 10 s): the exact count catches
a leak of two objects a round, the footer's was 88. The memory bound needs more openings to
bite (the footer's leak was 6 MiB after 3 rounds, 20 after 10), so the same check with 51
openings runs with the benchmarks, in their own CI step (``tests/bench/test_memory_soak.py``).
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import Worker

from tests.bench.soak_session import KEYS, SCREENS, on_board, open_and_close, rss_kib, shown, until
from tui.app import DealboardApp

# What a screen keeps is made when it is painted: every frame is painted here as on a terminal.
pytestmark = pytest.mark.paints_frames

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


async def test_screens_opened_all_day_leave_no_widgets_and_no_memory_behind(make_app) -> None:
    await check_screens_leave_nothing_behind(make_app(), WARMUP_ROUNDS, ROUNDS)


async def test_a_closed_help_or_management_screen_keeps_no_rendered_lines(make_app) -> None:
    # Textual's style-cache memo outlives the screen; what it keeps must be empty.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: on_board(app))
        for screen in ("help", "management"):
            await pilot.press(*KEYS[screen])
            await until(pilot, lambda screen=screen: shown(app, screen))
            widgets = list(app.screen.walk_children(with_self=True))
            assert any(widget._styles_cache._cache for widget in widgets)  # it was painted
            await pilot.press("escape")
            await until(pilot, lambda: on_board(app))
            kept = [type(w).__name__ for w in widgets if w._styles_cache._cache]
            assert not kept, f"{screen}: closed widgets still hold lines: {kept}"
