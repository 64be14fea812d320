"""Themes the app offers, and text colours that stay readable in each of them.

Textual's themes derive ``$text-error``, ``$text-muted`` and the like from the theme's
colours without checking them against the backgrounds text is drawn on, so some read at
2:1 or less (``textual-light``: white organizations on white cards). ``readable_variables``
moves each text colour towards black or white until it reaches ``MINIMUM_CONTRAST`` (WCAG 2
level AA) on the background, surface and panel colours; the app's CSS draws text only in
these variables. Themes whose colours cannot be measured (the ANSI ones take the
terminal's own) or that still fall short somewhere are not offered (``OFFERED_THEMES``;
``tests/tui/test_theme_contrast.py`` measures every text of the board, the detail and
the management screen in each).
"""

from __future__ import annotations

import functools
from typing import Any

from textual.app import App
from textual.color import Color, ColorParseError

MINIMUM_CONTRAST = 4.5
TARGET = 4.6  # a little above the minimum: rounding and blending cost a few hundredths
BACKGROUNDS = ("background", "surface", "panel")
# Variables that colour text, and the backgrounds each is drawn on (a translucent one over
# the background and over the surface). The foreground also writes on the headings' tint.
TEXT_COLOURS: dict[str, tuple[str, ...]] = {
    "foreground": (*BACKGROUNDS, "primary-muted"),
    "text-error": BACKGROUNDS,
    "text-warning": BACKGROUNDS,
    "text-success": BACKGROUNDS,
    "text-primary": BACKGROUNDS,
    "text-accent": BACKGROUNDS,
    "block-cursor-foreground": ("block-cursor-background",),
    "block-cursor-blurred-foreground": ("block-cursor-blurred-background",),
    "input-cursor-foreground": ("input-cursor-background",),
    "input-selection-foreground": ("input-selection-background",),
    "footer-foreground": ("footer-background",),
    "footer-key-foreground": ("footer-background",),
    "footer-description-foreground": ("footer-background",),
}
# Muted text, and the share of the way from the foreground to the background it may go
# (the rest of the way is lost to readability).
MUTED = {"text-muted": 0.4, "text-disabled": 0.5}
WHITE, BLACK = Color(255, 255, 255), Color(0, 0, 0)
FOCUS_TINT = 0.1  # Textual tints a focused input with 5 % of the foreground; twice for margin

# The themes the command palette offers: every text at 4.5:1 or more (measured by the test).
OFFERED_THEMES = frozenset(
    {
        "textual-dark",
        "textual-light",
        "nord",
        "gruvbox",
        "catppuccin-mocha",
        "dracula",
        "tokyo-night",
        "monokai",
        "flexoki",
        "catppuccin-latte",
        "catppuccin-frappe",
        "catppuccin-macchiato",
        "solarized-light",
        "solarized-dark",
        "rose-pine",
        "rose-pine-moon",
        "rose-pine-dawn",
        "atom-one-dark",
        "atom-one-light",
    }
)


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast(one: Color, other: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _worst(color: Color, backgrounds: list[Color]) -> float:
    return min(contrast(color, background) for background in backgrounds)


def readable(color: Color, backgrounds: list[Color]) -> Color:
    """``color``, or the nearest shade towards black or white that reads on every background."""
    if _worst(color, backgrounds) >= TARGET:
        return color
    darkest = min(backgrounds, key=luminance)
    lightest = max(backgrounds, key=luminance)
    target = WHITE if contrast(WHITE, lightest) >= contrast(BLACK, darkest) else BLACK
    for step in range(1, 21):
        shade = color.blend(target, step / 20)
        if _worst(shade, backgrounds) >= TARGET:
            return shade
    return target


def muted(foreground: Color, backgrounds: list[Color], share: float) -> Color:
    """The foreground moved towards the background by up to ``share``, still readable."""
    base = backgrounds[0]
    for step in range(int(share * 20), -1, -1):
        shade = foreground.blend(base, step / 20)
        if _worst(shade, backgrounds) >= TARGET:
            return shade
    return readable(foreground, backgrounds)


def _colour(variables: dict[str, str], name: str, under: Color) -> Color | None:
    """A variable's colour as drawn over ``under``; None if it is not a plain colour."""
    value, _, opacity = variables.get(name, "").partition(" ")
    try:
        color = Color.parse(value)
        if opacity.endswith("%"):  # "#81a1c1 35%": the colour at that opacity
            color = color.multiply_alpha(float(opacity[:-1]) / 100)
    except (ColorParseError, ValueError):
        return None
    return None if color.ansi is not None else under + color


def readable_variables(variables: dict[str, str]) -> dict[str, str]:
    """The theme's CSS variables with every text colour readable on its backgrounds.

    A theme whose base colours are not plain colours (``ansi_default``) is left as it is:
    its colours are the terminal's. A text colour that is ``auto`` (black or white at
    some opacity) becomes the black or white Textual would pick, or the other if that one
    does not read. The answer depends on the variables alone, so it is worked out once per
    set of variables (a few thousand contrast ratios, about 1.5 ms at every start and theme
    change) and handed out as a new dict each time.
    """
    return dict(_readable(tuple(variables.items())))


@functools.lru_cache(maxsize=32)
def _readable(items: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``readable_variables`` of the variables given as items, as items."""
    return tuple(_make_readable(dict(items)).items())


def _make_readable(variables: dict[str, str]) -> dict[str, str]:
    """What ``readable_variables`` returns, worked out."""
    base = _colour(variables, "background", BLACK)
    surface = _colour(variables, "surface", BLACK)
    foreground = _colour(variables, "foreground", BLACK)
    if base is None or surface is None or foreground is None or base.a < 1:
        return variables
    # A focused input tints the surface with a little of the foreground.
    focused = surface + foreground.with_alpha(FOCUS_TINT)
    adjusted = dict(variables)
    for name, under in TEXT_COLOURS.items():
        backgrounds = [
            _colour(variables, background, below) or below
            for background in under
            for below in (base, surface, focused)
        ]
        if under == BACKGROUNDS:
            backgrounds.append(focused)
        color = _colour(adjusted, name, base)
        if color is None:
            if name not in variables:
                continue
            # What Textual's `auto` would pick, if it reads; else the better of black and white.
            color = backgrounds[0].get_contrast_text(1.0)
            if _worst(color, backgrounds) < MINIMUM_CONTRAST:
                color = max((WHITE, BLACK), key=lambda shade: _worst(shade, backgrounds))
            adjusted[name] = color.hex
            continue
        adjusted[name] = readable(color, backgrounds).hex
    backgrounds = [_colour(variables, name, base) or base for name in BACKGROUNDS]
    backgrounds.append(focused)
    foreground = Color.parse(adjusted["foreground"])
    for name, share in MUTED.items():
        adjusted[name] = muted(foreground, backgrounds, share).hex
    return adjusted


def offer_readable_themes(app: App[Any]) -> None:
    """Unregister the themes the palette should not offer (see ``OFFERED_THEMES``)."""
    for name in list(app.available_themes):
        if name not in OFFERED_THEMES:
            app.unregister_theme(name)
