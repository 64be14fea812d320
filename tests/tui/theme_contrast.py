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
from functools import lru_cache
from typing import Any

import textual.app as textual_app
from rich.color import Color
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from textual.filter import dim_color
from textual.worker import WorkerCancelled

from tests.tui.conftest import _yield_only, pending_work
from tui.widgets.report_view import TABS

MINIMUM_CONTRAST = 4.5  # WCAG 2 level AA for normal text
# The most rounds ``_settle`` waits while the app still has work pending (it then reads anyway).
MAX_ROUNDS = 10


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


@lru_cache(maxsize=4096)
def _reading_of(style: Style) -> tuple[float, str, str]:
    """A style's contrast and colours as a reading shows them (styles repeat a lot)."""
    fg, bg = colours(style)
    return (
        round(contrast(fg, bg), 2),
        "#{:02x}{:02x}{:02x}".format(*fg),
        "#{:02x}{:02x}{:02x}".format(*bg),
    )


def readings(app: Any, where: str) -> list[Reading]:
    """The contrast of every text segment of the picture on screen now.

    One reading per text and pair of colours; a segment seen before with the same style
    (most of a picture repeats: card borders, table cells, padding) is not measured again.
    """
    found: dict[tuple[str, str, str], Reading] = {}
    seen: set[tuple[str, Style]] = set()
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            text, style, control = segment
            if style is None or control or (text, style) in seen:
                continue
            seen.add((text, style))
            shown = "".join(char for char in text if is_text(char))
            if not shown:
                continue
            ratio, foreground, background = _reading_of(style)
            key = (shown, foreground, background)
            if key not in found:
                found[key] = Reading(ratio, where, text, foreground, background)
    return list(found.values())


async def _settle(pilot: Any) -> None:
    """Wait for the database workers and the screen, then more only while work is owed.

    One round (every worker done, then the pilot's pause) is what most steps need; a round
    that finds nothing to do still costs some milliseconds of CPU (the pause posts a callback
    to every node of the screen), and the walk settles some 400 times. So more rounds follow
    only while ``pending_work`` names something (as ``tests.tui.dutch_walk.settle`` does).
    """
    for _ in range(MAX_ROUNDS):
        with suppress(WorkerCancelled):  # a reload replaced by the next one
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if pending_work(pilot.app) is None:
            return


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
    serves every theme. A switch is not cheap: Textual restyles every widget of every screen
    the app holds (the stack, and screens kept installed for reuse), and the next look draws
    them all anew: 30 to 60 ms of CPU on the board, some 100 on the detail screen (with the
    list under it). A step between two board states costs as much as a switch (walking the
    states again per theme saved nothing when measured), and opening a screen more, so the
    board and the detail screen are walked once and each state is read in every theme; the
    management screen is walked once per theme (a tab is cheaper than a switch), before the
    first deal is opened: the detail screen stays installed once opened, and every later
    switch would restyle its hundred-odd widgets too. Like every pilot test, the walk paints
    no frames for the headless terminal (tests/textual_speed.py): ``readings`` renders the
    whole picture from the widgets itself.
    """
    app = pilot.app
    seen: dict[str, list[Reading]] = {theme: [] for theme in themes}
    order = list(themes)

    async def use(theme: str) -> None:
        if app.theme != theme:
            app.theme = theme
            await _settle(pilot)

    def look(theme: str, where: str) -> None:
        with _steady_cursor(app):
            seen[theme].extend(readings(app, where))

    async def look_in_every_theme(where: str) -> None:
        for theme in order:
            await use(theme)
            look(theme, where)
        order.reverse()  # the next state starts in the theme this one ended with

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
    await press("m")
    for theme in order:
        await use(theme)
        for number, tab in enumerate(TABS, start=1):
            await press(str(number))
            look(theme, f"management, {tab.label}")
            if app.screen.query_one("#report-body").max_scroll_y:
                await press("end")
                look(theme, f"management, {tab.label}, end")
                await press("home")  # the next theme finds the tab as this one did
    order.reverse()
    await press("escape")  # back to the list view's last row
    # That row's deal. The list view stays underneath, and a switch restyles it too: its
    # table is cheaper to restyle than the board's columns of cards.
    await press("enter")
    await look_in_every_theme("detail")
    await press("tab", "tab")
    await look_in_every_theme("detail, a field focused")
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
