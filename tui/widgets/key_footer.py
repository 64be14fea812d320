"""The footer of every screen: Textual's ``Footer`` that lets go of the keys it replaced.

Textual's ``Footer`` rebuilds its keys whenever the screen's bindings change (a screen
coming back, the focus moving to another column). Each new ``FooterKey`` is bound to the
footer's ``compact`` reactive with ``data_bind``, which records a watcher *on the footer*;
Textual prunes that list only when ``compact`` changes, which never happens here. So a
long-lived screen's footer kept every key it ever showed — the board's grew by some two
dozen widgets (about 1 MiB) per screen opened on top of it, all day long (Textual 8.2,
upstream issue Textualize/textual#6666). This footer forgets the watchers of removed keys
after each rebuild.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """A ``Footer`` whose rebuilds do not keep the removed keys alive."""

    async def recompose(self) -> None:
        """Rebuild the keys, then drop the watchers the removed keys left on this footer."""
        await super().recompose()
        self.forget_removed_watchers()

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
