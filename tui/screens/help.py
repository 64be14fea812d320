"""Help: every key of the screen it was opened from, and what the board's marks mean."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.screens.line_caches import release_line_caches

NAMES = {
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "question_mark": "?",
    "slash": "/",
    "ctrl+p": "ctrl+p",
}


# Inherited widget bindings that do nothing useful here or only confuse the list.
HIDDEN_ACTIONS = frozenset(
    {
        "scroll_left",
        "scroll_right",
        "page_left",
        "page_right",
        "copy_text",
        "scroll_home",
        "scroll_end",
    }
)


def key_name(key: str) -> str:
    """Show a key the way people type it."""
    return NAMES.get(key, key)


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys; any of escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 76; max-width: 100%; height: 90%;
        border: thick $primary; background: $panel; padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; margin-bottom: 1; }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen .help-close { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        """The key table of the target screen."""
        title = getattr(self.target, "HELP_TITLE", type(self.target).__name__)
        with Vertical():
            yield Static(f"Keys — {title}", classes="help-title", markup=False)
            with VerticalScroll():
                yield Static(self._keys(), markup=False)
                extra = getattr(self.target, "HELP_TEXT", "")
                if extra:
                    yield Static(Text(extra), markup=False)
            yield Static("escape, q or ? closes this help", classes="help-close", markup=False)

    def _keys(self) -> Table:
        """The screen's own keys first, then the keys of the widget with the cursor."""
        rows: dict[tuple[str, str], list[str]] = {}

        def order(item: tuple[str, Any]) -> int:
            # dealboard's own keys (they carry ids) first, then the widget's, then Textual's.
            active = item[1]
            if active.binding.id:
                return 0
            return 1 if active.node not in (self.target, self.app) else 2

        for key, active in sorted(self.target.active_bindings.items(), key=order):
            binding = active.binding
            if binding.action.split(".")[-1] in HIDDEN_ACTIONS:
                continue
            description = binding.tooltip or binding.description or binding.action.replace("_", " ")
            keys = rows.setdefault((binding.action, description), [])
            shown = key_name(key)
            if shown not in keys:
                keys.append(shown)
        # Two columns, so a long description wraps under itself, not under the keys.
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for (_action, description), keys in rows.items():
            table.add_row(Text(" / ".join(keys)), Text(description))
        return table

    def on_screen_suspend(self) -> None:
        """Closed or covered: drop the rendered lines (a new help is built each time)."""
        release_line_caches(self)

    def action_scroll(self, step: int) -> None:
        """Scroll the list."""
        self.query_one(VerticalScroll).scroll_relative(y=step, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(None)
