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
  parses anew (the variables are part of the key; the key of ~200 variables is worked out
  once per set of variables, not once per CSS source).

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

- **A message's handlers, looked up once per kind of receiver.** For every message (each key,
  each idle event of every widget, each mount) Textual walks the receiver's class hierarchy
  (a dozen classes for a widget) and looks up, in each class, the handlers decorated with
  ``@on`` for the message's classes and the ``on_…``/``_on_…`` method by name: 9–13 µs a
  message, some 1,900 messages for an app that starts and takes one key. Which class holds
  which handler depends only on the receiver's class, the message's class and the handler
  name, so that walk is now done once per combination and kept (1–2 µs a message; an app
  taking six keys, alternated in one process: 534 → 515 ms of CPU, median of 58). The
  handlers are still yielded one by one as before, ``prevent_default`` called by one of them
  still stops the rest, and a decorated handler's selectors are still matched against each
  message. Setting or deleting a handler of a widget class (``monkeypatch.setattr`` on a
  screen's ``on_…`` method) forgets what was kept.

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
    from textual.message_pump import MessagePump

    if not getattr(MessagePump._get_dispatch_methods, "kept", False):
        _keep_dispatch_plans(MessagePump)
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
        # The variables as a key, worked out once per set of variables (Textual replaces the
        # dict when they change, it never edits it): some 200 of them, for each CSS source.
        kept = self.__dict__.get("_shared_variables")
        if kept is None or kept[0] is not self._variables:
            kept = self._shared_variables = (self._variables, frozenset(self._variables.items()))
        variables = kept[1]
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        try:
            return _parsed[key]
        except KeyError:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            _parsed[key] = rules
            return rules

    shared_parse_rules.shared = True  # type: ignore[attr-defined]
    return shared_parse_rules


# What ``MessagePump._get_dispatch_methods`` finds in a receiver's classes, per (receiver's
# class, message's class, handler name): for each class that has any, its decorated handlers
# (function, selectors) in the order Textual tries them, and its handler found by name.
_Plan = tuple[tuple[type, tuple[tuple[Any, Any], ...], Any], ...]
_plans: dict[tuple[type, type, str], _Plan] = {}
# The class attributes a plan is made of: handlers by name (every handler name starts with
# "on_"; Textual also looks for it with "_" in front), the ``@on`` handlers, the classes.
# Textual itself sets others while it runs (``Widget._sort_order``, once per widget).
_PLANNED = ("on_", "_on_", "_decorated_handlers", "__bases__")


def _dispatch_plan(receiver: type, message: type, method_name: str) -> _Plan:
    """The walk over the receiver's classes that Textual does for each message, done once."""
    from textual.message import Message

    message_mro = [kind for kind in message.__mro__ if issubclass(kind, Message)]
    plan = []
    for cls in receiver.__mro__:
        decorated_handlers = cls.__dict__.get("_decorated_handlers")
        decorated: list[tuple[Any, Any]] = []
        if decorated_handlers:
            for message_class in message_mro:
                decorated.extend(decorated_handlers.get(message_class, []))
        method = cls.__dict__.get(f"_{method_name}") or cls.__dict__.get(method_name)
        if method is not None and getattr(method, "_textual_on", None):
            method = None  # a decorated handler is only called as one
        if decorated or method is not None:
            plan.append((cls, tuple(decorated), method))
    return tuple(plan)


def _keep_dispatch_plans(message_pump: Any) -> None:
    """Replace ``_get_dispatch_methods`` with one that walks the classes once per combination.

    The body below the plan is Textual's (8.2), so each message is handled as before; a class
    without handlers for the message is simply not visited (Textual found nothing there).
    """
    from textual.css.match import match
    from textual.message_pump import OnNoWidget
    from textual.widget import Widget

    def get_dispatch_methods(self: Any, method_name: str, message: Any) -> Any:
        key = (self.__class__, message.__class__, method_name)
        try:
            plan = _plans[key]
        except KeyError:
            plan = _plans[key] = _dispatch_plan(*key)
        methods_dispatched: set[Any] = set()
        for cls, decorated, method in plan:
            if message._no_default_action:
                break
            for handler, selectors in decorated:
                if handler in methods_dispatched:
                    continue
                if not selectors:
                    yield cls, handler.__get__(self, cls)
                    methods_dispatched.add(handler)
                else:
                    if not message._sender:
                        continue
                    for attribute, selector in selectors.items():
                        node = getattr(message, attribute)
                        if node is None:
                            break
                        if not isinstance(node, Widget):
                            raise OnNoWidget(
                                f"on decorator can't match against {attribute!r}"
                                " as it is not a widget."
                            )
                        if not match(selector, node):
                            break
                    else:
                        yield cls, handler.__get__(self, cls)
                        methods_dispatched.add(handler)
            if method is not None:
                yield cls, method.__get__(self, cls)

    get_dispatch_methods.kept = True  # type: ignore[attr-defined]
    get_dispatch_methods.textual = message_pump._get_dispatch_methods  # type: ignore[attr-defined]
    message_pump._get_dispatch_methods = get_dispatch_methods
    # A class's handlers may be replaced while the process runs (a test's monkeypatch): any
    # change to a class of Textual's message pumps forgets the plans.
    meta = type(message_pump)

    def forgetting_setattr(cls: type, name: str, value: Any) -> None:
        if name.startswith(_PLANNED):
            _plans.clear()
        type.__setattr__(cls, name, value)

    def forgetting_delattr(cls: type, name: str) -> None:
        if name.startswith(_PLANNED):
            _plans.clear()
        type.__delattr__(cls, name)

    meta.__setattr__ = forgetting_setattr  # type: ignore[assignment]
    meta.__delattr__ = forgetting_delattr  # type: ignore[assignment]
