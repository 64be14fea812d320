"""Write SVG screenshots of every screen, on demo data, into ``screenshots/``.

Run ``python -m tui.screenshots [DIR]`` from the repository. The demo database is built with
a fixed seed and clock, and times are shown in UTC, so the pictures only change when the
screens do. The English pictures are taken on an English demo; the Dutch ones (``*-nl.svg``:
board, detail, management and help) on a Dutch demo (``--lang nl``) in a Dutch session.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.pilot import Pilot

SIZE = (100, 30)
DEMO_NOW = dt.datetime(2026, 11, 27, 9, 0)

# file name → keys pressed on the board before the picture is taken
SHOTS: dict[str, list[str]] = {
    "board": [],
    "board-won": ["f"],
    "list": ["t"],
    "detail": ["right", "right", "enter"],
    "new-deal": ["n"],
    "reject": ["right", "right", "right", "r"],
    "phases": ["p"],
    "merge": ["p", "g"],
    "help": ["question_mark"],
    "deleted": ["D"],
    "agenda": ["g"],
    "management": ["m"],
    "won-lost": ["m", "2"],
    "calibration": ["m", "4"],
    "reasons": ["m", "5"],
    "forecast": ["m", "6"],
    "win-rate": ["m", "7"],
    "flow": ["m", "8"],
    "trend": ["m", "9"],
}
# The Dutch pictures, each taken on a Dutch demo in a Dutch session: file name → keys.
DUTCH_SHOTS: dict[str, list[str]] = {
    "board-nl": [],
    "detail-nl": ["right", "right", "enter"],
    "management-nl": ["m"],
    "help-nl": ["question_mark"],
}


async def _settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def _shoot(name: str, keys: list[str], target: Path, lang: str = "en") -> Path:
    from tui.app import DealboardApp

    app = DealboardApp(user="demo", clock=lambda: DEMO_NOW, lang=lang)
    path = target / f"{name}.svg"
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        app.save_screenshot(filename=path.name, path=str(target))
    return path


def _shoot_all(shots: dict[str, list[str]], lang: str, target: Path, scratch: Path) -> None:
    """Build a demo in ``lang`` and take ``shots`` on it in a ``lang`` session."""
    from models.demo.build import build_demo
    from models.storage.database import open_database

    db_path = scratch / f"demo-{lang}.sqlite"
    build_demo(db_path, deals=400, seed=7, lang=lang, now=DEMO_NOW)
    open_database(db_path)
    for name, keys in shots.items():
        print(asyncio.run(_shoot(name, keys, target, lang)))


def main(argv: list[str] | None = None) -> int:
    """Build the demo databases and write one screenshot per screen; print the files."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    target = Path(argv[0] if argv else "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        _shoot_all(SHOTS, "en", target, Path(scratch))
        _shoot_all(DUTCH_SHOTS, "nl", target, Path(scratch))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
