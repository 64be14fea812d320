"""Pick whose deals the board shows: one owner, or all owners."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import N_, _

ALL_OWNERS = N_("All owners")


class OwnerPicker(ModalScreen[str | None]):
    """A list of the owners on the board; enter picks one, escape means all owners."""

    DEFAULT_CSS = """
    OwnerPicker {
        align: center middle;
    }
    OwnerPicker > Vertical {
        width: 44;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $panel;
        padding: 0 1;
    }
    OwnerPicker .picker-title { text-style: bold; margin-bottom: 1; }
    OwnerPicker OptionList { height: auto; max-height: 16; }
    OwnerPicker .picker-keys { color: $text-muted; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "all_owners", ALL_OWNERS),
    ]

    def __init__(self, owners: list[str], current: str | None) -> None:
        super().__init__()
        self.owners = owners
        self.current = current

    def compose(self) -> ComposeResult:
        """Title, the owners (all owners first) and the keys."""
        with Vertical():
            yield Static(_("Show the deals of"), classes="picker-title", markup=False)
            # Option prompts as Text: an owner named "[b]x" is shown as typed.
            options = [Option(Text(_(ALL_OWNERS), style="italic"), id="")]
            options += [
                Option(Text(owner), id=f"o{index}") for index, owner in enumerate(self.owners)
            ]
            yield OptionList(*options)
            yield Static(
                _("enter: pick    escape: all owners"), classes="picker-keys", markup=False
            )

    def on_mount(self) -> None:
        """Start on the owner shown now."""
        option_list = self.query_one(OptionList)
        if self.current in self.owners:
            option_list.highlighted = self.owners.index(self.current) + 1
        else:
            option_list.highlighted = 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Close with the owner picked (None for all owners)."""
        event.stop()
        index = event.option_index
        self.dismiss(self.owners[index - 1] if index > 0 else None)

    def action_all_owners(self) -> None:
        """Close: every owner's deals."""
        self.dismiss(None)
