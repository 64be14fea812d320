"""A one-line text whose size never depends on its content: updating it repaints, no layout.

``Static.update`` lays out the whole screen again by default, in case the new text changes
the widget's size. The board's summary and status lines have a fixed height and the screen's
width, so a layout pass there is pure cost: it repaints every widget on the screen (about
half the work of a live refresh or of moving a card). ``FixedLine`` repaints itself only,
and only when its text changed.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class FixedLine(Static):
    """A ``Static`` with a size set by CSS: ``update`` repaints without a layout pass."""

    _shown: object = None

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        """Show ``content``; ``layout=True`` only if the widget's size may change.

        The same content again repaints nothing: Textual repaints the rectangle around
        everything that changed, so a needless repaint of this line would take every
        widget between it and a changed card along.
        """
        if content == self._shown and not layout:
            return
        self._shown = content
        super().update(content, layout=layout)
