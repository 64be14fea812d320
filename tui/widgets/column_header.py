"""A board column's header: phase name and probability, deal count, total and weighted value.

The header of the column with the focus wears the focused colours (``show_focus``); its
finished lines are kept by what they show, so a move or a focus change between columns
repaints a look drawn before for a lookup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.color import Color
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import Static

from models.queries.board import Column
from tui.formatting import Money
from tui.widgets.header_text import header_text

HEADER_CACHE_SIZE = 8  # finished headers kept per column


class ColumnHeader(Static):
    """Phase name and probability, deal count, total and weighted value.

    The header of the column with the focus wears the colours of its part style
    ``column-header--focused`` (``show_focus``), set as inline styles: a class and a CSS rule
    would restyle the header on every focus change between columns (Textual's whole
    stylesheet pass, about a quarter of a millisecond per header, twice per move).
    """

    DEFAULT_CSS = """
    ColumnHeader {
        padding: 0 1;
        background: $panel;
        border-bottom: solid $primary-muted;
        height: 5;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ColumnHeader > .column-header--focused {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"column-header--focused"}

    shown: tuple[Column, Money, str] | None = None

    _drawn: tuple[object, ...] = ()
    _styled = 0  # times the style sheet was applied to the header (``notify_style_update``)

    def __init__(self) -> None:
        super().__init__()
        # Finished lines by what they show (text, size, colours): the focus coming and going
        # and a card moving out and back draw the same lines again.
        self._finished: dict[tuple[object, ...], list[Strip]] = {}
        self.column_has_focus = False  # whether its column has the focus (``show_focus``)

    def show_focus(self, focused: bool) -> None:
        """Wear the focused colours (or the header's own again) when its column gains the focus."""
        self.column_has_focus = focused
        self._wear_focus()

    def _wear_focus(self) -> bool:
        """Set the colours for whether the column has the focus; whether they changed."""
        # Inline styles win over the style sheet's; ``None`` clears them. Set as rules and
        # repainted once (each style property repaints the header and walks its children);
        # the same colours again change and repaint nothing.
        styles = self.styles
        background: Color | None = None
        color: Color | None = None
        if self.column_has_focus:
            part = self.get_component_styles("column-header--focused")
            background, color = part.background, part.color
        changed = styles.set_rule("background", background)
        if styles.set_rule("color", color) or changed:
            self.refresh()
            return True
        return False

    def show(self, column: Column, money: Money, status: str) -> None:
        """Show the header: name; probability and count; total; weighted value."""
        self.shown = (column, money, status)
        # What the header draws: the same again (a card edited, not added or moved) repaints
        # nothing, so the repaint stays within the cards that changed.
        drawn = (
            column.name,
            column.probability,
            column.archived,
            column.count,
            column.total_cents,
            column.weighted_total_cents,
            money.currency,
            money.language,
            status,
        )
        if drawn != self._drawn:
            self._drawn = drawn
            self.refresh()

    def notify_style_update(self) -> None:
        """The style sheet was applied to the header again: lines drawn before may be stale."""
        super().notify_style_update()
        self._styled += 1

    def render_lines(self, crop: Region) -> list[Strip]:
        """The header's lines; lines drawn before for the same text, size and colours again.

        The focus moving between columns recolours both headers (``-focused``) and a
        moved card changes two headers' counts; making the lines anew (the text, Textual's
        content and styling passes) took half a millisecond or more per header.

        Its colours are told by whether it has the focus and how often the style sheet was
        applied to it (``_styled``), not by its ``visual_style``: the inline colours of
        ``show_focus`` make Textual work that out anew (a tenth of a millisecond) on every
        focus change.
        """
        size = self.outer_size
        if crop != size.region:
            self._follow_theme()
            return super().render_lines(crop)
        key = self._lines_key(size)
        lines = self._finished.get(key)
        if lines is None:
            if self._follow_theme():
                key = self._lines_key(size)
            lines = super().render_lines(crop)
            if len(self._finished) >= HEADER_CACHE_SIZE:
                self._finished.clear()
            self._finished[key] = lines
        return list(lines)

    def _lines_key(self, size: Size) -> tuple[object, ...]:
        """What the header's finished lines depend on."""
        focus = self.column_has_focus
        return (self._drawn, size, focus, self._styled, self.background_colors, self.app.theme)

    def _follow_theme(self) -> bool:
        """Wear the part style's colours as they are now; whether they changed.

        A new theme (or style sheet) changes the part style's colours, not the inline ones:
        they follow as the header is painted (the style sheet's pass counts in ``_styled``,
        so lines drawn before are not taken then).
        """
        return self.column_has_focus and self._wear_focus()

    def render(self) -> Text:
        """The header in the forms that fit the column's width now (``header_text``)."""
        if self.shown is None:
            return Text()
        return header_text(*self.shown, self.content_size.width)
