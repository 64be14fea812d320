"""Let a screen that is put away drop the lines its widgets last rendered.

Textual 8.2 memoises ``StylesCache.get_inner_outer`` with ``functools.lru_cache(1024)`` on
the instance, so the style caches of the last thousand-odd widgets ever painted stay alive
after their screens are gone — each with every line its widget rendered. A screen built
anew for each opening (help, management information) would fill that with its dead lines
until the cache is full. ``Widget.refresh()`` empties a widget's line cache; calling it on
every widget when the screen is suspended leaves only empty caches behind, and a screen that
comes back simply paints again.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def release_line_caches(screen: Screen[Any]) -> None:
    """Empty the rendered-line caches of ``screen`` and all its widgets."""
    for widget in screen.walk_children(with_self=True):
        widget.refresh()
