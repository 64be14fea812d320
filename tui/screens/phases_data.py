"""What the phase configuration screen reads and shows: phases and reasons, as table rows."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from typing import Any, TypedDict

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from models.domain.i18n import format_whole_percent
from models.operations import reasons
from models.queries.view_types import PhaseSummary
from tui.formatting import Money, plain
from tui.i18n import N_, _
from tui.screens.phases_forms import applies_label

# (label, width or None to fit the content); the names are cut with an ellipsis. The labels
# are marked here and translated when the screen adds the columns.
PHASE_COLUMNS = [
    (N_("Pos"), None),
    (N_("Phase"), 24),
    (N_("Prob."), None),
    (N_("Open"), None),
    (N_("Deals"), None),
    (N_("Open value"), None),
    (N_("Archived"), None),
]
REASON_COLUMNS = [(N_("Reason"), 40), (N_("Applies to"), None), (N_("Archived"), None)]
ARCHIVED = N_("archived")  # the mark in the last column of an archived phase or reason


class ReasonRow(TypedDict):
    """A reason as the reasons table shows it."""

    id: int
    name: str
    applies_to: str
    archived: bool


class Configuration(TypedDict):
    """What the screen shows: phases with their usage, reasons, and the money settings."""

    phases: list[PhaseSummary]
    reasons: list[ReasonRow]
    settings: dict[str, str]


def load_configuration() -> Configuration:
    """Phases with their usage, reasons, and money settings (runs in a worker)."""
    from models.operations.settings import get_settings
    from models.queries.deal_views import phase_overview

    return {
        "phases": phase_overview(),
        "reasons": [
            {"id": r.id, "name": r.name, "applies_to": r.applies_to, "archived": bool(r.archived)}
            for r in reasons.all_reasons()
        ],
        "settings": get_settings(),
    }


def phase_cells(row: PhaseSummary, money: Money) -> tuple[Text | str, ...]:
    """One phase's cells, in the order of ``PHASE_COLUMNS``."""
    return (
        Text(str(row["position"]), justify="right"),
        plain(row["name"], "dim" if row["archived"] else "bold"),
        Text(format_whole_percent(row["probability"]), justify="right"),
        Text(str(row["open_count"]), justify="right"),
        Text(str(row["deals"]), justify="right"),
        Text(money.whole(row["open_value_cents"]), justify="right"),
        _(ARCHIVED) if row["archived"] else "",
    )


def reason_cells(reason: ReasonRow) -> tuple[Text | str, ...]:
    """One reason's cells, in the order of ``REASON_COLUMNS``."""
    return (
        plain(reason["name"], "dim" if reason["archived"] else ""),
        applies_label(reason["applies_to"]),
        _(ARCHIVED) if reason["archived"] else "",
    )


Cells = tuple[Text | str, ...]


def fill_table(table: DataTable[Any], rows: Sequence[tuple[str, Cells]], keep: int | None) -> None:
    """Replace a table's rows, keyed by id, keeping the cursor and the scroll position.

    The cursor goes to the row ``keep`` (an id), else stays on the row it was on; when that
    row is gone (someone deleted it), it stays on the same line, or the last one.
    """
    line, scroll_y = table.cursor_row, table.scroll_y
    key = str(keep) if keep is not None else None
    if key is None and table.row_count:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    table.clear()
    for row_key, cells in rows:
        table.add_row(*cells, key=row_key)
    if not rows:
        return
    with suppress(RowDoesNotExist):  # gone: the cursor stays on the same line
        line = table.get_row_index(key) if key is not None else line
    # clear() scrolled to the top; back to where the user was once the new height is known,
    # then the cursor is scrolled into view (both after the next refresh, in this order).
    table.call_after_refresh(table.scroll_to, y=scroll_y, animate=False)
    table.move_cursor(row=min(line, len(rows) - 1), animate=False)
