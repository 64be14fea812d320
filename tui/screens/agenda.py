"""Agenda: the open deals' next steps, overdue first, then today, this week and later."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Static

from models.queries.view_types import AgendaEntry
from tui.dbwork import run_db
from tui.i18n import N_, _
from tui.running_app import dealboard_app
from tui.screens.agenda_data import (
    COLUMNS,
    AgendaData,
    column_labels,
    column_widths,
    empty_text,
    load_agenda_data,
    summary,
    table_rows,
    title_text,
)
from tui.widgets.agenda_table import AgendaTable
from tui.widgets.key_footer import KeyFooter


class AgendaScreen(Screen[None]):
    """Next steps grouped by when they are due; `enter` opens the deal, `u` only yours."""

    CSS_PATH = "agenda.tcss"
    HELP_TITLE = N_("Agenda")
    HELP_TEXT = N_(
        "The open deals that have a next step, grouped: Overdue (its day has passed), Today,"
        " This week (to Sunday), Later, and steps without a date last. Days are those of the"
        " database's time zone. A deal's next step and its date are set in its detail screen."
        " u shows only your deals (owned by your login or your display name) or everyone's"
        " again. The list follows other people's changes by itself."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "u", "toggle_mine", N_("My deals"), id="agenda-mine", tooltip=N_("Only your deals")
        ),
        Binding("escape", "back", N_("Back"), id="back", tooltip=N_("Back to the board")),
        Binding("q", "back", N_("Back"), show=False, id="back-q", tooltip=N_("Back to the board")),
    ]

    mine: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.data: AgendaData | None = None
        self._widths: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        """Title, the table, the selected step in full, and the footer."""
        yield Static(_(self.HELP_TITLE), id="agenda-title", markup=False)
        yield AgendaTable(id="agenda", cursor_type="row", zebra_stripes=True)
        yield Static("", id="agenda-empty", markup=False)
        yield Static("", id="agenda-selected", markup=False)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Read the agenda."""
        self.load()

    def on_screen_resume(self) -> None:
        """Back from a deal or help: show the steps as they are now."""
        if self.data is not None:
            self.load()

    def refresh_from_database(self) -> None:
        """Someone changed a deal: reload, the cursor staying on its deal."""
        self.load()

    def watch_mine(self) -> None:
        """The filter changed: read again."""
        self.load()

    def load(self) -> None:
        """Read the agenda in a worker, on the app's clock."""
        app = dealboard_app(self)
        run_db(
            self,
            load_agenda_data,
            app.now(),
            app.user,
            self.mine,
            on_done=self._loaded,
            group="agenda",
            exclusive=True,
        )

    @property
    def current(self) -> AgendaEntry | None:
        """The entry under the cursor."""
        table = self.query_one(DataTable)
        if self.data is None or not self.data.rows or table.row_count == 0:
            return None
        return self.data.rows[min(table.cursor_row, len(self.data.rows) - 1)]

    def _loaded(self, data: AgendaData) -> None:
        keep = self.current
        self.data = data
        self._fill(keep["id"] if keep else None)

    def _fill(self, keep: int | None = None) -> None:
        """Rebuild the table at this width, the cursor on ``keep`` (else where it was)."""
        if self.data is None:
            return
        table = self.query_one(DataTable)
        row_index = table.cursor_row
        rows = self.data.rows
        widths = column_widths(self.size.width, rows)
        if widths != self._widths:
            table.clear(columns=True)
            for key, label, width in zip(COLUMNS, column_labels(widths), widths, strict=True):
                table.add_column(label, width=width, key=key)
            self._widths = widths
        else:
            table.clear()
        for entry, row_cells in table_rows(self.data):
            table.add_row(*row_cells, key=str(entry["id"]))
        ids = [entry["id"] for entry in rows]
        if keep in ids:
            row_index = ids.index(keep)
        if rows:
            table.move_cursor(row=min(row_index, len(rows) - 1), animate=False)
        title = self.query_one("#agenda-title", Static)
        title.update(title_text(self.data, self.size.width - 2))  # its padding: one cell a side
        empty = self.query_one("#agenda-empty", Static)
        empty.update("" if rows else empty_text(self.data.mine))
        empty.display = not rows
        table.display = bool(rows)
        self._show_selected()
        if rows and self.focused is None:
            table.focus()

    def on_resize(self, event: events.Resize) -> None:
        """Widths follow the terminal."""
        self._fill()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        entry = self.current
        self.query_one("#agenda-selected", Static).update(summary(entry) if entry else "")

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        entry = self.current
        if entry is not None:
            dealboard_app(self).open_deal(entry["id"])

    def action_toggle_mine(self) -> None:
        """Show only the user's deals, or everyone's again."""
        self.mine = not self.mine
        shown = _("Agenda: your deals.") if self.mine else _("Agenda: every owner's deals.")
        self.notify(shown, timeout=2)

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss()
