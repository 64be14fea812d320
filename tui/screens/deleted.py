"""Deleted deals: every soft-deleted deal, who deleted it and when; restore one with a key."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from models.domain.status import STATUS_LABELS
from models.queries.view_types import DeletedDeal
from tui import deal_actions
from tui.dbwork import run_db
from tui.formatting import safe
from tui.i18n import N_, _
from tui.modals.confirm import ConfirmModal
from tui.running_app import dealboard_app
from tui.screens.deleted_data import (
    COLUMNS,
    DeletedData,
    cells,
    column_labels,
    column_widths,
    load_deleted,
    same_view,
    summary,
    title_text,
)
from tui.widgets.deleted_table import RESTORE_TIP, DeletedTable
from tui.widgets.key_footer import KeyFooter


class DeletedScreen(Screen[None]):
    """The deleted deals, the most recently deleted first; `r` or `enter` restores one."""

    CSS_PATH = "deleted.tcss"
    HELP_TITLE = N_("Deleted deals")
    HELP_TEXT = N_(
        "Deals deleted in their detail screen (d) or with `dealboard deal delete`, the most"
        " recently deleted first, with who deleted them and when. A restored deal is back on"
        " the board as it was, with its history; an open deal whose phase was archived"
        " meanwhile cannot be restored until the phase is unarchived."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "restore", N_("Restore"), id="restore", tooltip=RESTORE_TIP),
        Binding("escape", "back", N_("Back"), id="back", tooltip=N_("Back to the board")),
        Binding("q", "back", N_("Back"), show=False, id="back-q", tooltip=N_("Back to the board")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: DeletedData | None = None
        self._widths: tuple[int, ...] = ()

    @property
    def currency(self) -> str | None:
        """The database's currency, once the list has been read (toasts write amounts in it)."""
        return self.data.money.currency if self.data is not None else None

    def compose(self) -> ComposeResult:
        """Title, the table, the selected deal in full, and the footer."""
        yield Static(_(self.HELP_TITLE), id="deleted-title", markup=False)
        yield DeletedTable(id="deleted", cursor_type="row", zebra_stripes=True)
        yield Static("", id="deleted-empty", markup=False)
        yield Static("", id="deleted-selected", markup=False)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Read the deleted deals."""
        self.load()

    def on_screen_resume(self) -> None:
        """Back from help or another screen: show what is deleted now."""
        if self.data is not None:
            self.load()

    def refresh_from_database(self) -> None:
        """Someone else deleted or restored a deal: reload, the cursor staying on its deal."""
        self.load()

    def load(self) -> None:
        """Read the list in a worker."""
        run_db(self, load_deleted, on_done=self._loaded, group="deleted", exclusive=True)

    @property
    def current(self) -> DeletedDeal | None:
        """The deleted deal under the cursor."""
        table = self.query_one(DataTable)
        if self.data is None or not self.data.rows or table.row_count == 0:
            return None
        return self.data.rows[min(table.cursor_row, len(self.data.rows) - 1)]

    def _loaded(self, data: DeletedData) -> None:
        if self.data is not None and same_view(self.data, data):
            return  # a change elsewhere (most are): nothing to redraw
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
        widths = column_widths(self.size.width, rows, self.data.money)
        if widths != self._widths:
            table.clear(columns=True)
            for key, label, width in zip(COLUMNS, column_labels(widths), widths, strict=True):
                table.add_column(label, width=width, key=key)
            self._widths = widths
        else:
            table.clear()
        for row in rows:
            table.add_row(*cells(row, self.data.money), key=str(row["id"]))
        ids = [row["id"] for row in rows]
        if keep in ids:
            row_index = ids.index(keep)
        if rows:
            table.move_cursor(row=min(row_index, len(rows) - 1), animate=False)
        self.query_one("#deleted-title", Static).update(title_text(len(rows)))
        empty = self.query_one("#deleted-empty", Static)
        empty.update(
            ""
            if rows
            else _("No deleted deals. A deal deleted in its detail screen (d) shows here.")
        )
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
        selected = self.query_one("#deleted-selected", Static)
        row = self.current
        if row is None or self.data is None:
            selected.update("")
        else:
            selected.update(summary(row, self.data.money))

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        """Ask, then restore the selected deal through the restore operation."""
        row = self.current
        if row is None:
            self.notify(_("No deleted deal selected."), severity="warning", timeout=2)
            return
        app = dealboard_app(self)
        if app.refuse_read_only():
            return
        deal_id = row["id"]
        from models.operations.deals import restore_deal

        def answered(yes: bool | None) -> None:
            if yes:
                run_db(
                    self,
                    restore_deal,
                    deal_id,
                    actor=app.user,
                    at=app.now(),
                    expect_version=row["version"],
                    on_done=lambda _deal: self._restored(deal_id),
                    on_error=deal_actions.refusal(
                        self, deal_id, "restored", lambda _id: self.load()
                    ),
                    group="restore",
                )

        status = STATUS_LABELS.get(row["status"], safe(row["status"]))
        question = _(
            "Restore #{deal} {title} ({status}, phase {phase})? It is back on the board with"
            " its history."
        ).format(deal=deal_id, title=safe(row["title"]), status=status, phase=safe(row["phase"]))
        self.app.push_screen(ConfirmModal(_("Restore deal"), question, yes=_("restore")), answered)

    def _restored(self, deal_id: int) -> None:
        self.notify(
            _("Deal #{deal} restored; it is on the board again.").format(deal=deal_id), timeout=3
        )
        self.load()

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss()
