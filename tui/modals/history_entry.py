"""One history line in full: who changed what when, and the whole old and new value.

The history table shows each value's first line, cut (a note can be pages long); this modal
shows both values whole, wrapped and scrollable, exactly as typed: never as markup, line
breaks and tabs kept, only characters that would control the terminal shown escaped.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from models.domain.status import STATUS_LABELS
from models.domain.wording import WHOLE_DEAL_EVENTS, field_label, local_time, readable_value
from models.queries.view_types import HistoryEntry
from tui.formatting import safe
from tui.i18n import N_, _

KEEP = "\n\t"  # what a note may hold and is shown as it is


def value_text(value: str | None) -> Text:
    """A stored value as typed; an empty one says so, dimmed (not to be read as text)."""
    if value in (None, ""):
        return Text(_("(empty)"), style="dim italic")
    return Text(safe(value, keep=KEEP))


def readable_values(what: str, old: str | None, new: str | None) -> tuple[str | None, str | None]:
    """The values as people read them: a status is won or lost (stored: accepted, rejected)."""
    if what == "status":
        return STATUS_LABELS.get(old or "", old), STATUS_LABELS.get(new or "", new)
    return old, new


# The modal's title for an event that changed no single field (``WHOLE_DEAL_EVENTS``).
EVENT_TITLES = {"created": N_("Created"), "deleted": N_("Deleted"), "restored": N_("Restored")}


def entry_title(what: str) -> str:
    """The modal's title: the field's label, or what happened to the whole deal."""
    if what in WHOLE_DEAL_EVENTS:
        return _(EVENT_TITLES.get(what, what.capitalize()))
    return field_label(what)


class HistoryEntryModal(ModalScreen[None]):
    """A history line's whole old and new value; escape (or enter, or q) closes it."""

    DEFAULT_CSS = """
    HistoryEntryModal { align: center middle; }
    HistoryEntryModal > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $panel; padding: 0 1;
    }
    HistoryEntryModal .entry-title { text-style: bold; }
    HistoryEntryModal .entry-who { color: $text-muted; }
    HistoryEntryModal VerticalScroll { height: auto; max-height: 70vh; }
    HistoryEntryModal .entry-label { text-style: bold; margin-top: 1; }
    HistoryEntryModal .entry-keys { color: $text-muted; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", N_("Close")),
        Binding("j,down", "scroll(1)", N_("Down"), show=False),
        Binding("k,up", "scroll(-1)", N_("Up"), show=False),
        Binding("pagedown,space", "scroll(10)", N_("Page down"), show=False),
        Binding("pageup", "scroll(-10)", N_("Page up"), show=False),
    ]

    def __init__(
        self, what: str, old: str | None, new: str | None, *, actor: str, when: str
    ) -> None:
        super().__init__()
        self.what = what
        self.old = old
        self.new = new
        self.actor = actor
        self.when = when

    @classmethod
    def of(
        cls, entry: HistoryEntry, at: dt.datetime | None, currency: str | None = None
    ) -> HistoryEntryModal:
        """The modal for one entry of a deal's history, changed at ``at`` (stored, UTC).

        Values as the session's language writes them, amounts in ``currency``.
        """
        what = entry["field"] or entry["kind"]
        old, new = readable_values(what, entry["old_value"], entry["new_value"])
        return cls(
            what,
            readable_value(what, old, currency),
            readable_value(what, new, currency),
            actor=entry["actor"],
            when=local_time(at),
        )

    def compose(self) -> ComposeResult:
        """Title, who and when, then the old and the new value."""
        with Vertical():
            yield Static(entry_title(self.what), classes="entry-title", markup=False)
            actor = safe(self.actor)
            who = (
                _("by {actor}, {when}").format(actor=actor, when=self.when)
                if self.when
                else _("by {actor}").format(actor=actor)
            )
            yield Static(who, classes="entry-who", markup=False)
            with VerticalScroll():
                if self.what == "created":
                    yield Static(_("Title"), classes="entry-label", markup=False)
                    yield Static(value_text(self.new), id="entry-new", markup=False)
                elif self.what not in WHOLE_DEAL_EVENTS:
                    yield Static(_("Before"), classes="entry-label", markup=False)
                    yield Static(value_text(self.old), id="entry-old", markup=False)
                    yield Static(_("After"), classes="entry-label", markup=False)
                    yield Static(value_text(self.new), id="entry-new", markup=False)
            yield Static(_("escape closes · up/down scroll"), classes="entry-keys", markup=False)

    def action_scroll(self, lines: int) -> None:
        """Scroll the values."""
        self.query_one(VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        """Back to the deal."""
        self.dismiss(None)
