"""The running ``DealboardApp``, typed, for screens and helpers that call its own methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

if TYPE_CHECKING:
    from tui.app import DealboardApp


def dealboard_app(node: DOMNode) -> DealboardApp:
    """The app ``node`` runs in; the screens of this package only ever run in a DealboardApp."""
    from tui.app import DealboardApp  # at call time: tui.app imports the screens

    app = node.app
    if not isinstance(app, DealboardApp):
        raise TypeError(f"{type(node).__name__} needs a DealboardApp, not {type(app).__name__}")
    return app
