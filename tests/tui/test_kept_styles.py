"""Styles matched once per process (tests/textual_styles.py) are the styles Textual matches.

The same walk over the app's screens (board, list, detail, forms, management, agenda,
phases; focus moving, modals opening and closing) runs with Textual's own matching and with
the kept one, cold and then warm: at every step every node of the screen must carry the same
styles, component styles and style flags.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from tests import textual_speed
from tests.tui.conftest import settle
from tui.app import DealboardApp

# Keys of the walk; each is pressed, the app settles, and every node's styles are noted.
WALK = (
    "right", "down", "tab", "f", "t", "down", "t", "enter", "tab", "tab", "escape",
    "n", "tab", "tab", "escape", "a", "escape", "m", "tab", "escape", "g", "escape",
    "p", "down", "escape", "slash", "escape",
)  # fmt: skip


def styles_of(app: DealboardApp) -> list[tuple[Any, ...]]:
    """Every node of the screen (and the app): what it is, its styles and its style flags."""
    noted = []
    for node in [app, *app.screen.walk_children(with_self=True)]:
        components = {
            name: sorted((key, repr(value)) for key, value in styles.base._rules.items())
            for name, styles in node._component_styles.items()
        }
        noted.append(
            (
                type(node).__name__,
                node.id,
                sorted(node.classes),
                sorted((key, repr(value)) for key, value in node.styles.base._rules.items()),
                sorted(components.items()),
                node._has_hover_style,
                node._has_focus_within,
                node._has_order_style,
                node._has_odd_or_even,
            )
        )
    return noted


async def walk(make_app: Callable[..., DealboardApp]) -> list[list[tuple[Any, ...]]]:
    """The styles of every node after the start and after each key of ``WALK``."""
    app = make_app()
    steps = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        steps.append(styles_of(app))
        for key in WALK:
            await pilot.press(key)
            await settle(pilot, app)
            steps.append([(key, type(app.screen).__name__), *styles_of(app)])
    return steps


async def test_the_kept_matching_gives_every_node_the_styles_textual_gives(
    make_app: Callable[..., DealboardApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert textual_speed.apply()
    kept = Stylesheet.apply
    assert getattr(kept, "kept", False)
    cold = await walk(make_app)
    warm = await walk(make_app)
    monkeypatch.setattr(Stylesheet, "apply", kept.textual)  # type: ignore[attr-defined]
    textual = await walk(make_app)
    screens = {step[0][1] for step in textual[1:]}
    assert {"BoardScreen", "DealScreen", "FormModal"} <= screens, screens
    for number, (theirs, ours_cold, ours_warm) in enumerate(zip(textual, cold, warm, strict=True)):
        assert ours_cold == theirs, f"step {number}"
        assert ours_warm == theirs, f"step {number}"
