"""The deal detail screen: every field validated as typed, status actions, and the history."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Static

from models.domain.errors import ConflictError, DealboardError, ValidationError
from models.domain.status import STATUS_LABELS, Status
from models.domain.wording import local_time
from tui import deal_actions
from tui.dbwork import run_db
from tui.formatting import plain, safe
from tui.i18n import N_, _
from tui.modals.confirm import ConfirmModal
from tui.modals.conflict import ConflictChoice, ConflictModal
from tui.modals.history_entry import HistoryEntryModal
from tui.running_app import dealboard_app
from tui.screens.board_footer import hidden_actions
from tui.screens.detail_data import (
    DetailData,
    deal_version,
    describe_event,
    form_values,
    heading_text,
    load_detail,
)
from tui.screens.detail_form import (
    fill_form,
    form_rows,
    load_form_suggestions,
    read_form,
    show_error,
    show_probability_hint,
)
from tui.screens.detail_keys import DETAIL_BINDINGS, DETAIL_HELP
from tui.screens.detail_save import as_saved, first_refused_input, form_field
from tui.widgets.key_footer import KeyFooter


class DealScreen(Screen[None]):
    """One deal: edit its fields, change its status, read its history."""

    CSS_PATH = "detail.tcss"
    # No automatic focus: the history takes the cursor once the deal is shown (Textual's
    # own pick, the scrolling body, left enter and the arrows with nothing to act on).
    AUTO_FOCUS = ""
    HELP_TITLE = N_("Deal detail")
    HELP_TEXT = DETAIL_HELP

    BINDINGS: ClassVar[list[BindingType]] = DETAIL_BINDINGS

    def __init__(self, deal_id: int, data: DetailData | None = None) -> None:
        super().__init__()
        self.deal_id = deal_id
        self.preloaded = data  # read before the screen opened, so its first frame is complete
        self.data: DetailData | None = None
        self.loaded_values: dict[str, str] = {}
        self._warned_version: int | None = None

    @property
    def currency(self) -> str | None:
        """The database's currency, once the deal has been read (toasts write amounts in it)."""
        return self.data["settings"]["currency"] if self.data is not None else None

    def compose(self) -> ComposeResult:
        """Header, form, closing section, note, and history."""
        yield Static(id="deal-heading", markup=False)
        with VerticalScroll(id="detail-body"):
            yield from form_rows()
            yield Label(_("History"), classes="section")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Set up the history table and load the deal."""
        table = self.query_one("#history", DataTable)
        table.add_columns(_("When"), _("Who"), _("What"))
        if self.preloaded is not None:
            self._loaded(self.preloaded, keep_input=False)
            self.preloaded = None
        else:
            self.load()
        load_form_suggestions(self)

    def show_deal(self, deal_id: int, data: DetailData) -> None:
        """Show another deal on this (reused) screen, as if it had just been opened.

        The app keeps one detail screen (see ``DealboardApp.show_deal``). Nothing of the
        previous deal may leak: its workers are cancelled (their answers are dropped), and the
        form, errors (``fill_form`` clears them), scroll position, history cursor and focus start
        afresh.
        """
        self.workers.cancel_node(self)
        self.deal_id = deal_id
        self._warned_version = None  # ``_loaded`` replaces the data and the loaded values
        if not self.is_mounted:
            self.preloaded = data  # on_mount fills it
            return
        self._loaded(data, keep_input=False)
        load_form_suggestions(self)  # the workers cancelled above may have been reading them
        history = self.query_one("#history", DataTable)
        history.move_cursor(row=0, animate=False)
        # As on a first opening: the top of the form in view, the cursor in the history.
        history.focus(scroll_visible=False)
        self.query_one("#detail-body", VerticalScroll).scroll_home(animate=False)

    def load(self, *, keep_input: bool = False) -> None:
        """Read the deal in a worker; with ``keep_input`` the user's edits stay."""
        run_db(
            self,
            load_detail,
            self.deal_id,
            on_done=lambda data: self._loaded(data, keep_input),
            on_error=self._load_failed,
            group="detail",
            exclusive=True,
        )

    def refresh_from_database(self) -> None:
        """Someone changed the database: if it was this deal, show it (or warn while editing)."""
        if self.data is not None:
            run_db(
                self,
                deal_version,
                self.deal_id,
                on_done=self._version_seen,
                group="detail-version",
                exclusive=True,
            )

    def _version_seen(self, version: int | None) -> None:
        if self.data is None or version == self.data["version"]:
            return
        if self.dirty:
            if version != self._warned_version:
                self._warned_version = version
                self.notify(
                    _(
                        "Someone else just changed deal #{deal}. Your edits are kept;"
                        " saving will show what they changed."
                    ).format(deal=self.deal_id),
                    title=_("Changed meanwhile"),
                    severity="warning",
                    timeout=8,
                )
            return
        self.load()
        self.notify(
            _("Deal #{deal} was updated by someone else.").format(deal=self.deal_id), timeout=3
        )

    def _load_failed(self, error: DealboardError) -> None:
        self.notify(str(error), severity="error")
        self.dismiss()

    def _loaded(self, data: DetailData, keep_input: bool) -> None:
        mine = self.current_values() if keep_input and self.data else {}
        changed_by_me = {k: v for k, v in mine.items() if v != self.loaded_values.get(k)}
        status_before = self.data["status"] if self.data else None
        self.data = data
        if data["status"] != status_before:
            self.refresh_bindings()  # the footer offers what applies to the new status
        self.loaded_values = form_values(data)
        shown = {**self.loaded_values, **changed_by_me}
        fill_form(self, data, shown)
        self._heading()
        self._history()
        if not keep_input and self.focused is None:
            # The top of the form stays in view; the history is further down.
            self.query_one("#history", DataTable).focus(scroll_visible=False)

    def _heading(self) -> None:
        assert self.data is not None
        self.query_one("#deal-heading", Static).update(heading_text(self.data))

    def _history(self) -> None:
        assert self.data is not None
        table = self.query_one("#history", DataTable)
        table.clear()
        events = list(zip(self.data["history"], self.data["history_at"], strict=True))
        currency = self.data["settings"]["currency"]
        for index, (event, at) in reversed(list(enumerate(events))):  # newest first
            what = plain(describe_event(event, currency))
            table.add_row(local_time(at), plain(event["actor"]), what, key=str(index))

    @on(DataTable.RowSelected, "#history")
    def _show_history_line(self, event: DataTable.RowSelected) -> None:
        """``enter`` on a history line: the whole old and new value, who and when."""
        if self.data is not None and event.row_key.value is not None:
            index = int(event.row_key.value)
            entry, at = self.data["history"][index], self.data["history_at"][index]
            currency = self.data["settings"]["currency"]
            self.app.push_screen(HistoryEntryModal.of(entry, at, currency))

    # -- editing ----------------------------------------------------------------------

    def current_values(self) -> dict[str, str]:
        """What the form shows now."""
        return read_form(self)

    def changes(self) -> dict[str, str]:
        """The fields the user changed since the deal was loaded."""
        return {k: v for k, v in self.current_values().items() if v != self.loaded_values.get(k)}

    @property
    def dirty(self) -> bool:
        """True when there are unsaved changes."""
        return self.data is not None and bool(self.changes())

    @on(Input.Changed)
    def _validate_as_typed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("input-")
        result = event.validation_result
        show_error(
            self, name, "" if result is None or result.is_valid else result.failure_descriptions[0]
        )
        if name == "probability_override" and self.data is not None:
            show_probability_hint(self, self.data, event.value)

    def action_save(self, expect_version: int | None = None) -> None:
        """Save the changed fields, only if nobody saved the deal meanwhile."""
        if self.data is None or dealboard_app(self).refuse_read_only():
            return
        changes = self.changes()
        if not changes:
            self.notify(_("Nothing to save."), timeout=2)
            return
        changes = {name: as_saved(self.data, name, value) for name, value in changes.items()}
        refused = first_refused_input(self, changes)
        if refused is not None:
            name, message = refused
            show_error(self, name, message)
            self.query_one(f"#input-{name}").focus()
            return
        from models.operations.deals import edit_deal

        version = expect_version if expect_version is not None else self.data["version"]
        run_db(
            self,
            edit_deal,
            self.deal_id,
            changes,
            actor=dealboard_app(self).user,
            at=dealboard_app(self).now(),
            expect_version=version,
            on_done=lambda _deal: self._saved(),
            on_error=self._save_refused,
            group="save",
        )

    def _saved(self) -> None:
        self.notify(_("Saved."), timeout=2)
        self.load()

    def _save_refused(self, error: DealboardError) -> None:
        if isinstance(error, ConflictError):
            currency = self.data["settings"]["currency"] if self.data is not None else None
            self.app.push_screen(
                ConflictModal(error, currency), lambda choice: self._conflict_choice(choice, error)
            )
            return
        if isinstance(error, ValidationError) and error.field:
            name = form_field(error)
            if self.query(f"#error-{name}"):
                show_error(self, name, str(error))
                self.query_one(f"#input-{name}").focus()
                return
        self.notify(str(error), title=_("Not saved"), severity="error")

    def _conflict_choice(self, choice: ConflictChoice | None, error: ConflictError) -> None:
        if choice == "mine":
            self.action_save(expect_version=error.current_version)
        elif choice == "theirs":
            self.load()
        else:
            self.notify(_("Your input is kept. Save again when ready."), timeout=3)

    def action_leave(self) -> None:
        """Go back to where the deal was opened; ask first when there are unsaved changes."""
        if not self.dirty:
            self.dismiss()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss()

        self.app.push_screen(
            ConfirmModal(
                _("Unsaved changes"),
                _("Leave and discard your changes to this deal?"),
                yes=_("discard and leave"),
                no=_("keep editing"),
            ),
            answered,
        )

    # -- status actions ---------------------------------------------------------------

    @property
    def hidden_footer_actions(self) -> frozenset[str]:
        """The status keys the footer leaves out for this deal's status, as on the board.

        The keys still answer (``KeyFooter``): ``o`` on an open deal says it is open.
        """
        return hidden_actions(self.data["status"] if self.data else None)

    def _after_action(self, _deal_id: int) -> None:
        self.load(keep_input=True)

    def action_close(self, outcome: str) -> None:
        """Accept or reject this deal."""
        if self.data is not None:
            deal_actions.close_deal(
                self, self.deal_id, outcome, self._after_action, expect_version=self.data["version"]
            )

    def action_reopen(self) -> None:
        """Reopen this deal."""
        if self.data is None:
            return
        if self.data["status"] == Status.OPEN:
            self.notify(_("This deal is already open."), severity="warning", timeout=2)
            return
        deal_actions.reopen_deal(
            self,
            self.deal_id,
            self.data["title"],
            self._after_action,
            expect_version=self.data["version"],
        )

    def action_step(self, step: int) -> None:
        """Move this deal to the next or previous phase."""
        if self.data is None:
            return
        if self.data["status"] != Status.OPEN:
            self.notify(
                _("This deal is {status}; reopen it first (o) to change its phase.").format(
                    status=STATUS_LABELS[self.data["status"]]
                ),
                severity="warning",
            )
            return
        deal_actions.step_deal(
            self, self.deal_id, step, self._after_action, expect_version=self.data["version"]
        )

    def action_delete(self) -> None:
        """Soft-delete this deal (the Deleted deals screen, D on the board, restores it)."""
        if self.data is None or dealboard_app(self).refuse_read_only():
            return
        from models.operations.deals import delete_deal

        def answered(yes: bool | None) -> None:
            if yes:
                run_db(
                    self,
                    delete_deal,
                    self.deal_id,
                    actor=dealboard_app(self).user,
                    at=dealboard_app(self).now(),
                    expect_version=self.data["version"] if self.data else None,
                    on_done=lambda _deal: self._deleted(),
                    # Not the save's conflict dialog: "save mine" would not delete anything.
                    on_error=deal_actions.refusal(
                        self, self.deal_id, N_("deleted"), self._after_action
                    ),
                )

        self.app.push_screen(
            ConfirmModal(
                _("Delete deal"),
                _(
                    "Delete #{deal} {title}? It can be restored from Deleted deals (D on the"
                    " board) or with `dealboard deal restore {deal}`."
                ).format(deal=self.deal_id, title=safe(self.data["title"])),
                yes=_("delete"),
            ),
            answered,
        )

    def _deleted(self) -> None:
        self.notify(
            _("Deal #{deal} deleted; Deleted deals (D on the board) restores it.").format(
                deal=self.deal_id
            ),
            timeout=3,
        )
        self.dismiss()
