"""Column widths that follow the terminal: numbers whole, text columns share what is left."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size


@dataclass(frozen=True)
class ColumnFit:
    """What one column needs: its widest cell, and how far (if at all) it may shrink.

    ``minimum`` None means the column is never cut (numbers, dates, statuses: a cut amount
    is a wrong amount). Text columns shrink in proportion to ``weight`` down to
    ``minimum``; the one marked ``grow`` also takes any width left over.
    """

    key: str
    natural: int
    minimum: int | None = None
    weight: float = 1.0
    grow: bool = False


def fit_widths(columns: list[ColumnFit], available: int) -> dict[str, int]:
    """Widths in cells for ``columns`` to fill ``available`` cells, as far as they can.

    When everything fits whole, the growing column takes the rest. Otherwise text columns
    give up cells one at a time, always the one widest for its weight, until the row fits
    or every text column is at its minimum (then the table scrolls sideways).
    """
    widths = {
        column.key: column.natural
        if column.minimum is None
        else max(min(column.natural, available), column.minimum)
        for column in columns
    }
    excess = sum(widths.values()) - available
    if excess <= 0:
        grower = next((column.key for column in columns if column.grow), None)
        if grower is not None:
            widths[grower] -= excess
        return widths
    floors = {column.key: column.minimum for column in columns if column.minimum is not None}
    weights = {column.key: column.weight for column in columns}
    while excess > 0:
        candidates = [key for key, floor in floors.items() if widths[key] > floor]
        if not candidates:
            break
        widest = max(candidates, key=lambda key: widths[key] / weights[key])
        widths[widest] -= 1
        excess -= 1
    return widths


def header_label(name: str, mark: str, width: int, short: str = "") -> str:
    """A column's name, fitted with its sort ``mark`` into ``width`` cells.

    The whole name when it fits; else its ``short`` form (``Org.``) when one is given and
    fits; else the name cut with an ellipsis.
    """
    room = width - cell_len(mark)
    if cell_len(name) <= room:
        return name + mark
    if short and cell_len(short) <= room:
        return short + mark
    if room <= 1:
        return set_cell_size(name, max(room, 0)) + mark
    return set_cell_size(name, room - 1) + "…" + mark
