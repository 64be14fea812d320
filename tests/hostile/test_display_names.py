"""Phase and reason names at 80x24: the phase screen, the report, help and the reason picker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import DataTable

from tests.hostile.corpus import BY_ID
from tests.hostile.display_helpers import (
    HEIGHT,
    LOST_FOR,
    NAMES,
    WIDTH,
    Hostiles,
    Screens,
    page_through,
    quick_settle,
)
from tests.hostile.display_helpers import db_file as db_file  # the database make_app opens
from tests.hostile.display_helpers import hostile_file as hostile_file  # a copy per module
from tests.tui.conftest import make_app as make_app  # the app on ``db_file`` above
from tests.tui.conftest import settle
from tests.tui.conftest import utc_timezone as utc_timezone  # autouse: times shown in UTC
from tui.screens.phases import PhasesScreen
from tui.widgets.report_view import TABS as REPORT_SECTIONS

SECTIONS = len(REPORT_SECTIONS)


# -- phases, reasons, help ----------------------------------------------------------------


async def test_phase_screen_lists_every_name_escaped(
    make_app: Callable[..., Any], hostile_file: Hostiles
) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PhasesScreen)
        screens = Screens(app)
        for kind in ("phase", "reason"):
            table = app.screen.query_one(f"#{kind}-table", DataTable)
            table.focus()
            await page_through(pilot, screens, table, table.row_count, f"{kind} table")
        gone = screens.missing(hostile_file.names, 12)
        assert not gone, "names not listed:\n" + "\n".join(gone)
        await pilot.press("question_mark")
        await settle(pilot, app)
        screens.look("help of the phase screen")
        await pilot.press("escape")
        await settle(pilot, app)
        # Renaming starts from the current name: a raw escape sequence must not be in it.
        for table, name, key in (("reason", "ansi-red", "e"), ("phase", "ansi-red", "e")):
            await select_row(pilot, app, table, BY_ID[name].value)
            await pilot.press(key)
            await settle(pilot, app)
            screens.look(f"rename form of the {table} {name}")
            await pilot.press("escape")
            await settle(pilot, app)
        screens.verdict()


async def select_row(pilot: Any, app: Any, kind: str, name: str) -> None:
    """Put the cursor of the phase or reason table on the row named ``name``."""
    screen = app.screen
    assert screen.config is not None
    rows = screen.config["phases" if kind == "phase" else "reasons"]
    index = next(i for i, row in enumerate(rows) if row["name"] == name)
    table = screen.query_one(f"#{kind}-table")
    table.focus()
    table.move_cursor(row=index, animate=False)
    await pilot.pause()


async def test_reason_picker_help_and_reports(make_app: Callable[..., Any]) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        screens = Screens(app)
        # The management information names owners, sources, reasons and competitors.
        await pilot.press("m")
        await settle(pilot, app)
        for section in range(SECTIONS):
            screens.look(f"report section {section}")
            await pilot.press("right")
            await quick_settle(pilot, app)
        gone = screens.missing([BY_ID[ident].value for ident in LOST_FOR[:3]], 20)
        assert not gone, "reasons not in the report:\n" + "\n".join(gone)
        screens.seen.clear()
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        screens.look("help of the board")
        await pilot.press("escape")
        await pilot.press("r")  # reject: the close form with every reason in its picker
        await settle(pilot, app)
        screens.look("close form")
        await pilot.press("enter")
        await pilot.pause()
        for page in range(len(NAMES) // 8 + 2):
            screens.look(f"reason picker page {page}")
            await pilot.press("pagedown")
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        screens.verdict()
