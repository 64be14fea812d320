"""The card lists' scrollbar draws exactly what Textual's own draws through Rich's console."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.scrollbar import ScrollBarRender
from textual.style import Style

from tui.widgets.fast_scrollbar import FastScrollBarRender

BAR = RichStyle.parse("#f0a030 on #202020")
BASE = RichStyle.parse("#e0e0e0 on #101010")


def through_rich(width: int, height: int, **bar: Any) -> list[list[tuple[str, RichStyle]]]:
    """Textual's way: the renderable through the console, the widget's style beneath."""
    console = Console(width=width, height=height, color_system="truecolor")
    options = console.options.update(width=width, height=height)
    segments = console.render(ScrollBarRender(style=BAR, thickness=width, **bar), options)
    lines = Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)
    return [[(s.text, BASE + s.style) for s in line] for line in list(lines)[:height]]


def direct(width: int, height: int, **bar: Any) -> list[list[tuple[str, RichStyle]]]:
    """The card lists' way."""
    render = FastScrollBarRender(style=BAR, thickness=width, **bar)
    strips = render.render_strips(width, height, Style.from_rich_style(BASE), None)  # type: ignore[arg-type]
    return [[(s.text, s.style) for s in strip] for strip in strips]


@pytest.mark.parametrize(
    "bar",
    [
        {"virtual_size": 100, "window_size": 0, "position": 0},  # no thumb
        {"virtual_size": 30000, "window_size": 18, "position": 0},
        {"virtual_size": 30000, "window_size": 18, "position": 14995.5},
        {"virtual_size": 29995, "window_size": 18, "position": 29977},
        {"virtual_size": 40, "window_size": 18, "position": 11.25},
        {"virtual_size": 18, "window_size": 18, "position": 0},
    ],
)
@pytest.mark.parametrize("width", [1, 2])
def test_the_same_cells_styles_and_mouse_actions(bar: dict[str, Any], width: int) -> None:
    expected = through_rich(width, 18, **bar)
    assert direct(width, 18, **bar) == expected
    assert direct(width, 18, **bar) == expected  # drawn again from the kept lines
