"""The fields of the phase configuration screen's forms: a phase and a reason.

The merge form, with its preview, is in ``phases_merge``.
"""

from __future__ import annotations

from models.domain.status import STATUS_LABELS, AppliesTo
from models.queries.view_types import PhaseSummary
from tui.input_text import shown_in_input
from tui.modals.form import FormField
from tui.validators import probability_field, text_field


def applies_options() -> list[tuple[str, str]]:
    """What a reason may apply to, in the words the board and the reasons table use."""
    return [
        (STATUS_LABELS[AppliesTo.ACCEPTED], AppliesTo.ACCEPTED.value),
        (STATUS_LABELS[AppliesTo.REJECTED], AppliesTo.REJECTED.value),
        ("both", AppliesTo.BOTH.value),
    ]


def reason_fields(name: str = "", applies_to: str = AppliesTo.BOTH.value) -> list[FormField]:
    """A reason's name and what it applies to; ``name`` as stored (shown as in any input)."""
    return [
        FormField(
            "name",
            "Name",
            shown_in_input(name),
            validators=[text_field("reason", required=True)],
        ),
        FormField(
            "applies_to", "Applies to", applies_to, options=applies_options(), allow_blank=False
        ),
    ]


def new_phase_fields(count: int) -> list[FormField]:
    """Name, probability and position of a new phase, placed last among ``count`` phases."""
    return [
        FormField("name", "Name", validators=[text_field("phase", required=True)]),
        FormField(
            "probability",
            "Probability %",
            placeholder="0–100",
            validators=[probability_field()],
        ),
        FormField("position", "Position", str(count + 1), placeholder=f"1–{count + 1}"),
    ]


def phase_name_fields(phase: PhaseSummary) -> list[FormField]:
    """A phase's new name, starting from its name as stored."""
    return [
        FormField(
            "name",
            "Name",
            shown_in_input(phase["name"]),
            validators=[text_field("phase", required=True)],
        )
    ]


def probability_fields(phase: PhaseSummary) -> list[FormField]:
    """A phase's win probability, starting from its current one."""
    return [
        FormField(
            "probability",
            "Probability %",
            str(phase["probability"]),
            validators=[probability_field()],
        )
    ]
