"""Contrast of every text the app draws: WCAG 2 ratios from the rendered segments.

``visit`` walks the board (board and list view, every status), a deal's detail screen and
every management tab, and ``readings`` measures each segment that shows text: the ratio
between its foreground and background colour (WCAG relative luminance), after Textual's
own filters (dim and ANSI colours are already turned into true colours by then).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import textual.app as textual_app
from rich.color import Color
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from textual.filter import dim_color
from textual.worker import WorkerCancelled

from tests.tui.conftest import _yield_only
from tui.widgets.report_view import TABS

MINIMUM_CONTRAST = 4.5  # WCAG 2 level AA for normal text


@dataclass(frozen=True, order=True)
class Reading:
    """One segment's contrast, where it was seen, and what it showed."""

    ratio: float
    where: str
    text: str
    foreground: str
    background: str

    def __str__(self) -> str:
        return (
            f"{self.ratio:.2f}:1 {self.where}: {self.text.strip()!r}"
            f" ({self.foreground} on {self.background})"
        )


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_text(char: str) -> bool:
    """A character people read: not a space, nor a line, block or scrollbar piece."""
    if char.isspace():
        return False
    return not 0x2500 <= ord(char) <= 0x259F  # box drawing and block elements


def _rgb(color: Color | None, *, foreground: bool) -> tuple[int, int, int]:
    if color is None or color.is_default:
        # The terminal's own colour; the app paints every cell, so this is rare.
        color = Color.from_triplet(
            DEFAULT_TERMINAL_THEME.foreground_color
            if foreground
            else DEFAULT_TERMINAL_THEME.background_color
        )
    triplet = color.get_truecolor(DEFAULT_TERMINAL_THEME, foreground=foreground)
    return (triplet.red, triplet.green, triplet.blue)


def colours(style: Style) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The foreground and background a terminal shows for ``style``."""
    foreground, background = style.color, style.bgcolor
    if style.dim and foreground is not None and background is not None:
        foreground = dim_color(background, foreground)
    fg, bg = _rgb(foreground, foreground=True), _rgb(background, foreground=False)
    return (bg, fg) if style.reverse else (fg, bg)


def readings(app: Any, where: str) -> list[Reading]:
    """The contrast of every text segment of the picture on screen now."""
    found: dict[tuple[str, tuple[int, int, int], tuple[int, int, int]], Reading] = {}
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if segment.style is None or segment.control:
                continue
            text = "".join(char for char in segment.text if is_text(char))
            if not text:
                continue
            fg, bg = colours(segment.style)
            key = (text, fg, bg)
            if key not in found:
                found[key] = Reading(
                    round(contrast(fg, bg), 2),
                    where,
                    segment.text,
                    "#{:02x}{:02x}{:02x}".format(*fg),
                    "#{:02x}{:02x}{:02x}".format(*bg),
                )
    return list(found.values())


async def _settle(pilot: Any) -> None:
    for _ in range(2):
        with suppress(WorkerCancelled):  # a reload replaced by the next one
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _quick_press(pilot: Any, *keys: str) -> None:
    """Press keys without the pilot's idle wait after each (see ``conftest.type_text``)."""
    idle = textual_app.wait_for_idle
    textual_app.wait_for_idle = _yield_only
    try:
        await pilot.press(*keys)
    finally:
        textual_app.wait_for_idle = idle


async def visit(pilot: Any, themes: Sequence[str]) -> dict[str, list[Reading]]:
    """Every screen state the check covers, in one app run; each theme's readings of them all.

    The app's theme changes in place (``app.theme``, as the palette sets it), so one run
    serves every theme. A switch is not cheap (Textual restyles every widget of every screen
    on the stack, and the next look draws them all anew: 50 to 150 ms of CPU), more than a
    step between management tabs, less than starting the app or opening a screen (0.2 to
    0.45 s). So the board and the detail screen are walked once and read in every theme at
    each state; the management screen is opened once and its tabs are walked once per
    theme, after one switch each. Like every
    pilot test, the walk paints no frames for the headless terminal (tests/textual_speed.py):
    ``readings`` renders the whole picture from the widgets itself.
    """
    app = pilot.app
    seen: dict[str, list[Reading]] = {theme: [] for theme in themes}
    order = list(themes)

    async def use(theme: str) -> None:
        if app.theme != theme:
            app.theme = theme
            await _settle(pilot)

    async def look_in_every_theme(where: str) -> None:
        await _settle(pilot)
        with _steady_cursor(app):
            for theme in order:
                await use(theme)
                seen[theme].extend(readings(app, where))
        order.reverse()  # the next state starts in the theme this one ended with

    async def look(theme: str, where: str) -> None:
        await _settle(pilot)
        with _steady_cursor(app):
            seen[theme].extend(readings(app, where))

    async def press(*keys: str) -> None:
        await _quick_press(pilot, *keys)
        await _settle(pilot)

    await _settle(pilot)
    await press("f", "f", "f")  # all deals: open, won and lost cards
    await look_in_every_theme("board, all deals")
    await press("right", "right")
    await look_in_every_theme("board, third column")
    await press("slash", "a")
    await look_in_every_theme("board, search")
    await press("escape", "t")
    await look_in_every_theme("list view")
    await press("end")
    await look_in_every_theme("list view, last row")
    await press("t", "enter")
    await look_in_every_theme("detail")
    await press("tab", "tab")
    await look_in_every_theme("detail, a field focused")
    await press("escape")
    await press("m")
    for theme in order:
        await use(theme)
        for number, tab in enumerate(TABS, start=1):
            await press(str(number))
            await look(theme, f"management, {tab.label}")
            if app.screen.query_one("#report-body").max_scroll_y:
                await press("end")
                await look(theme, f"management, {tab.label}, end")
                await press("home")  # the next theme finds the tab as this one did
    return seen


@contextmanager
def _steady_cursor(app: Any) -> Iterator[None]:
    """Show the focused field's cursor steadily while the picture is read.

    A blinking cursor is drawn half the time; the readings would catch it or not depending
    on how long the looks before took. Not blinking, it is always drawn, as in the half of
    the blink that shows it.
    """
    focused = app.focused
    if not getattr(focused, "cursor_blink", False):
        yield
        return
    focused.cursor_blink = False
    try:
        yield
    finally:
        focused.cursor_blink = True
