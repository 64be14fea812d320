"""Phase configuration and the reasons list, each change through ``models`` operations.

Add, rename, re-probability, reorder, archive, merge and delete phases; add, edit and archive
reasons. A refusal from the domain layer is shown as its sentence, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.widgets.data_table import RowDoesNotExist

from models.domain.errors import DealboardError
from models.operations import phases, reasons
from models.queries.view_types import PhaseSummary
from tui.dbwork import run_db
from tui.formatting import Money, safe
from tui.input_text import saved_from_input
from tui.modals.confirm import ConfirmModal
from tui.modals.form import FormField, FormModal
from tui.running_app import dealboard_app
from tui.screens.phases_data import (
    PHASE_COLUMNS,
    REASON_COLUMNS,
    Configuration,
    ReasonRow,
    load_configuration,
    phase_cells,
    reason_cells,
)
from tui.screens.phases_forms import (
    new_phase_fields,
    phase_name_fields,
    probability_fields,
    reason_fields,
)
from tui.screens.phases_merge import MergeModal, merge_target, merge_targets, merged_message
from tui.widgets.key_footer import KeyFooter


class PhasesScreen(Screen[None]):
    """Two tables: phases (top) and reasons (bottom); tab moves between them."""

    CSS_PATH = "phases.tcss"
    HELP_TITLE = "Phase configuration"
    HELP_TEXT = (
        "\nA phase can be deleted only while no deal, open or closed, has ever been in it;"
        " archive it instead (it stays in history and reports) or merge it into another"
        " phase (its deals move there, each move recorded). At least one active phase"
        " always remains. Keys act on the table that has the cursor."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add", id="add"),
        Binding("e,enter", "rename", "Rename", id="rename"),
        Binding("p", "probability", "Probability", id="probability"),
        Binding("K,shift+up", "move(-1)", "Up", id="move-up"),
        Binding("J,shift+down", "move(1)", "Down", id="move-down"),
        Binding("x", "archive", "Archive", id="archive"),
        Binding("g", "merge", "Merge", id="merge"),
        Binding("d,delete", "delete", "Delete", id="delete"),
        Binding("escape,q", "back", "Back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.config: Configuration | None = None

    def compose(self) -> ComposeResult:
        """The two tables."""
        yield Static("Phase configuration", id="phases-title", markup=False)
        yield DataTable(id="phase-table", cursor_type="row", zebra_stripes=True)
        yield Label("Reasons (why deals are won or lost)", classes="section")
        yield DataTable(id="reason-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Columns, then data."""
        # The names get a fixed width: sized to the longest name, one long name (60
        # characters, or more written by another client) pushed the numbers off the screen.
        phase_table = self.query_one("#phase-table", DataTable)
        for label, width in PHASE_COLUMNS:
            phase_table.add_column(label, width=width)
        reason_table = self.query_one("#reason-table", DataTable)
        for label, width in REASON_COLUMNS:
            reason_table.add_column(label, width=width)
        self.query_one("#phase-table", DataTable).focus()
        self.reload()

    def reload(self, select_phase: int | None = None, select_reason: int | None = None) -> None:
        """Load phases and reasons in a worker."""
        run_db(
            self,
            load_configuration,
            on_done=lambda config: self._loaded(config, select_phase, select_reason),
            group="phases",
            exclusive=True,
        )

    def _loaded(
        self, config: Configuration, select_phase: int | None, select_reason: int | None
    ) -> None:
        self.config = config
        money = Money(config["settings"]["currency"], config["settings"]["language"])
        table = self.query_one("#phase-table", DataTable)
        keep = select_phase if select_phase is not None else self._selected("phase")
        table.clear()
        for row in config["phases"]:
            table.add_row(*phase_cells(row, money), key=str(row["id"]))
        self._restore_cursor(table, keep)
        reason_table = self.query_one("#reason-table", DataTable)
        keep_reason = select_reason if select_reason is not None else self._selected("reason")
        reason_table.clear()
        for reason in config["reasons"]:
            reason_table.add_row(*reason_cells(reason), key=str(reason["id"]))
        self._restore_cursor(reason_table, keep_reason)

    @staticmethod
    def _restore_cursor(table: DataTable[Any], key: int | None) -> None:
        if key is None:
            return
        with suppress(RowDoesNotExist):  # gone (deleted): the cursor stays where it is
            table.move_cursor(row=table.get_row_index(str(key)), animate=False)

    def _selected(self, kind: str) -> int | None:
        table = self.query_one(f"#{kind}-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    @property
    def on_reasons(self) -> bool:
        """True when the reasons table has the cursor."""
        return self.focused is self.query_one("#reason-table")

    def _phase(self) -> PhaseSummary | None:
        phase_id = self._selected("phase")
        if self.config is None or phase_id is None:
            return None
        return next((p for p in self.config["phases"] if p["id"] == phase_id), None)

    def _reason(self) -> ReasonRow | None:
        reason_id = self._selected("reason")
        if self.config is None or reason_id is None:
            return None
        return next((r for r in self.config["reasons"] if r["id"] == reason_id), None)

    def _run(self, fn: Callable[..., Any], *args: Any, done: str, **kwargs: Any) -> None:
        """Run a configuration operation; say what happened, or why not."""
        if dealboard_app(self).refuse_read_only():
            return

        def finished(result: Any) -> None:
            self.notify(done, timeout=2)
            phase_id = getattr(result, "id", None) if not self.on_reasons else None
            reason_id = getattr(result, "id", None) if self.on_reasons else None
            self.reload(select_phase=phase_id, select_reason=reason_id)

        run_db(self, fn, *args, on_done=finished, on_error=self._refused, **kwargs)

    def _refused(self, error: DealboardError) -> None:
        self.notify(str(error), title="Not done", severity="error")

    def _form(
        self,
        title: str,
        fields: list[FormField],
        submit: Callable[[dict[str, Any]], Any],
        done: str,
    ) -> None:
        if dealboard_app(self).refuse_read_only():
            return

        def closed(result: Any) -> None:
            if result is not None:
                self.notify(done, timeout=2)
                if self.on_reasons:
                    self.reload(select_reason=getattr(result, "id", None))
                else:
                    self.reload(select_phase=getattr(result, "id", None))

        self.app.push_screen(FormModal(title, fields, submit), closed)

    # -- actions ----------------------------------------------------------------------

    def action_add(self) -> None:
        """Add a phase (or a reason, when the reasons table has the cursor)."""
        if self.on_reasons:
            self._form(
                "New reason",
                reason_fields(),
                lambda v: reasons.add_reason(v["name"], v["applies_to"]),
                "Reason added.",
            )
            return
        count = len(self.config["phases"]) if self.config else 0
        self._form(
            "New phase",
            new_phase_fields(count),
            lambda v: phases.add_phase(v["name"], v["probability"], v["position"] or None),
            "Phase added.",
        )

    def action_rename(self) -> None:
        """Rename the selected phase (or reason)."""
        if self.on_reasons:
            reason = self._reason()
            if reason is None:
                return
            self._form(
                "Edit reason",
                reason_fields(reason["name"], reason["applies_to"]),
                lambda v: reasons.edit_reason(
                    reason["id"],
                    name=saved_from_input(v["name"], reason["name"]),
                    applies_to=v["applies_to"],
                ),
                "Reason saved.",
            )
            return
        phase = self._phase()
        if phase is None:
            return
        self._form(
            f"Rename phase {safe(phase['name'])}",
            phase_name_fields(phase),
            lambda v: phases.rename_phase(phase["id"], saved_from_input(v["name"], phase["name"])),
            "Phase renamed.",
        )

    def action_probability(self) -> None:
        """Change the selected phase's win probability."""
        phase = self._phase()
        if phase is None or self.on_reasons:
            return
        self._form(
            f"Probability of {safe(phase['name'])}",
            probability_fields(phase),
            lambda v: phases.set_phase_probability(phase["id"], v["probability"]),
            "Probability changed; open deals' weighted values follow.",
        )

    def action_move(self, step: int) -> None:
        """Move the selected phase up or down."""
        phase = self._phase()
        if phase is None or self.on_reasons:
            return
        target = phase["position"] + step
        if not 1 <= target <= len(self.config["phases"] if self.config else []):
            return
        self._run(phases.move_phase, phase["id"], target, done=f"Moved to position {target}.")

    def action_archive(self) -> None:
        """Archive or unarchive the selected phase (or reason)."""
        if self.on_reasons:
            reason = self._reason()
            if reason is not None:
                self._run(
                    reasons.set_reason_archived,
                    reason["id"],
                    not reason["archived"],
                    done="Reason archived." if not reason["archived"] else "Reason active.",
                )
            return
        phase = self._phase()
        if phase is None:
            return
        if phase["archived"]:
            self._run(phases.unarchive_phase, phase["id"], done="Phase active again.")
        else:
            self._run(phases.archive_phase, phase["id"], done="Phase archived.")

    def action_merge(self) -> None:
        """Merge the selected phase into another active phase."""
        phase = self._phase()
        if phase is None or self.on_reasons or self.config is None:
            return
        targets = merge_targets(self.config["phases"], phase["id"])
        preselected = merge_target(self.config["phases"], phase["id"])
        if not targets or preselected is None:
            self.notify("There is no other active phase to merge into.", severity="warning")
            return
        if dealboard_app(self).refuse_read_only():
            return

        def closed(moved: int | None) -> None:
            if moved is not None:
                self.notify(merged_message(moved, phase["name"]), timeout=3)
                self.reload(select_phase=phase["id"])

        settings = self.config["settings"]
        modal = MergeModal(
            phase,
            targets,
            preselected,
            actor=dealboard_app(self).user,
            currency=settings["currency"],
            language=settings["language"],
        )
        self.app.push_screen(modal, closed)

    def action_delete(self) -> None:
        """Delete the selected phase, if no deal has ever used it."""
        phase = self._phase()
        if phase is None or self.on_reasons or dealboard_app(self).refuse_read_only():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(phases.delete_phase, phase["id"], done="Phase deleted.")

        self.app.push_screen(
            ConfirmModal("Delete phase", f"Delete the phase {safe(phase['name'])}?", yes="delete"),
            answered,
        )

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss()
