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

What it costs, kept small because it runs on every focus change of every screen:

- The screen's active bindings are read once per update: the footer works out the keys it
  shows (``shown_keys``) and makes exactly those key widgets, the help key last. Textual's
  ``compose`` read the bindings a second time and made a widget for every binding, shown or
  not, to be thrown away. Binding groups and the command palette's key are not shown (no
  screen uses them).
- The keys change only when what the footer shows changes, and then the key widgets already
  mounted show the new keys (only the difference in number is mounted or removed): a rebuild
  styled, measured and laid out every key anew (starting on the board and taking one key
  cost 4 % more CPU with it). The first keys are mounted as any later extra key is.
- Each layout asks every key for its width, and Textual forgets a widget's measured width on
  each of its refreshes (a size or style update), so each key was rendered (styled, text
  built) to be measured some three times per start. ``MeasuredKey`` keeps the width for what
  decides it: the texts, the paddings its styles give now (a change of ``compact`` or of the
  style sheet is measured anew once Textual lays the key out again), the room and its
  expand/shrink rules. A new theme's colours are painted by ``render`` as before.

Binding descriptions and tooltips are marked ``N_("…")`` where the bindings are defined; the
footer shows them translated into the current language (``_(…)``), and fits the translated
words (Dutch ones are longer).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.i18n import _

HELP_KEY = "question_mark"

# One key the footer shows: key, key display, description, action, enabled, tooltip.
Entry = tuple[str, str, str, str, bool, str]
# What the footer shows: its keys in order, the help key last.
Plan = tuple[Entry, ...]

# Widths kept for at most this many (texts, paddings, room) at once (a few screens' keys in
# two languages take some 60).
MEASURED_LIMIT = 512


def translated(text: str) -> str:
    """A binding's description or tooltip in the current language (empty stays empty)."""
    return _(text) if text else text


class MeasuredKey(FooterKey):
    """A footer key measured once for what it shows, not at every layout.

    The width is Textual's own measure (``FooterKey.render`` then its width), kept for the
    same key display, description, paddings of its two parts, line padding, room and
    expand/shrink rules: all that the measure reads. What the key looks like (colours of a
    theme, dimmed when disabled) is painted by ``render`` as before.
    """

    _widths: ClassVar[dict[tuple[object, ...], int]] = {}

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """The width of the key's text, measured once per text, padding and room."""
        components = self._component_styles
        try:
            key_padding = components["footer-key--key"].padding
            description_padding = components["footer-key--description"].padding
        except KeyError:  # not styled yet: measured as Textual would
            return super().get_content_width(container, viewport)
        measure = (
            self.key_display,
            self.description,
            key_padding,
            description_padding,
            self.styles.line_pad,
            container.width,
            self.expand,
            self.shrink,
        )
        widths = MeasuredKey._widths
        width = widths.get(measure)
        if width is None:
            if len(widths) >= MEASURED_LIMIT:
                widths.clear()
            width = widths[measure] = super().get_content_width(container, viewport)
        return width


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
        keys: dict[str, Entry] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                if binding.action in hidden and binding.key != HELP_KEY:
                    continue
                display = self.app.get_key_display(binding)
                description = translated(binding.description)
                keys[binding.action] = (
                    binding.key,
                    display,
                    description,
                    binding.action,
                    enabled,
                    translated(tooltip or ""),
                )
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

    def _cells(self, entry: Entry) -> int:
        """The cells a key takes: key, space, description and the gap after it (compact)."""
        display, description = entry[1], entry[2]
        words = cell_len(display) + (1 + cell_len(description) if description else 0)
        return words + (1 if self.compact else 3)

    def compose(self) -> ComposeResult:
        """The keys of the current plan, as Textual's footer makes them; the help key marked."""
        for entry in self._plan or ():
            yield self._new_key(entry)

    def _new_key(self, entry: Entry) -> MeasuredKey:
        """A key widget for ``entry``, bound to the footer's ``compact`` as Textual binds it."""
        key, display, description, action, enabled, tooltip = entry
        widget = MeasuredKey(
            key, display, description, action, disabled=not enabled, tooltip=tooltip
        )
        # Classes set before the key is mounted, without styling it: it is styled once, when
        # mounted. ``-compact`` is what the key's watcher would add once mounted, restyling it
        # (that restyling was half of what the footer cost to build).
        widget.set_class(self.compact, "-compact", update=False)
        if key == HELP_KEY:
            widget.add_class("-help", update=False)
        with self._context():  # data_bind binds to the active message pump: this footer
            return widget.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings changed: update the keys after the next refresh."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._update_later()

    def watch_compact(self) -> None:
        """Compact or not, the keys take other room: as many may no longer fit."""
        self._update_later()

    def on_resize(self, event: events.Resize) -> None:
        """Another width may fit more or fewer keys."""
        if event.size.width != self._width:
            self._width = event.size.width
            self._update_later()

    def _update_later(self) -> None:
        """Have ``recompose`` run after the next refresh."""
        self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        """Show new keys if what they show changed, then drop the removed keys' watchers.

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
        if not await self._refill(plan):
            await super().recompose()
        self.forget_removed_watchers()

    async def _refill(self, plan: Plan) -> bool:
        """Show ``plan`` in the key widgets already there; False if that cannot be done.

        Removing every key and mounting new ones (Textual's recompose) styles, lays out and
        measures each of them anew: most of what a focus change cost on the board. The new
        keys' content goes into the widgets already mounted (the first to the first, and so
        on; the help key to the help key); keys beyond those are mounted, and those left over
        removed. The result is what a rebuild shows, in the same order; the first keys are
        mounted this way too. Anything else than one row of this footer's keys, the help key
        last, is rebuilt.
        """
        old = list(self.children)
        if not _plain_row(old):
            return False
        old_keys, old_help = _split(old)
        new_keys = [entry for entry in plan if entry[0] != HELP_KEY]
        new_help = [entry for entry in plan if entry[0] == HELP_KEY]
        async with self.batch():
            for widget, entry in [
                *zip(old_keys, new_keys, strict=False),
                *zip(old_help, new_help, strict=False),
            ]:
                _take_content(widget, entry, compact=self.compact)
            extra = [self._new_key(entry) for entry in new_keys[len(old_keys) :]]
            if extra:
                await self.mount_all(extra, before=old_help[0] if old_help else None)
            extra_help = [self._new_key(entry) for entry in new_help[len(old_help) :]]
            if extra_help:
                await self.mount_all(extra_help)
            left_over = [*old_keys[len(new_keys) :], *old_help[len(new_help) :]]
            if left_over:
                await self.remove_children(left_over)
        return True

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
    """Whether these are this footer's keys only, the help key(s) last."""
    if not all(type(widget) is MeasuredKey for widget in widgets):
        return False
    helps = [widget.has_class("-help") for widget in widgets]
    return helps == sorted(helps)


def _split(keys: list[Widget]) -> tuple[list[MeasuredKey], list[MeasuredKey]]:
    """The keys other than help, and the help key(s)."""
    others = [key for key in keys if isinstance(key, MeasuredKey) and not key.has_class("-help")]
    helps = [key for key in keys if isinstance(key, MeasuredKey) and key.has_class("-help")]
    return others, helps


def _take_content(widget: MeasuredKey, entry: Entry, *, compact: bool) -> None:
    """Make a mounted key show ``entry`` as a new key would (restyled only if need be)."""
    key, display, description, action, enabled, tooltip = entry
    shown = (key, display, description, action, not enabled)
    changed = (
        widget.key,
        widget.key_display,
        widget.description,
        widget.action,
        widget._disabled,
    ) != shown
    widget.key, widget.key_display, widget.description, widget.action = shown[:4]
    widget._disabled = not enabled
    fresh_tooltip = tooltip or None
    if widget.tooltip != fresh_tooltip:
        widget.tooltip = fresh_tooltip
    classes = {
        name
        for name, wanted in (
            ("-compact", compact),
            ("-help", key == HELP_KEY),
            ("-disabled", not enabled),
        )
        if wanted
    }
    if widget.classes != classes:
        widget.set_classes(classes)
    if changed:
        widget.refresh(layout=True)
