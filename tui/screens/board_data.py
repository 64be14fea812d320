"""What the board reads and works out from it: the first quick load, a new deal's phase."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from models.queries.board import BoardData, Column, load_board

# Cards per column in the first, quick load: more than any terminal shows at once.
FIRST_CARDS = 40


def first_then_all(
    show_first: Callable[[BoardData], object], status: str, now: dt.datetime
) -> BoardData:
    """Hand the first cards of every column to ``show_first``, then read them all (a worker)."""
    show_first(load_board(status, now, first=FIRST_CARDS))
    return load_board(status, now)


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
