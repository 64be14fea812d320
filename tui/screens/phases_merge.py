"""The phase screen's merge flow: choose the target, read the preview, confirm, then merge.

The target starts at the neighbouring active phase (the next one in order, or the previous
one for the last), never simply the first. The form shows ``merge_preview``'s sentences for
the target chosen and recomputes them when the choice changes; saving asks once more, with
the numbers counted afresh, and only a yes runs ``merge_phase``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from textual import on
from textual.containers import Vertical
from textual.widgets import Select, Static

from models.operations.phase_merge import MergePreview, merge_preview, preview_lines
from models.operations.phases import merge_phase
from models.queries.view_types import PhaseSummary
from tui.dbwork import run_db
from tui.formatting import safe
from tui.i18n import N_, _, ngettext
from tui.modals.confirm import ConfirmModal
from tui.modals.form import FormField, FormModal

SAVES = N_("merges (asks first)")  # what ctrl+s does, for the keys under the form


def merge_target(phases: Sequence[PhaseSummary], source_id: int) -> int | None:
    """The neighbour to preselect: the next active phase by position, else the previous one."""
    ordered = sorted(phases, key=lambda phase: phase["position"])
    here = next((i for i, phase in enumerate(ordered) if phase["id"] == source_id), None)
    if here is None:
        return None
    after = [p for p in ordered[here + 1 :] if not p["archived"]]
    before = [p for p in ordered[:here] if not p["archived"]]
    if after:
        return after[0]["id"]
    return before[-1]["id"] if before else None


def merge_targets(phases: Sequence[PhaseSummary], source_id: int) -> list[tuple[str, int]]:
    """The active phases other than the source, in order, as (name shown, id) choices."""
    return [
        (safe(phase["name"]), phase["id"])
        for phase in sorted(phases, key=lambda phase: phase["position"])
        if not phase["archived"] and phase["id"] != source_id
    ]


class MergeModal(FormModal):
    """Merge one phase into a chosen one, showing what moves before asking to confirm."""

    DEFAULT_CSS = """
    MergeModal #merge-preview {
        margin-top: 1;
        height: auto;
    }
    """

    def __init__(
        self,
        source: PhaseSummary,
        targets: list[tuple[str, int]],
        preselected: int,
        *,
        actor: str,
        clock: Callable[[], dt.datetime],
        currency: str,
        language: str,
    ) -> None:
        self.source = source
        self.currency = currency
        self.language = language
        source_id = source["id"]
        super().__init__(
            _("Merge {phase} into…").format(phase=safe(source["name"])),
            [FormField("into", _("Into phase"), preselected, options=targets, allow_blank=False)],
            lambda values: merge_phase(source_id, values["into"], actor=actor, at=clock()),
            saves=_(SAVES),
        )

    def on_mount(self) -> None:
        """Add the preview under the choice and count the deals for the preselected target."""
        preview = Static(_("Counting the deals…"), id="merge-preview", markup=False)
        self.query_one(Vertical).mount(preview, before="#form-general")
        self._load_preview(self._target())

    def _target(self) -> int | None:
        return self.values()["into"]

    def _lines(self, preview: MergePreview) -> str:
        return safe("\n".join(preview_lines(preview, self.currency, self.language)), keep="\n")

    def _load_preview(self, target: int | None) -> None:
        if target is None:
            return
        run_db(
            self,
            merge_preview,
            self.source["id"],
            target,
            on_done=self._show_preview,
            on_error=self._refused,
            group="merge-preview",
            exclusive=True,
        )

    def _show_preview(self, preview: MergePreview) -> None:
        if preview.target_id != self._target():
            return  # the choice changed meanwhile; its own preview is on its way
        self.query_one("#merge-preview", Static).update(self._lines(preview))

    @on(Select.Changed, "#field-into")
    def _target_changed(self, event: Select.Changed) -> None:
        self.show_error(None, "")
        # The options' values are phase ids; Select.NULL (no choice) is not an int.
        self._load_preview(event.value if isinstance(event.value, int) else None)

    def action_submit(self) -> None:
        """Count the deals afresh and ask; only a yes merges."""
        target = self._target()
        if self.saving or target is None:
            return
        run_db(
            self,
            merge_preview,
            self.source["id"],
            target,
            on_done=self._ask,
            on_error=self._refused,
        )

    def _ask(self, preview: MergePreview) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                FormModal.action_submit(self)  # validates, then merges in a worker

        question = ConfirmModal(
            _("Merge {source} into {target}?").format(
                source=safe(preview.source_name), target=safe(preview.target_name)
            ),
            self._lines(preview),
            yes=_("merge"),
            no=_("back"),
        )
        self.app.push_screen(question, answered)


def merged_message(moved: Any, source_name: str) -> str:
    """The notification after a merge: how many deals moved, and that the source is archived."""
    count = moved if isinstance(moved, int) else 0
    return ngettext(
        "Merged: {count} deal moved; {phase} is archived.",
        "Merged: {count} deals moved; {phase} is archived.",
        count,
    ).format(count=count, phase=safe(source_name))
