"""Textual's vertical scrollbar, drawn straight into lines instead of through Rich's console.

A card list's scrollbar is drawn again whenever its column gains or loses a card (moving a
deal, a colleague's change): Textual renders its ``ScrollBarRender`` as a Rich renderable,
through the console, splitting and cropping segments — about a millisecond for 20 cells, a
tenth of moving a card. ``FastScrollBarRender`` makes the same segments (``render_bar``: the
same glyphs, colours and mouse actions) and turns them into lines itself, and keeps the
lines of the last few bars drawn. Install it with ``widget.vertical_scrollbar.renderer =
FastScrollBarRender`` (Textual's documented way to change a scrollbar's look).
"""

from __future__ import annotations

from math import ceil
from typing import ClassVar, Self

from rich.color import Color
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

_CACHE_SIZE = 64  # bars kept: a few per column


class FastScrollBarRender(ScrollBarRender, Visual):
    """A vertical ``ScrollBarRender`` that is also a Textual ``Visual``."""

    _drawn: dict[tuple[object, ...], list[Strip]] = {}  # shared: bars look alike

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The bar's lines, one segment each (what Rich would make of ``render_bar``)."""
        size = height or 0
        bar_style = self.style if isinstance(self.style, RichStyle) else RichStyle.parse(self.style)
        base = style.rich_style
        key = (
            size,
            width,
            self.virtual_size,
            self.window_size,
            self.position,
            bar_style,
            base,
        )
        strips = self._drawn.get(key)
        if strips is None:
            bar = self.render_bar(
                size=size,
                virtual_size=self.virtual_size,
                window_size=self.window_size,
                position=self.position,
                thickness=width,
                vertical=True,
                back_color=bar_style.bgcolor or Color.parse("#555555"),
                bar_color=bar_style.color or Color.parse("bright_magenta"),
            )
            strips = [
                Strip([Segment(segment.text, base + segment.style)], width)
                for segment in bar.segments
            ]
            if len(self._drawn) >= _CACHE_SIZE:
                self._drawn.clear()
            self._drawn[key] = strips
        return list(strips)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """As wide as the scrollbar's gutter."""
        return self.thickness

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The height Textual gives it."""
        return 1


# Where a vertical bar's thumb is: its height and width, the sizes and the position it shows,
# and whether the mouse is over it or holds it (which change its colours).
BarState = tuple[int, int, int, int, float, bool, bool]
_CELLS_CACHE_SIZE = 256


class FastScrollBar(ScrollBar):
    """A vertical scrollbar drawn by ``FastScrollBarRender`` that repaints only changed cells.

    Textual repaints the whole bar whenever its list grows, shrinks or scrolls; a card moving
    in or out of a column of thousands leaves the thumb where it was, and a scroll moves a
    cell or two of it. A plain repaint (no region, no layout) compares the thumb's cells now
    with those last drawn and repaints just the lines that differ, or nothing. A change of
    colours (a theme, the list restyled) must call ``forget_drawing`` first: the whole bar is
    then drawn again.
    """

    renderer = FastScrollBarRender
    _drawn_state: BarState | None = None  # what the last drawing showed
    _cells: ClassVar[
        dict[BarState, list[tuple[str, RichStyle | None]]]
    ] = {}  # shared: bars look alike

    def _state(self) -> BarState:
        """What the bar shows now (the arguments ``ScrollBar._render_bar`` passes on)."""
        window_size = self.window_size if self.window_size < self.window_virtual_size else 0
        return (
            self.size.height,
            self.thickness,
            ceil(self.window_virtual_size),
            ceil(window_size),
            self.position,
            self.mouse_over,
            self.grabbed is not None,
        )

    def _thumb_cells(self, state: BarState) -> list[tuple[str, RichStyle | None]]:
        """Each line's glyphs, the thumb's marked (what ``render_bar`` makes of ``state``)."""
        cells = self._cells.get(state)
        if cells is None:
            height, thickness, virtual_size, window_size, position, _over, _held = state
            bar = FastScrollBarRender.render_bar(
                size=height,
                virtual_size=virtual_size,
                window_size=window_size,
                position=position,
                thickness=thickness,
                vertical=True,
                back_color=Color.parse("black"),
                bar_color=Color.parse("white"),
            )
            # The style too: the cells above and below the thumb differ in their mouse action.
            cells = [(segment.text, segment.style) for segment in bar.segments]
            if len(self._cells) >= _CELLS_CACHE_SIZE:
                self._cells.clear()
            self._cells[state] = cells
        return cells

    def forget_drawing(self) -> None:
        """The colours changed: the next repaint draws the whole bar."""
        self._drawn_state = None

    def render(self) -> RenderableType:
        """Textual's bar, remembering what it shows."""
        self._drawn_state = self._state()
        return super().render()

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Repaint the lines whose cells changed; anything else as Textual does."""
        drawn = self._drawn_state
        if regions or layout or recompose or not repaint or drawn is None:
            return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        now = self._state()
        if now == drawn:
            return self
        if now[:2] != drawn[:2] or now[5:] != drawn[5:]:
            return super().refresh()  # another size, or the hover colours: all of it
        before, after = self._thumb_cells(drawn), self._thumb_cells(now)
        if len(before) != len(after):  # drawn in other pieces (no thumb, say): all of it
            return super().refresh()
        width = self.size.width
        changed = [
            Region(0, y, width, 1)
            for y, (old, new) in enumerate(zip(before, after, strict=True))
            if old != new
        ]
        if changed:
            super().refresh(*changed)
        return self
