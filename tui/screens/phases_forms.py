"""The fields of the phase configuration screen's forms: a phase and a reason.

The merge form, with its preview, is in ``phases_merge``.
"""

from __future__ import annotations

from models.domain.status import STATUS_LABELS, AppliesTo
from models.queries.view_types import PhaseSummary
from tui.i18n import N_, _
from tui.input_text import shown_in_input
from tui.modals.form import FormField
from tui.validators import probability_field, text_field

BOTH = N_("both")  # a reason that applies to won and lost deals alike


def applies_label(applies_to: str) -> str:
    """What a reason applies to, as the board says it: ``won``, ``lost`` or ``both``.

    The stored words stay ``accepted``, ``rejected`` and ``both``; another stored text is
    shown as it is.
    """
    if applies_to == AppliesTo.BOTH.value:
        return _(BOTH)
    return STATUS_LABELS.get(applies_to, applies_to)


def applies_options() -> list[tuple[str, str]]:
    """What a reason may apply to, in the words the board and the reasons table use."""
    return [(applies_label(value.value), value.value) for value in AppliesTo]


def reason_fields(name: str = "", applies_to: str = AppliesTo.BOTH.value) -> list[FormField]:
    """A reason's name and what it applies to; ``name`` as stored (shown as in any input)."""
    return [
        FormField(
            "name",
            _("Name"),
            shown_in_input(name),
            validators=[text_field("reason", required=True)],
        ),
        FormField(
            "applies_to", _("Applies to"), applies_to, options=applies_options(), allow_blank=False
        ),
    ]


def new_phase_fields(count: int) -> list[FormField]:
    """Name, probability and position of a new phase, placed last among ``count`` phases."""
    return [
        FormField("name", _("Name"), validators=[text_field("phase", required=True)]),
        FormField(
            "probability",
            _("Probability %"),
            placeholder="0–100",
            validators=[probability_field()],
        ),
        FormField("position", _("Position"), str(count + 1), placeholder=f"1–{count + 1}"),
    ]


def phase_name_fields(phase: PhaseSummary) -> list[FormField]:
    """A phase's new name, starting from its name as stored."""
    return [
        FormField(
            "name",
            _("Name"),
            shown_in_input(phase["name"]),
            validators=[text_field("phase", required=True)],
        )
    ]


def probability_fields(phase: PhaseSummary) -> list[FormField]:
    """A phase's win probability, starting from its current one."""
    return [
        FormField(
            "probability",
            _("Probability %"),
            str(phase["probability"]),
            validators=[probability_field()],
        )
    ]
