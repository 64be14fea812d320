"""Phase configuration and the reasons list, each change through ``models`` operations.

Add, rename, re-probability, reorder, archive, merge and delete phases; add, edit and archive
reasons. A refusal from the domain layer is shown as its sentence, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from models.domain.errors import DealboardError
from models.domain.i18n import current_language
from models.operations import phases, reasons
from models.queries.view_types import PhaseSummary
from tui.dbwork import run_db
from tui.formatting import safe, session_money
from tui.i18n import N_, _
from tui.input_text import saved_from_input
from tui.modals.confirm import ConfirmModal
from tui.modals.form import FormField, FormModal
from tui.running_app import dealboard_app
from tui.screens.phases_data import (
    PHASE_COLUMNS,
    REASON_COLUMNS,
    Configuration,
    ReasonRow,
    fill_table,
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
from tui.screens.phases_keys import HELP_GROUPS, KEYS, PHASE_ACTIONS, REASON_ACTIONS
from tui.screens.phases_merge import MergeModal, merge_target, merge_targets, merged_message
from tui.widgets.key_footer import KeyFooter


class PhasesScreen(Screen[None]):
    """Two tables: phases (top) and reasons (bottom); tab moves between them."""

    CSS_PATH = "phases.tcss"
    HELP_TITLE = N_("Phase configuration")
    HELP_TEXT = N_(
        "A phase can be deleted only while no deal, open or closed, has ever been in it;"
        " archive it instead (it stays in history and reports) or merge it into another"
        " phase (its deals move there, each move recorded). At least one active phase"
        " always remains. Keys act on the table that has the cursor."
    )

    BINDINGS: ClassVar[list[BindingType]] = KEYS
    HELP_GROUPS: ClassVar[dict[str, str]] = HELP_GROUPS

    def __init__(self) -> None:
        super().__init__()
        self.config: Configuration | None = None
        # A phase or reason to put the cursor on once the data arrives (one just saved); it
        # wins over a plain reload started meanwhile, such as the one when a modal closes.
        self.keep_phase: int | None = None
        self.keep_reason: int | None = None

    def compose(self) -> ComposeResult:
        """The two tables."""
        yield Static(_(self.HELP_TITLE), id="phases-title", markup=False)
        yield DataTable(id="phase-table", cursor_type="row", zebra_stripes=True)
        yield Label(_("Reasons (why deals are won or lost)"), classes="section", markup=False)
        yield DataTable(id="reason-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Columns, then data."""
        # The names get a fixed width: sized to the longest name, one long name (60
        # characters, or more written by another client) pushed the numbers off the screen.
        phase_table = self.query_one("#phase-table", DataTable)
        for label, width in PHASE_COLUMNS:
            phase_table.add_column(_(label), width=width)
        reason_table = self.query_one("#reason-table", DataTable)
        for label, width in REASON_COLUMNS:
            reason_table.add_column(_(label), width=width)
        self.query_one("#phase-table", DataTable).focus()
        self.reload()

    def reload(self, select_phase: int | None = None, select_reason: int | None = None) -> None:
        """Load phases and reasons in a worker; put the cursor on the ones given, if any.

        Without them each table's cursor stays on the row it is on when the data arrives.
        """
        if select_phase is not None:
            self.keep_phase = select_phase
        if select_reason is not None:
            self.keep_reason = select_reason
        run_db(self, load_configuration, on_done=self._loaded, group="phases", exclusive=True)

    def on_screen_resume(self) -> None:
        """Back from a form or help: show what others changed meanwhile."""
        if self.config is not None:
            self.reload()

    def refresh_from_database(self) -> None:
        """Someone else changed something: reload, each cursor staying on its row."""
        self.reload()

    def _loaded(self, config: Configuration) -> None:
        keep_phase, self.keep_phase = self.keep_phase, None
        keep_reason, self.keep_reason = self.keep_reason, None
        if config == self.config and keep_phase is None and keep_reason is None:
            return  # nothing changed: no repaint, the scroll position stays
        self.config = config
        money = session_money(config["settings"]["currency"])
        table = self.query_one("#phase-table", DataTable)
        fill_table(
            table,
            [(str(row["id"]), phase_cells(row, money)) for row in config["phases"]],
            keep_phase,
        )
        fill_table(
            self.query_one("#reason-table", DataTable),
            [(str(reason["id"]), reason_cells(reason)) for reason in config["reasons"]],
            keep_reason,
        )

    def _selected(self, kind: str) -> int | None:
        table = self.query_one(f"#{kind}-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    @property
    def on_reasons(self) -> bool:
        """True when the reasons table has the cursor."""
        focused = self.focused
        return focused is not None and focused.id == "reason-table"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Phase keys only on the phases table, reason keys only on the reasons table."""
        if action in PHASE_ACTIONS:
            return not self.on_reasons
        if action in REASON_ACTIONS:
            return self.on_reasons
        return True

    @on(DataTable.RowSelected, "#phase-table")
    def _phase_chosen(self) -> None:
        """``enter`` on a phase (the table takes the key itself): rename it."""
        self.action_rename()

    @on(DataTable.RowSelected, "#reason-table")
    def _reason_chosen(self) -> None:
        """``enter`` on a reason: edit it."""
        self.action_edit_reason()

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

    def _select(self, kind: str, result: Any) -> None:
        """Reload with the cursor on the phase or reason an operation returned."""
        row_id = getattr(result, "id", None)
        if kind == "reason":
            self.reload(select_reason=row_id)
        else:
            self.reload(select_phase=row_id)

    def _run(
        self, fn: Callable[..., Any], *args: Any, done: str, kind: str = "phase", **kwargs: Any
    ) -> None:
        """Run a configuration operation; say what happened, or why not."""
        if dealboard_app(self).refuse_read_only():
            return

        def finished(result: Any) -> None:
            self.notify(done, timeout=2)
            self._select(kind, result)

        run_db(self, fn, *args, on_done=finished, on_error=self._refused, **kwargs)

    def _refused(self, error: DealboardError) -> None:
        self.notify(str(error), title=_("Not done"), severity="error")

    def _form(
        self,
        title: str,
        fields: list[FormField],
        submit: Callable[[dict[str, Any]], Any],
        done: str,
        kind: str = "phase",
    ) -> None:
        if dealboard_app(self).refuse_read_only():
            return

        def closed(result: Any) -> None:
            if result is not None:
                self.notify(done, timeout=2)
                self._select(kind, result)

        self.app.push_screen(FormModal(title, fields, submit), closed)

    # -- actions ----------------------------------------------------------------------

    def action_add(self) -> None:
        """Add a phase."""
        count = len(self.config["phases"]) if self.config else 0
        self._form(
            _("New phase"),
            new_phase_fields(count),
            lambda v: phases.add_phase(v["name"], v["probability"], v["position"] or None),
            _("Phase added."),
        )

    def action_add_reason(self) -> None:
        """Add a reason."""
        self._form(
            _("New reason"),
            reason_fields(),
            lambda v: reasons.add_reason(v["name"], v["applies_to"]),
            _("Reason added."),
            kind="reason",
        )

    def action_rename(self) -> None:
        """Rename the selected phase."""
        phase = self._phase()
        if phase is None:
            return
        self._form(
            _("Rename phase {phase}").format(phase=safe(phase["name"])),
            phase_name_fields(phase),
            lambda v: phases.rename_phase(phase["id"], saved_from_input(v["name"], phase["name"])),
            _("Phase renamed."),
        )

    def action_edit_reason(self) -> None:
        """Rename the selected reason or change what it applies to."""
        reason = self._reason()
        if reason is None:
            return
        self._form(
            _("Edit reason"),
            reason_fields(reason["name"], reason["applies_to"]),
            lambda v: reasons.edit_reason(
                reason["id"],
                name=saved_from_input(v["name"], reason["name"]),
                applies_to=v["applies_to"],
            ),
            _("Reason saved."),
            kind="reason",
        )

    def action_probability(self) -> None:
        """Change the selected phase's win probability."""
        phase = self._phase()
        if phase is None or self.on_reasons:
            return
        self._form(
            _("Probability of {phase}").format(phase=safe(phase["name"])),
            probability_fields(phase),
            lambda v: phases.set_phase_probability(phase["id"], v["probability"]),
            _("Probability changed; open deals' weighted values follow."),
        )

    def action_move(self, step: int) -> None:
        """Move the selected phase up or down."""
        phase = self._phase()
        if phase is None or self.on_reasons:
            return
        target = phase["position"] + step
        if not 1 <= target <= len(self.config["phases"] if self.config else []):
            return
        self._run(
            phases.move_phase,
            phase["id"],
            target,
            done=_("Moved to position {position}.").format(position=target),
        )

    def action_archive_reason(self) -> None:
        """Archive or unarchive the selected reason."""
        reason = self._reason()
        if reason is not None:
            self._run(
                reasons.set_reason_archived,
                reason["id"],
                not reason["archived"],
                done=_("Reason archived.") if not reason["archived"] else _("Reason active."),
                kind="reason",
            )

    def action_archive(self) -> None:
        """Archive or unarchive the selected phase."""
        phase = self._phase()
        if phase is None:
            return
        if phase["archived"]:
            self._run(phases.unarchive_phase, phase["id"], done=_("Phase active again."))
        else:
            self._run(phases.archive_phase, phase["id"], done=_("Phase archived."))

    def action_merge(self) -> None:
        """Merge the selected phase into another active phase."""
        phase = self._phase()
        if phase is None or self.on_reasons or self.config is None:
            return
        targets = merge_targets(self.config["phases"], phase["id"])
        preselected = merge_target(self.config["phases"], phase["id"])
        if not targets or preselected is None:
            self.notify(_("There is no other active phase to merge into."), severity="warning")
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
            clock=dealboard_app(self).now,
            currency=settings["currency"],
            language=current_language(),
        )
        self.app.push_screen(modal, closed)

    def action_delete(self) -> None:
        """Delete the selected phase, if no deal has ever used it."""
        phase = self._phase()
        if phase is None or self.on_reasons or dealboard_app(self).refuse_read_only():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._run(phases.delete_phase, phase["id"], done=_("Phase deleted."))

        question = ConfirmModal(
            _("Delete phase"),
            _("Delete the phase {phase}?").format(phase=safe(phase["name"])),
            yes=_("delete"),
        )
        self.app.push_screen(question, answered)

    def action_back(self) -> None:
        """Back to the board."""
        self.dismiss()
