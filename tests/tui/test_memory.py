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

import pytest

from tests.bench.soak_session import KEYS, on_board, shown, until
from tests.tui.memory_check import ROUNDS, WARMUP_ROUNDS, check_screens_leave_nothing_behind

# What a screen keeps is made when it is painted: every frame is painted here as on a terminal.
pytestmark = pytest.mark.paints_frames


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
