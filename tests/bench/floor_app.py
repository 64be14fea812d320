"""The floor of the process figures: a minimal Textual app that paints a 40-row DataTable.

``python -m tests.bench.floor_app`` shows a table of 40 invented deals with a footer and
quits on ``q``; ``--exit`` makes it quit by itself right after its first paint. Start-up
time, peak memory and idle CPU of dealboard are read beside this app's, measured the same
way in the same run, so the table says what dealboard adds to what Textual costs anyway.

``PushPopApp`` is the floor of the soak figures: the same table, with ``enter`` pushing a
screen that shows another 40-row table and ``escape`` popping it, the cycle
``soak_session`` repeats hundreds of times.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer

ROWS = 40
MARKER = "floor-row-01"  # the text whose appearance on the terminal is the first paint


def fill(table: DataTable[str]) -> None:
    """Give ``table`` the four columns and 40 rows of invented deals."""
    table.add_columns("Deal", "Organization", "Value", "Phase")
    for row in range(1, ROWS + 1):
        table.add_row(
            f"floor-row-{row:02d}", f"Organization {row}", f"€{row * 1250:,}.00", "Proposal"
        )


class FloorApp(App[None]):
    """A DataTable of 40 rows and a footer: what every Textual app pays for."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit")]

    def __init__(self, *, exit_after_paint: bool = False) -> None:
        super().__init__()
        self.exit_after_paint = exit_after_paint

    def compose(self) -> ComposeResult:
        """The table and the footer."""
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table; quit after the first paint when asked to."""
        table = self.query_one(DataTable)
        fill(table)
        table.focus()
        if self.exit_after_paint:
            self.call_after_refresh(self.exit)


class TableScreen(Screen[None]):
    """A screen with a 40-row table and a footer; ``escape`` closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        """The table and the footer."""
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table."""
        fill(self.query_one(DataTable))
        self.query_one(DataTable).focus()


class PushPopApp(FloorApp):
    """The floor app whose ``enter`` opens a new table screen each time."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("enter", "open", "Open", priority=True),  # before the table's own enter
    ]

    def action_open(self) -> None:
        """Push a new table screen (when none is open)."""
        if not isinstance(self.screen, TableScreen):
            self.push_screen(TableScreen())


if __name__ == "__main__":
    FloorApp(exit_after_paint="--exit" in sys.argv[1:]).run()
