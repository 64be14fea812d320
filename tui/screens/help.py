"""Help: every key of the screen it was opened from, and what the board's marks mean.

A screen gives help three things, all in English and marked ``N_("…")`` where they are defined;
help translates each into the current language when it is shown:

- ``HELP_TITLE``: one ``N_`` string, the screen's name ("Keys — {title}").
- ``HELP_TEXT``: one ``N_`` string, or a tuple of them, one per paragraph (each translated on
  its own, then shown one per line under a blank line; surrounding whitespace is dropped).
- ``HELP_GROUPS``: action name → ``N_`` heading, for keys listed under headings.

Binding descriptions and tooltips are translated the same way (the tooltip, which says more,
is shown when there is one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.i18n import N_, _
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


def help_paragraphs(text: str | Sequence[str]) -> str:
    """A screen's ``HELP_TEXT`` translated: a blank line, then one paragraph per line."""
    pieces = [text] if isinstance(text, str) else list(text)
    shown = [_help_piece(piece) for piece in pieces]
    if not any(shown):
        return ""
    return "\n" + "\n".join(shown)


def _help_piece(piece: str) -> str:
    """One piece of help text translated, without the whitespace around it.

    Looked up as marked (a leading newline included), else without that whitespace;
    an empty piece stays empty (``_("")`` would be the catalog's header).
    """
    core = piece.strip()
    if not core:
        return ""
    translated = _(piece)
    return (translated if translated != piece else _(core)).strip()


def key_name(key: str) -> str:
    """Show a key the way people type it."""
    return NAMES.get(key, key)


def _key_table(rows: list[tuple[list[str], str]], key_width: int = 0) -> Table:
    """Keys and what they do, in two columns: a long description wraps under itself."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=key_width)
    table.add_column(ratio=1)
    for keys, description in rows:
        table.add_row(Text(" / ".join(keys)), Text(description))
    return table


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
        Binding("escape,q,question_mark", "dismiss", N_("Close")),
        Binding("j,down", "scroll(1)", N_("Down"), show=False),
        Binding("k,up", "scroll(-1)", N_("Up"), show=False),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        """The key table of the target screen."""
        title = getattr(self.target, "HELP_TITLE", "")
        title = _(title) if title else type(self.target).__name__
        with Vertical():
            yield Static(
                _("Keys — {title}").format(title=title), classes="help-title", markup=False
            )
            with VerticalScroll():
                yield Static(self._keys(), markup=False)
                extra = help_paragraphs(getattr(self.target, "HELP_TEXT", ""))
                if extra:
                    yield Static(Text(extra), markup=False)
            yield Static(_("escape, q or ? closes this help"), classes="help-close", markup=False)

    def _keys(self) -> RenderableType:
        """The screen's own keys first, then the keys of the widget with the cursor.

        A screen whose keys depend on where the cursor is (``HELP_GROUPS``: action name →
        heading) has all its own keys listed, under their headings, the others after them.
        """
        rows: dict[tuple[str, str, str], list[str]] = {}
        groups: dict[str, str] = getattr(self.target, "HELP_GROUPS", {})

        def order(item: tuple[str, Any]) -> int:
            # dealboard's own keys (they carry ids) first, then the widget's, then Textual's.
            active = item[1]
            if active.binding.id:
                return 0
            return 1 if active.node not in (self.target, self.app) else 2

        entries = [
            (key, active.binding)
            for key, active in sorted(self.target.active_bindings.items(), key=order)
        ]
        if groups:
            # Keys that are off where the cursor is now (see ``Screen.check_action``) too.
            entries = [*self.target._bindings, *entries]
        for key, binding in entries:
            if binding.action.split(".")[-1] in HIDDEN_ACTIONS:
                continue
            text = binding.tooltip or binding.description
            description = _(text) if text else binding.action.replace("_", " ")
            group = groups.get(binding.action.split("(")[0], "") if groups else ""
            keys = rows.setdefault((group, binding.action, description), [])
            shown = key_name(key)
            if shown not in keys:
                keys.append(shown)
        if not groups:
            return _key_table([(keys, description) for (_, _, description), keys in rows.items()])
        # One table per heading, their key columns equally wide so the descriptions align.
        width = max((len(" / ".join(keys)) for keys in rows.values()), default=0)
        parts: list[RenderableType] = []
        for heading in [*dict.fromkeys(groups.values()), ""]:
            if parts:
                parts.append(Text())
            shown = _(heading) if heading else _("Anywhere on this screen")
            parts.append(Text(shown, style="bold underline"))
            chosen = [
                (keys, text) for (group, _action, text), keys in rows.items() if group == heading
            ]
            parts.append(_key_table(chosen, width))
        return Group(*parts)

    def on_screen_suspend(self) -> None:
        """Closed or covered: drop the rendered lines (a new help is built each time)."""
        release_line_caches(self)

    def action_scroll(self, step: int) -> None:
        """Scroll the list."""
        self.query_one(VerticalScroll).scroll_relative(y=step, animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help."""
        self.dismiss(None)
