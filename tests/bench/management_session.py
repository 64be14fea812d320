"""The management figure, measured inside the app's own process with Textual's pilot.

``python -m tests.bench.management_session DB --runs N`` runs the real ``DealboardApp``
headless at 80×24 on a database and prints the timings as JSON. Each timing is taken as
``tests.bench.pilot_session`` takes its own (``time.perf_counter()`` before
``pilot.press(key)`` to the first frame the app composed in which the expected state holds):

- ``first``: ``m`` on the board until the management screen shows its first section, the
  Pipeline tab with its total line (the screen, its worker, the database and the drawing).
- ``complete``: from the same ``m`` until every section of the report has arrived, so that
  any tab shows at once.
- ``help`` (the floor): ``?`` on the board until the help screen is on screen; a screen of
  about the same size that reads nothing from the database.

The board is left in between (``escape``) and the app settles, so every opening builds a new
management screen, as a user's ``m`` does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

from tests.bench.pilot_session import FrameClock, until

FIRST_SECTION_MARK = "Total"  # the last line of the Pipeline tab, drawn from the report


def section_text(screen: Any) -> str:
    """The plain text of the management screen's section on screen."""
    from textual.widgets import Static

    content = screen.query_one("#report-section", Static).content
    return str(getattr(content, "plain", content))


async def session(db: Path, runs: int) -> dict[str, Any]:
    """Open the management screen and the help ``runs`` times each; timings in seconds."""
    from models.storage.database import open_database

    open_database(db)
    from tui.app import DealboardApp
    from tui.screens.board import BoardScreen
    from tui.screens.help import HelpScreen
    from tui.screens.management import ManagementScreen

    app = DealboardApp(user="bench")
    clock = FrameClock(app)
    out: dict[str, Any] = {"first": [], "complete": [], "help": []}
    async with app.run_test(size=(80, 24)) as pilot:

        def on_board() -> bool:
            return isinstance(app.screen, BoardScreen) and app.screen.data is not None

        await until(pilot, on_board)

        def first_shown() -> bool:
            screen = app.screen
            return (
                isinstance(screen, ManagementScreen)
                and screen.section == "pipeline"
                and FIRST_SECTION_MARK in section_text(screen)
            )

        for _ in range(runs):
            started = time.perf_counter()
            out["first"].append(await clock.time_key(pilot, "m", first_shown))
            screen = app.screen
            while getattr(screen, "report", None) is None:
                await asyncio.sleep(0.005)
            out["complete"].append(time.perf_counter() - started)
            await until(pilot, lambda: isinstance(app.screen, ManagementScreen))
            await pilot.press("escape")
            await until(pilot, on_board)

            def help_shown() -> bool:
                return isinstance(app.screen, HelpScreen)

            out["help"].append(await clock.time_key(pilot, "question_mark", help_shown))
            await until(pilot, help_shown)
            await pilot.press("escape")
            await until(pilot, on_board)
    return out


def main() -> None:
    """Parse the arguments, run the session, print the timings as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(session(args.db, args.runs))))


if __name__ == "__main__":
    main()
