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

from rich.color import Color
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.scrollbar import ScrollBarRender
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
