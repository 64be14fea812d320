"""A yes/no question in a modal."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import N_, _


class ConfirmModal(ModalScreen[bool]):
    """Ask a question; `y`/`enter` answers yes, `n`/`escape` no."""

    DEFAULT_CSS = """
    ConfirmModal {
        align: center middle;
    }
    ConfirmModal > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        border: thick $warning;
        background: $panel;
        padding: 0 1;
    }
    ConfirmModal .confirm-title { text-style: bold; margin-bottom: 1; }
    ConfirmModal .confirm-keys { color: $text-muted; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(
        self, title: str, message: str, *, yes: str | None = None, no: str | None = None
    ) -> None:
        super().__init__()
        self.question_title = title
        self.message = message
        self.yes = _("yes") if yes is None else yes
        self.no = _("no") if no is None else no

    def compose(self) -> ComposeResult:
        """Title, question and the keys."""
        with Vertical():
            yield Static(self.question_title, classes="confirm-title", markup=False)
            yield Static(self.message, markup=False)
            yield Static(
                _("y / enter: {yes}    n / escape: {no}").format(yes=self.yes, no=self.no),
                classes="confirm-keys",
                markup=False,
            )

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)
