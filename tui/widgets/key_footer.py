"""The footer of every screen: Textual's ``Footer`` that lets go of the keys it replaced.

Textual's ``Footer`` rebuilds its keys whenever the screen's bindings change (a screen
coming back, the focus moving to another column). Each new ``FooterKey`` is bound to the
footer's ``compact`` reactive with ``data_bind``, which records a watcher *on the footer*;
Textual prunes that list only when ``compact`` changes, which never happens here. So a
long-lived screen's footer kept every key it ever showed — the board's grew by some two
dozen widgets (about 1 MiB) per screen opened on top of it, all day long (Textual 8.2,
upstream issue Textualize/textual#6666). This footer forgets the watchers of removed keys
after each rebuild.

It also keeps ``?`` Help in sight: the help key sits at the right edge, and the other keys
are shown in their order as far as they fit beside it, each whole or not at all (``help``
lists them all). A screen may leave keys out that do not apply now: it names their actions
in a ``hidden_footer_actions`` attribute and calls ``refresh_bindings()`` when that changes.
The keys change only when what the footer shows changes, and then the key widgets already
mounted show the new keys (only the difference in number is mounted or removed): a rebuild
styled, measured and laid out every key anew (starting on the board and taking one key cost
4 % more CPU with it).

Binding descriptions and tooltips are marked ``N_("…")`` where the bindings are defined; the
footer shows them translated into the current language (``_(…)``), and fits the translated
words (Dutch ones are longer).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.compose import compose
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.i18n import _

HELP_KEY = "question_mark"

# What the footer shows: (key, key display, description, action, enabled) per key.
Plan = tuple[tuple[str, str, str, str, bool], ...]


def translated(text: str) -> str:
    """A binding's description or tooltip in the current language (empty stays empty)."""
    return _(text) if text else text


class KeyFooter(Footer):
    """A ``Footer`` that keeps ``?`` in sight, shows whole keys only, and lets go of old ones."""

    DEFAULT_CSS = """
    KeyFooter FooterKey.-help {
        dock: right;
        margin-right: 0;
        padding-left: 1;
    }
    """

    _plan: Plan | None = None
    _width = 0

    def shown_keys(self) -> Plan:
        """The keys the footer shows at its current width, the help key last."""
        if not self._bindings_ready:
            return ()
        hidden = set(getattr(self.screen, "hidden_footer_actions", ()))
        keys: dict[str, tuple[str, str, str, str, bool]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                if binding.action in hidden and binding.key != HELP_KEY:
                    continue
                keys[binding.action] = self._entry(binding, enabled)
        help_keys = [entry for entry in keys.values() if entry[0] == HELP_KEY]
        others = [entry for entry in keys.values() if entry[0] != HELP_KEY]
        width = self.size.width
        room = width - sum(self._cells(entry) for entry in help_keys)
        shown = []
        for entry in others:
            room -= self._cells(entry)
            if width and room < 0:
                break  # the keys after it would not fit either, or come out of order
            shown.append(entry)
        return (*shown, *help_keys)

    def _entry(self, binding: Binding, enabled: bool) -> tuple[str, str, str, str, bool]:
        display = self.app.get_key_display(binding)
        return (binding.key, display, translated(binding.description), binding.action, enabled)

    def _cells(self, entry: tuple[str, str, str, str, bool]) -> int:
        """The cells a key takes: key, space, description and the gap after it (compact)."""
        _, display, description, _, _ = entry
        words = cell_len(display) + (1 + cell_len(description) if description else 0)
        return words + (1 if self.compact else 3)

    def compose(self) -> ComposeResult:
        """Textual's keys, less those that do not apply or fit; the help key marked."""
        actions = {entry[3] for entry in self._plan or ()}
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Classes set before the key is mounted, without styling it: it is styled once,
                # when mounted. ``-compact`` is what the key's watcher would add once mounted,
                # restyling it (that restyling was half of what the footer cost to build).
                widget.set_class(self.compact, "-compact", update=False)
                if widget.key == HELP_KEY:
                    widget.add_class("-help", update=False)
                elif widget.action not in actions:
                    continue
                widget.description = translated(widget.description)
                if widget.tooltip is not None:
                    widget.tooltip = translated(str(widget.tooltip))
            yield widget

    async def recompose(self) -> None:
        """Rebuild the keys if what they show changed, then drop the removed keys' watchers.

        A rebuild asked for after a resize may run once the screen has been closed (a screen
        opened from the palette and closed at once): a footer no longer on a screen has
        nothing to show and is left alone.
        """
        if not self.is_attached or self._closing or self._closed:
            return
        plan = self.shown_keys()
        if plan == self._plan and self.children:
            return
        self._plan = plan
        if not await self._refill():
            await super().recompose()
        self.forget_removed_watchers()

    async def _refill(self) -> bool:
        """Show the new keys in the key widgets already there; False if that cannot be done.

        Removing every key and mounting new ones (Textual's recompose) styles, lays out and
        measures each of them anew: most of what a focus change cost on the board. The keys
        are composed as for a rebuild, but only their content goes into the widgets already
        mounted (the first to the first, and so on; the help key to the help key); keys
        beyond those are mounted, and those left over removed. The result is what a rebuild
        shows, in the same order; anything else than one row of plain keys, the help key
        last, is rebuilt.
        """
        old = list(self.children)
        new = list(compose(self))
        if not (_plain_row(old) and _plain_row(new)):
            return False
        old_keys, old_help = _split(old)
        new_keys, new_help = _split(new)
        if len(old_help) != len(new_help):
            return False
        async with self.batch():
            for widget, fresh in [
                *zip(old_keys, new_keys, strict=False),
                *zip(old_help, new_help, strict=True),
            ]:
                _take_content(widget, fresh)
            extra = new_keys[len(old_keys) :]
            if extra:
                before = old_help[0] if old_help else None
                await self.mount_all(extra, before=before)
            left_over = old_keys[len(new_keys) :]
            if left_over:
                await self.remove_children(left_over)
        return True

    def on_resize(self, event: events.Resize) -> None:
        """Another width may fit more or fewer keys."""
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)

    def forget_removed_watchers(self) -> None:
        """Remove watcher entries whose widget has been removed from the DOM."""
        # Textual keeps the list under this name-mangled attribute (``textual.reactive._watch``).
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [
                (node, callback)
                for node, callback in entries
                if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))
            ]


def _plain_row(widgets: list[Widget]) -> bool:
    """Whether these are footer keys only (no group), the help key(s) last."""
    if not all(type(widget) is FooterKey for widget in widgets):
        return False
    helps = [widget.has_class("-help") for widget in widgets]
    return helps == sorted(helps) and not any(
        widget.has_class("-grouped", "-command-palette") for widget in widgets
    )


def _split(keys: list[Widget]) -> tuple[list[FooterKey], list[FooterKey]]:
    """The keys other than help, and the help key(s)."""
    others = [key for key in keys if isinstance(key, FooterKey) and not key.has_class("-help")]
    helps = [key for key in keys if isinstance(key, FooterKey) and key.has_class("-help")]
    return others, helps


def _take_content(widget: FooterKey, fresh: FooterKey) -> None:
    """Make a mounted key show what a newly composed one would (restyled only if need be)."""
    changed = (
        widget.key,
        widget.key_display,
        widget.description,
        widget.action,
        widget._disabled,
    ) != (fresh.key, fresh.key_display, fresh.description, fresh.action, fresh._disabled)
    widget.key = fresh.key
    widget.key_display = fresh.key_display
    widget.description = fresh.description
    widget.action = fresh.action
    widget._disabled = fresh._disabled
    if widget.tooltip != fresh.tooltip:
        widget.tooltip = fresh.tooltip
    if widget.classes != fresh.classes:
        widget.set_classes(fresh.classes)
    if changed:
        widget.refresh(layout=True)
