"""A card list's lines made ready for the screen without Textual's per-line styling pass.

Textual passes every line a widget draws through its styles cache (``StylesCache``), which
adds borders, padding, tint and opacity and then the app's line filters, and makes several
new ``Strip`` objects per line on each repaint — even for a widget with none of those
styles. A card list has none of them, and its lines are kept (``CardList._lines``), so the
finished lines can be kept too: repainting a whole list (a card moved into or out of it, a
scroll) then costs a few dictionary lookups per line, and the compositor's cutting of the
kept lines is cached on them as well.

``finishing(widget)`` returns the ``Finish`` for the widget's current styles and colours,
or ``None`` when a style the short way does not handle applies (Textual's way is taken).
The result is the same segments Textual's own pass makes (``tests/tui/test_card_finish.py``
compares them).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style as RichStyle
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget


class Finish:
    """How one widget's drawn lines become screen lines: pad, filter, crop."""

    __slots__ = ("background", "content_width", "filters", "pad_style", "width")

    def __init__(
        self,
        width: int,
        content_width: int,
        pad_style: RichStyle,
        filters: Sequence[LineFilter],
        background: Color,
    ) -> None:
        self.width = width
        self.content_width = content_width
        self.pad_style = pad_style
        self.filters = filters
        self.background = background

    def lines(self, drawn: list[Strip], crop: Region) -> list[Strip]:
        """The screen lines of ``drawn`` (the widget's own lines for ``crop``'s rows)."""
        content_width, pad_style, background = self.content_width, self.pad_style, self.background
        filters = self.filters
        finished = []
        for strip in drawn:
            # Both steps keep their result on the strip: a line drawn before costs lookups.
            strip = strip.adjust_cell_length(content_width, pad_style)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            finished.append(strip)
        x1, x2 = crop.column_span
        if (x1, x2) != (0, self.width):
            finished = [strip.crop(x1, x2) for strip in finished]
        return finished


def finishing(widget: Widget) -> Finish | None:
    """The short way to finish ``widget``'s lines, or None if its styles need Textual's."""
    styles = widget.styles
    if (
        any(styles.gutter)  # padding or a border
        or any(edge for edge, _color in styles.outline)
        or styles.tint.a
        or styles.text_opacity != 1.0
        or (styles.has_rule("hatch") and styles.hatch != "none")
        or widget.BLANK
    ):
        return None
    base_background, background = widget.background_colors
    if widget.opacity != 1.0:
        return None
    width = widget.outer_size.width
    pad_style = Style(background=base_background + background).rich_style
    return Finish(width, width, pad_style, widget.get_line_filters(), background)
