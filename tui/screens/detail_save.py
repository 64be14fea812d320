"""Saving the detail form: what each input sends, what is checked first, where a refusal goes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.screen import Screen
from textual.widgets import Input

from models.domain.errors import ValidationError
from tui.input_text import saved_from_input
from tui.validators import neutral_input

# The inputs that hold free text as stored (see ``tui.input_text``).
FREE_TEXT = frozenset(
    {
        "title",
        "organization",
        "contact",
        "owner",
        "source",
        "competitor",
        "close_note",
        "note",
        "next_step",
    }
)
# Fields the operations name by their column, shown on the form under another name.
FORM_FIELD = {"value_cents": "value", "reason_id": "reason"}


def as_saved(data: Mapping[str, Any], name: str, typed: str) -> str:
    """What to save from an input: escapes shown for refused stored characters undone.

    Amounts and dates typed in the session's language are saved in the neutral form the
    operations take (``12.500,00`` in Dutch as ``12500.00``).
    """
    if name not in FREE_TEXT:
        return neutral_input(name, typed)
    return saved_from_input(typed, data[name], multiline=name == "note")


def first_refused_input(screen: Screen[Any], names: Iterable[str]) -> tuple[str, str] | None:
    """The first of the ``names`` inputs whose validators refuse its text, and their reason."""
    for name in names:
        widget = screen.query(f"#input-{name}").first()
        if isinstance(widget, Input):
            result = widget.validate(widget.value)
            if result is not None and not result.is_valid:
                return name, result.failure_descriptions[0]
    return None


def form_field(error: ValidationError) -> str:
    """The form field a refused save's error belongs to."""
    field = error.field or ""
    return FORM_FIELD.get(field, field)
