"""Shown when someone else saved a deal first: what they changed, and what to do now."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from models.domain.errors import Change, ConflictError
from models.domain.wording import WHOLE_DEAL_EVENTS, field_label, local_time, readable_value
from tui.formatting import safe
from tui.i18n import N_, _
from tui.modals.history_entry import value_text

ConflictChoice = Literal["mine", "theirs", "edit"]


def when(at: str) -> str:
    """A change's stored time (UTC, as text) in local time; text that is no time as it is."""
    try:
        return local_time(dt.datetime.fromisoformat(at))
    except ValueError:
        return safe(at)


def change_text(change: Change, currency: str | None = None) -> Text:
    """One change: the field's label, old → new (whole, as typed), then who and when.

    Amounts (in ``currency``), dates and percentages as the session's language writes them.
    """
    text = Text("• ")
    if change.field in WHOLE_DEAL_EVENTS:
        text.append(safe(change.describe()))  # "bram deleted it"
        text.append(f"  ({when(change.at)})", style="dim")
        return text
    text.append(field_label(change.field), style="bold")
    text.append(": ")
    text.append_text(value_text(readable_value(change.field, change.old_value, currency)))
    text.append(" → ")
    text.append_text(value_text(readable_value(change.field, change.new_value, currency)))
    text.append(f"  ({safe(change.actor)}, {when(change.at)})", style="dim")
    return text


class ConflictModal(ModalScreen[ConflictChoice]):
    """List the other person's changes; `m` saves mine over them, `t` takes theirs."""

    DEFAULT_CSS = """
    ConflictModal { align: center middle; }
    ConflictModal > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: thick $error; background: $panel; padding: 0 1;
    }
    ConflictModal VerticalScroll { height: auto; max-height: 12; }
    ConflictModal .conflict-title { text-style: bold; margin-bottom: 1; }
    ConflictModal .conflict-keys { color: $text-muted; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", N_("Save mine")),
        Binding("t", "choose('theirs')", N_("Take theirs")),
        Binding("escape,e", "choose('edit')", N_("Keep editing")),
    ]

    def __init__(self, error: ConflictError, currency: str | None = None) -> None:
        super().__init__()
        self.error = error
        self.currency = currency  # the database's, for the amounts

    def compose(self) -> ComposeResult:
        """The changes and the three ways out."""
        with Vertical():
            yield Static(
                _("Deal #{deal} was changed by someone else while you edited it").format(
                    deal=self.error.deal_id
                ),
                classes="conflict-title",
                markup=False,
            )
            with VerticalScroll():
                for change in self.error.changes or []:
                    yield Static(change_text(change, self.currency), markup=False)
                if not self.error.changes:
                    yield Static(_("(the history does not say what changed)"), markup=False)
            yield Static(_("Your input is kept; nothing of yours was saved yet."), markup=False)
            yield Static(
                _(
                    "m: save my values over theirs   t: discard mine, show theirs   "
                    "escape: keep editing"
                ),
                classes="conflict-keys",
                markup=False,
            )

    def action_choose(self, choice: ConflictChoice) -> None:
        """Close with the user's choice."""
        self.dismiss(choice)
