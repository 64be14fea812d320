"""A compact form in a modal: labelled fields validated as typed, saved through an operation.

The modal runs its ``submit`` callable in a thread worker and closes only when it succeeds;
a refusal from the domain layer is shown next to the field it concerns (or under the form),
and everything the user typed stays where it was. The exception is a form acting on a deal
that someone else changed meanwhile (``on_conflict``): what it offered may no longer hold,
so it closes and the caller shows the deal as it is now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.validation import Validator
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from models.domain.errors import ConflictError, DealboardError, ValidationError
from tui.dbwork import run_db
from tui.i18n import N_, _

# The width of a form's labels; a longer label (Dutch "Datum volgende stap") widens them all.
LABEL_WIDTH = 16


def literal(prompt: Any) -> Any:
    """Return a choice's label as plain text, never markup.

    ``Select`` parses a str label as markup: a reason named ``[/]`` would crash the form and
    one named ``[b]x[/b]`` would show a bold x.
    """
    return Text(prompt) if isinstance(prompt, str) else prompt


@dataclass
class FormField:
    """One input of a form: a text input, or a choice when ``options`` is given."""

    name: str
    label: str
    value: Any = ""  # an input's text; for a choice, the value of the option chosen first
    placeholder: str = ""
    validators: Sequence[Validator] = ()
    options: Sequence[tuple[str, Any]] | None = None
    allow_blank: bool = True
    suggestions: Sequence[str] = field(default_factory=list)


def label_width(labels: Sequence[str]) -> int:
    """The width of a form's labels: ``LABEL_WIDTH``, or wider for a longer label (one space after)."""
    return max(LABEL_WIDTH, *(len(label) + 1 for label in labels))


def form_hint(focused: Widget | None, saves: str, *, several: bool = True) -> str:
    """The keys under a form, for the widget with the cursor: what ``enter`` does there.

    In a text input ``enter`` saves; on a choice it opens the list, and in the open list it
    picks (escape then closes the list, not the form). ``several``: the form has more than
    one field, so ``tab`` moves between them. ``saves`` says what ``ctrl+s`` does
    (``N_("saves")``); it is translated here.
    """
    saves = _(saves)
    moves = [_("tab moves")] if several else []
    select = next((node for node in _ancestry(focused) if isinstance(node, Select)), None)
    if select is not None and select.expanded:
        return _("enter picks · escape closes the list")
    if select is not None:
        keys = [_("enter opens the list"), _("ctrl+s {saves}").format(saves=saves)]
        return " · ".join([*keys, _("escape cancels"), *moves])
    hint = " · ".join(
        [_("enter or ctrl+s {saves}").format(saves=saves), _("escape cancels"), *moves]
    )
    # The grey completion Textual shows is taken with → at the end of the text; say so.
    if isinstance(focused, Input) and focused.suggester is not None:
        hint += "\n" + _("→ at the end of the text takes the grey suggestion")
    return hint


def _ancestry(widget: Widget | None) -> list[Widget]:
    """The widget and the widgets it sits in (a choice's open list sits in the choice)."""
    nodes: list[Widget] = []
    node: Any = widget
    while isinstance(node, Widget):
        nodes.append(node)
        node = node.parent
    return nodes


class FormModal(ModalScreen[Any]):
    """A titled form; ``ctrl+s`` saves (so does ``enter`` in a text input), ``escape`` cancels."""

    DEFAULT_CSS = """
    FormModal {
        align: center middle;
    }
    FormModal > Vertical {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        border: thick $primary;
        background: $panel;
        padding: 0 1;
    }
    FormModal .form-title {
        text-style: bold;
        width: 100%;
        margin-bottom: 1;
    }
    FormModal .form-row {
        height: auto;
        margin-bottom: 0;
    }
    /* An open list takes room in the form, which grows (and scrolls if it must), rather than
       lying over the screen: over it, the list ran past the form's border and hid the hint. */
    FormModal .form-row Select > SelectOverlay {
        overlay: none;
        constrain: none;
    }
    FormModal .form-row Label {
        width: 16;
        color: $text-muted;
    }
    FormModal .form-row Input, FormModal .form-row Select {
        width: 1fr;
    }
    FormModal .form-error {
        color: $error;
        padding-left: 16;
        height: auto;
        display: none;
    }
    FormModal .form-error.-shown {
        display: block;
    }
    FormModal .form-general {
        color: $error;
        height: auto;
        margin-top: 1;
        display: none;
    }
    FormModal .form-general.-shown {
        display: block;
    }
    FormModal .form-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "submit", N_("Save")),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        submit: Callable[[dict[str, Any]], Any],
        *,
        saves: str = N_("saves"),
        intro: str = "",
        on_conflict: Callable[[ConflictError], None] | None = None,
    ) -> None:
        super().__init__()
        self.on_conflict = on_conflict
        self.form_title = title
        self.fields = list(fields)
        self.submit = submit
        self.saves = saves  # what ctrl+s does, for the hint: "saves", "merges (…)" (see form_hint)
        self.intro = intro
        self.saving = False

    def compose(self) -> ComposeResult:
        """One row per field, each with its error line."""
        width = label_width([spec.label for spec in self.fields])
        with Vertical():
            yield Static(self.form_title, classes="form-title", markup=False)
            if self.intro:
                yield Static(self.intro, markup=False)
            for spec in self.fields:
                with Horizontal(classes="form-row"):
                    label = Label(spec.label, markup=False)
                    label.styles.width = width
                    yield label
                    if spec.options is not None:
                        yield Select(
                            [(literal(prompt), value) for prompt, value in spec.options],
                            id=f"field-{spec.name}",
                            allow_blank=spec.allow_blank,
                            value=spec.value if spec.value not in ("", None) else Select.NULL,
                            compact=True,
                            prompt=_("(none)"),
                        )
                    else:
                        yield Input(
                            spec.value,
                            placeholder=spec.placeholder,
                            validators=list(spec.validators),
                            id=f"field-{spec.name}",
                            compact=True,
                            suggester=SuggestFromList(spec.suggestions, case_sensitive=False)
                            if spec.suggestions
                            else None,
                        )
                error = Static("", id=f"error-{spec.name}", classes="form-error", markup=False)
                error.styles.padding = (0, 0, 0, width)
                yield error
            yield Static("", id="form-general", classes="form-general", markup=False)
            yield Static(self.hint(), id="form-hint", classes="form-hint", markup=False)

    def hint(self) -> str:
        """The keys under the form, for the widget that has the cursor now."""
        return form_hint(self.focused, self.saves, several=len(self.fields) > 1)

    @on(events.DescendantFocus)
    @on(Select.Changed)
    def _show_hint(self) -> None:
        """Say what enter does for the widget that now has the cursor (or the list closed)."""
        self.query_one("#form-hint", Static).update(self.hint())

    def values(self) -> dict[str, Any]:
        """The current value of every field (Select.NULL becomes None)."""
        result: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                result[spec.name] = None if widget.value is Select.NULL else widget.value
            else:
                assert isinstance(widget, Input)
                result[spec.name] = widget.value
        return result

    def show_error(self, field_name: str | None, message: str) -> None:
        """Show ``message`` next to a field, or under the form."""
        target_id = f"error-{field_name}" if field_name and self._has_field(field_name) else None
        target = self.query_one(f"#{target_id}" if target_id else "#form-general", Static)
        target.update(message)
        target.set_class(bool(message), "-shown")
        if target_id:
            self.query_one(f"#field-{field_name}").focus()

    def _has_field(self, name: str) -> bool:
        return any(spec.name == name for spec in self.fields)

    @on(Input.Changed)
    def _validate_as_typed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        if not self._has_field(name):
            return
        result = event.validation_result
        message = "" if result is None or result.is_valid else result.failure_descriptions[0]
        error = self.query_one(f"#error-{name}", Static)
        error.update(message)
        error.set_class(bool(message), "-shown")

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        """A choice made: the error under it ("A reason is required…") no longer holds."""
        name = (event.select.id or "").removeprefix("field-")
        if self._has_field(name) and event.value is not Select.NULL:
            error = self.query_one(f"#error-{name}", Static)
            error.update("")
            error.remove_class("-shown")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        """Validate every field, then run the operation in a worker."""
        if self.saving:
            return
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Input):
                result = widget.validate(widget.value)
                if result is not None and not result.is_valid:
                    self.show_error(spec.name, result.failure_descriptions[0])
                    return
        self.show_error(None, "")
        self.saving = True
        run_db(
            self,
            self.submit,
            self.values(),
            on_done=self._saved,
            on_error=self._refused,
            group="form",
        )

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.dismiss(result)

    def _refused(self, error: DealboardError) -> None:
        self.saving = False
        if isinstance(error, ConflictError) and self.on_conflict is not None:
            self.dismiss(None)
            self.on_conflict(error)
            return
        field_name = error.field if isinstance(error, ValidationError) else None
        mapped = {"value_cents": "value", "probability_override": "probability"}.get(
            field_name or "", field_name
        )
        self.show_error(mapped, str(error))

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
