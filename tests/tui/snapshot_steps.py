"""What the SVG snapshot tests share: the terminal sizes and the wait before a picture.

``test_snapshots.py`` (the English screens) and ``test_snapshots_dutch.py`` (the Dutch ones)
take every picture at both sizes, after the database workers and the repaint are done.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

SIZES = [(80, 24), (120, 40)]


async def settled(pilot: Pilot[Any]) -> None:
    """Wait for the database workers and the repaint before the picture is taken."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
