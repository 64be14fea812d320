"""The detail screen's form: its fields and rows, filling them from a deal, reading them back.

Every input is ``#input-<field>`` with its message line ``#error-<field>`` under it; the
closing rows (reason, lost to, closing note) show only on a closed deal.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static, TextArea

from models.domain.status import Status
from models.queries.suggestions import SUGGESTABLE
from models.queries.view_types import DealView
from tui.formatting import safe
from tui.i18n import N_, _
from tui.modals.form import label_width
from tui.screens.detail_data import DetailData
from tui.suggest import load_suggestions, set_suggestions
from tui.validators import date_field, money_field, probability_field, text_field

# (field name, label, validator factory) for the single-line inputs, in screen order; the
# labels are translated where they are shown.
TEXT_INPUTS = (
    ("title", N_("Title"), lambda: text_field("title", required=True)),
    ("organization", N_("Organization"), lambda: text_field("organization")),
    ("contact", N_("Contact"), lambda: text_field("contact")),
    ("owner", N_("Owner"), lambda: text_field("owner")),
    ("source", N_("Source"), lambda: text_field("source")),
    ("value", N_("Value"), money_field),
    ("expected_close", N_("Expected close"), date_field),
    ("probability_override", N_("Probability %"), lambda: probability_field(optional=True)),
    ("next_step", N_("Next step"), lambda: text_field("next_step")),
    ("next_step_date", N_("Next step date"), lambda: date_field("next_step_date")),
)
CLOSING_INPUTS = (
    ("competitor", N_("Lost to"), lambda: text_field("competitor")),
    ("close_note", N_("Closing note"), lambda: text_field("close_note")),
)
REASON_LABEL = N_("Reason")
HINT_WIDTH = 30  # detail.tcss: #probability-hint
# The single-line inputs by field name, in screen order.
INPUT_NAMES = tuple(name for name, *_ in (*TEXT_INPUTS, *CLOSING_INPUTS))


def form_rows() -> ComposeResult:
    """The rows of the form, each with its error line: fields, reason, closing fields, note.

    The labels are as wide as the longest needs (Dutch ones are longer), at least 16.
    """
    labels = {name: _(label) for name, label, _validator in (*TEXT_INPUTS, *CLOSING_INPUTS)}
    labels["reason"] = _(REASON_LABEL)
    width = label_width(list(labels.values()))

    def label(name: str) -> Label:
        widget = Label(labels[name], markup=False)
        widget.styles.width = width
        return widget

    def error(name: str) -> Static:
        widget = Static(id=f"error-{name}", classes="field-error", markup=False)
        widget.styles.padding = (0, 0, 0, width)
        return widget

    for name, _label, validator in TEXT_INPUTS:
        with Horizontal(classes="field-row", id=f"row-{name}"):
            yield label(name)
            yield Input(id=f"input-{name}", compact=True, validators=[validator()])
            if name == "probability_override":
                yield probability_hint_static()
        yield error(name)
    with Horizontal(classes="field-row closing", id="row-reason"):
        yield label("reason")
        yield Select([], id="input-reason", compact=True, prompt=_("(none)"))
    yield error("reason")
    for name, _label, validator in CLOSING_INPUTS:
        with Horizontal(classes="field-row closing", id=f"row-{name}"):
            yield label(name)
            yield Input(id=f"input-{name}", compact=True, validators=[validator()])
        yield error(name)
    yield Label(_("Note"), classes="section")
    yield TextArea(id="input-note", soft_wrap=True, show_line_numbers=False)
    yield Static(id="error-note", classes="field-error", markup=False)


def probability_hint_static() -> Static:
    """The text beside the probability input, wide enough for its longest wording (30 or more)."""
    longest = _("override {chance} % (phase {phase} %)").format(chance=100, phase=100)
    widget = Static(id="probability-hint", markup=False)
    width = cell_len(longest) + 1  # and its padding
    if width > HINT_WIDTH:
        widget.styles.width = width
    return widget


def fill_form(screen: Screen[Any], data: DetailData, values: dict[str, str]) -> None:
    """Show ``values`` for the deal ``data``: errors cleared, closing rows as its status wants."""
    status = data["status"]
    for name in INPUT_NAMES:
        widget = screen.query_one(f"#input-{name}", Input)
        with widget.prevent(Input.Changed):
            widget.value = values[name]
    for name in (*INPUT_NAMES, "reason", "note"):
        show_error(screen, name, "")
    screen.query_one("#input-note", TextArea).load_text(values["note"])
    select = screen.query_one("#input-reason", Select)
    with select.prevent(Select.Changed):
        # Text labels: Select parses a str label as markup, and a reason named "[/]" crashed it.
        choices = [(Text(label), value) for label, value in data["reasons"]]
        select.set_options(choices)
        current = values["reason"]
        options = {value for _, value in choices}
        if current and current not in options:  # an archived reason still on the deal
            select.set_options([*choices, (Text(safe(current)), current)])
        select.value = current if current else Select.NULL
    for name in ("reason", "competitor", "close_note"):
        screen.query_one(f"#row-{name}").display = status != Status.OPEN
    screen.query_one("#row-competitor").display = status == Status.REJECTED
    for name in ("competitor", "close_note"):
        screen.query_one(f"#error-{name}").display = status != Status.OPEN
    show_probability_hint(screen, data, values["probability_override"])


def read_form(screen: Screen[Any]) -> dict[str, str]:
    """What the form shows now, by field name."""
    values = {name: screen.query_one(f"#input-{name}", Input).value for name in INPUT_NAMES}
    values["note"] = screen.query_one("#input-note", TextArea).text
    reason = screen.query_one("#input-reason", Select).value
    values["reason"] = "" if reason is Select.NULL else str(reason)
    return values


def show_error(screen: Screen[Any], name: str, message: str) -> None:
    """Show ``message`` under the field ``name``; an empty message hides the line."""
    error = screen.query_one(f"#error-{name}", Static)
    error.update(message)
    error.set_class(bool(message), "-shown")


def probability_hint(data: DealView, typed: str) -> str:
    """The text beside the probability input: at close, the override typed, or the phase's."""
    if data["status"] != Status.OPEN:
        return _("at close {chance} %").format(chance=data["probability_at_close"])
    if typed.strip():
        return _("override {chance} % (phase {phase} %)").format(
            chance=typed.strip(), phase=data["phase_probability"]
        )
    return _("phase {chance} %").format(chance=data["phase_probability"])


def show_probability_hint(screen: Screen[Any], data: DealView, typed: str) -> None:
    """Update the text beside the probability input for what is ``typed`` in it."""
    screen.query_one("#probability-hint", Static).update(probability_hint(data, typed))


def load_form_suggestions(screen: Screen[Any]) -> None:
    """Let organization, contact, owner, source and lost-to suggest values in use (a worker)."""
    inputs = {name: f"#input-{name}" for name in SUGGESTABLE}
    load_suggestions(screen, SUGGESTABLE, lambda found: set_suggestions(screen, inputs, found))
