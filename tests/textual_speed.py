"""What the test run changes in Textual so that a thousand pilot tests cost less CPU.

Nothing here changes what a test checks: the app runs the same code, draws the same screens
and is asked the same questions. Each setting only removes work that a test process repeats
for no reason — work a real session does once, or waiting that a test does not need. They are
applied by ``tests/conftest.py`` once collection is over (Textual is imported by then when a
collected test uses it; ``apply`` leaves a run without Textual alone). Measured figures and how
to measure them: docs/development.md ("What keeps it fast").

- **The pilot's idle test.** Textual's pilot decides that the app has gone idle after every key
  it presses (twice) and in every pause by sleeping in windows of 20 ms until one window used
  less than 1 ms of CPU, so each key costs at least 40 ms of waiting. Windows of 5 ms with the
  same share of CPU (5 %) answer the same question four times sooner; the app still has to be
  idle, and ``settle`` still waits for every database worker.
- **The stylesheet, parsed once per process.** Every app builds a stylesheet of its own and
  parses the same CSS again (about 60 ms of CPU per app: the app's ``.tcss`` files and every
  widget's ``DEFAULT_CSS``). Parsed rules depend only on the CSS text, where it was read from,
  its scope and the theme's variables, so the rules parsed for one app serve the next one
  with the same inputs. The rules are not changed after parsing; a theme change still
  parses anew (the variables are part of the key).

- **No frames for a terminal nobody reads.** In a pilot test the app runs headless: every frame
  it paints (Textual renders the changed regions of the screen into an update for the
  terminal) goes to a driver that throws it away. That was a quarter of a pilot test's CPU. A
  headless app now skips the painting and forgets its dirty regions; a test that looks at the
  screen renders the whole picture from the widgets when it asks (``render_strips``, the SVG
  snapshots), exactly as before. A test about painting itself (which regions a change
  repaints, what a painted widget keeps) carries the mark ``paints_frames`` and gets every
  frame painted as on a terminal.

- **A callback's parameters, counted once.** Textual counts a callback's parameters (with
  ``inspect.signature``) before calling it, and keeps the count on the callable. A callback
  queued with ``call_later`` is wrapped in a new ``functools.partial`` each time, so the count
  of the function inside was worked out again for every call — and the pilot queues one
  callback on every widget of the screen after every key it presses. The count is now kept on
  the function inside as well (as Textual does for plain functions).

Not done, on purpose: fewer frames a second (``TEXTUAL_FPS``) drew a quarter fewer frames but
changed what a test sees — Textual's footer recomposes after the next frame, so with ten
frames a second the pilot found the app idle before the footer had caught up.

Textual is pinned to one minor series (pyproject.toml); these names are checked by
``tests/test_textual_speed.py`` so that an upgrade that renames them fails loudly instead of
silently making the run slower.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

# The pilot's idle windows (seconds) and the CPU a window may use and still count as idle.
IDLE_WINDOW = 1 / 200
IDLE_CPU = IDLE_WINDOW / 20

_parsed: dict[tuple[Any, ...], Any] = {}

# Whether a headless app paints its frames (set for tests marked ``paints_frames``).
PAINT_FRAMES = False


def apply() -> bool:
    """Apply the settings above if Textual is loaded; return whether it was."""
    wait = sys.modules.get("textual._wait")
    if wait is None:
        return False
    wait.SLEEP_GRANULARITY = IDLE_WINDOW  # type: ignore[attr-defined]
    wait.SLEEP_IDLE = IDLE_CPU  # type: ignore[attr-defined]
    from textual.css.stylesheet import Stylesheet

    if not getattr(Stylesheet._parse_rules, "shared", False):
        Stylesheet._parse_rules = _shared_parse(Stylesheet._parse_rules)  # type: ignore[method-assign]
    from textual.screen import Screen

    if not getattr(Screen._compositor_refresh, "headless", False):
        Screen._compositor_refresh = _no_headless_frames(Screen._compositor_refresh)  # type: ignore[method-assign]
    import textual._callback as callback

    if not getattr(callback._count_parameters, "kept", False):
        callback._count_parameters = _kept_count(callback._count_parameters)
    return True


def _kept_count(count_parameters: Any) -> Any:
    """Wrap ``textual._callback._count_parameters``: the count is kept on the function."""

    def kept_count_parameters(func: Any) -> int:
        try:
            return int(func._param_count)
        except AttributeError:
            pass
        count = int(count_parameters(func))
        with contextlib.suppress(AttributeError, TypeError):  # a built-in: nowhere to keep it
            func._param_count = count
        return count

    kept_count_parameters.kept = True  # type: ignore[attr-defined]
    return kept_count_parameters


def _no_headless_frames(compositor_refresh: Any) -> Any:
    """Wrap ``Screen._compositor_refresh``: a headless app paints no frame for its terminal."""

    def headless_compositor_refresh(self: Any) -> None:
        app = self.app
        if PAINT_FRAMES or not app.is_headless or app.is_inline:
            compositor_refresh(self)
            return
        # What the real method does besides painting: forget what was dirty (a later look
        # renders everything anew) and keep the mouse's hover up to date for clicks.
        self._dirty_widgets.clear()
        self._compositor._dirty_regions.clear()
        app._update_mouse_over(self)

    headless_compositor_refresh.headless = True  # type: ignore[attr-defined]
    return headless_compositor_refresh


def _shared_parse(parse_rules: Any) -> Any:
    """Wrap ``Stylesheet._parse_rules`` with a cache that all stylesheets of the process share."""

    def shared_parse_rules(
        self: Any,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        variables = frozenset(self._variables.items())
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        try:
            return _parsed[key]
        except KeyError:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            _parsed[key] = rules
            return rules

    shared_parse_rules.shared = True  # type: ignore[attr-defined]
    return shared_parse_rules
