"""A one-line text whose size never depends on its content: updating it repaints, no layout.

``Static.update`` lays out the whole screen again by default, in case the new text changes
the widget's size. The board's summary and status lines have a fixed height and the screen's
width, so a layout pass there is pure cost: it repaints every widget on the screen (about
half the work of a live refresh or of moving a card). ``FixedLine`` repaints itself only.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


class FixedLine(Static):
    """A ``Static`` with a size set by CSS: ``update`` repaints without a layout pass."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        """Show ``content``; ``layout=True`` only if the widget's size may change."""
        super().update(content, layout=layout)
