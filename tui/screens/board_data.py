"""What the board reads and works out from it: the first quick load, a new deal's phase."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from models.queries.board import BoardData, Column, load_board

if TYPE_CHECKING:
    from tui.first_cards import FirstCards

# Cards per column in the first, quick load: more than any terminal shows at once.
FIRST_CARDS = 40
FIRST_PAINT_WAIT = 1.0  # seconds the full load waits at most for the first cards' frame
PAINT_POLL = 0.005  # seconds between its looks whether that frame is painted


def first_then_all(
    show_first: Callable[[BoardData], object],
    reading: FirstCards | None,
    status: str,
    now: dt.datetime,
) -> BoardData:
    """Hand the first cards of every column to ``show_first``, then read them all (a worker).

    The first cards are ``reading``'s (read while the app started) unless it failed.
    """
    first = reading.wait() if reading is not None else None
    show_first(first if first is not None else load_board(status, now, first=FIRST_CARDS))
    return load_board(status, now)


def all_once_painted(painted: threading.Event, status: str, now: dt.datetime) -> BoardData:
    """Read every card once the first cards' frame is painted (a worker, ``wait_painted``)."""
    wait_painted(painted)
    return load_board(status, now)


def wait_painted(painted: threading.Event) -> None:
    """Return once ``painted`` is set, or after ``FIRST_PAINT_WAIT`` seconds (a worker).

    The full load turns thousands of rows into cards in Python, which would hold the
    interpreter in turns with the first frame and delay it (docs/performance.md).
    """
    # Short relative sleeps, not ``painted.wait(FIRST_PAINT_WAIT)``: a timed wait gives
    # the kernel an absolute monotonic deadline, which never comes under libfaketime
    # (docs/development.md), and an app that quits before painting would hang there.
    deadline = time.monotonic() + FIRST_PAINT_WAIT
    while not painted.is_set() and time.monotonic() < deadline:
        time.sleep(PAINT_POLL)


def new_deal_phase(columns: Sequence[Column], focused: int | None) -> tuple[int | None, str]:
    """The phase (id and name) a new deal goes into: the focused one, unless it is archived."""
    if focused is None:
        return None, ""
    column = next((c for c in columns if c.phase_id == focused), None)
    if column is None:
        return focused, ""
    if column.archived:
        return None, ""
    return focused, column.name
