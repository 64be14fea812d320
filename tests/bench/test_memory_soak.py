"""The memory soak of ``tests/tui/test_memory.py`` at full length: 51 openings, not 15.

Its memory bound catches a leak the size of the old footer's only after some thirty
openings, too slow for the default run; this runs in the benchmarks' own CI step
(``pytest -n 0 tests/bench``), alone on the machine.
"""

from __future__ import annotations

from tests.tui.conftest import db_file as db_file  # the small pipeline of tests/tui
from tests.tui.conftest import make_app as make_app
from tests.tui.conftest import pipeline_template as pipeline_template  # db_file copies it
from tests.tui.conftest import utc_timezone as utc_timezone  # autouse: times shown in UTC
from tests.tui.memory_check import (
    SOAK_ROUNDS,
    SOAK_WARMUP_ROUNDS,
    check_screens_leave_nothing_behind,
)


async def test_screens_opened_fifty_times_leave_no_widgets_and_no_memory_behind(make_app) -> None:
    await check_screens_leave_nothing_behind(make_app(), SOAK_WARMUP_ROUNDS, SOAK_ROUNDS)
