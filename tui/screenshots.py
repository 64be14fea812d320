"""Write SVG screenshots of every screen, on demo data, into ``screenshots/``.

Run ``python -m tui.screenshots`` from the repository. The demo database is built with a
fixed seed and clock so the pictures only change when the screens do.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

SIZE = (100, 30)
DEMO_NOW = dt.datetime(2026, 11, 27, 9, 0)


async def _shoot(target: Path) -> list[Path]:
    from tui.app import DealboardApp

    app = DealboardApp(user="demo")
    written = []
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = target / "board.svg"
        app.save_screenshot(str(path))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Build the demo database and write the screenshots; print the files written."""
    from models.database import open_database
    from models.demo import build_demo

    target = Path(argv[0] if argv else "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "demo.sqlite"
        build_demo(db_path, deals=400, seed=7, now=DEMO_NOW)
        open_database(db_path)
        for path in asyncio.run(_shoot(target)):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
