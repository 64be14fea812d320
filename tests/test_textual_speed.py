"""The test run's Textual settings (tests/textual_speed.py) are in place and change no result."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import partial

import pytest
import textual._callback
import textual._wait
from textual import on
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import Label, Static

from tests import textual_speed

CSS = "Label { color: $text; }"


def test_the_settings_are_applied_to_the_names_textual_uses() -> None:
    assert textual_speed.apply()
    assert textual._wait.SLEEP_GRANULARITY == textual_speed.IDLE_WINDOW
    assert textual._wait.SLEEP_IDLE == textual_speed.IDLE_CPU
    assert getattr(Stylesheet._parse_rules, "shared", False)
    assert getattr(Screen._compositor_refresh, "headless", False)
    assert getattr(textual._callback._count_parameters, "kept", False)


def test_applying_twice_wraps_the_parser_and_the_painter_once() -> None:
    textual_speed.apply()
    wrapped, painter = Stylesheet._parse_rules, Screen._compositor_refresh
    textual_speed.apply()
    assert Stylesheet._parse_rules is wrapped
    assert Screen._compositor_refresh is painter


def _rules(variables: dict[str, str]) -> list[str]:
    sheet = Stylesheet(variables=variables)
    sheet.add_source(CSS, read_from=("test", "speed"))
    sheet.parse()
    return [rule.css for rule in sheet.rules]


def test_two_stylesheets_share_what_was_parsed_for_the_same_css_and_variables() -> None:
    textual_speed.apply()
    first = Stylesheet(variables={"text": "red"})
    second = Stylesheet(variables={"text": "red"})
    parsed = [
        sheet._parse_rules(CSS, ("test", "shared"), False, 0, "") for sheet in (first, second)
    ]
    assert parsed[0] is parsed[1]


def test_other_theme_variables_parse_anew() -> None:
    textual_speed.apply()
    red, blue = _rules({"text": "red"}), _rules({"text": "blue"})
    assert "#FF0000" in red[0] and "#0000FF" in blue[0]
    assert _rules({"text": "red"}) == red


def test_a_stylesheet_given_other_variables_parses_anew() -> None:
    textual_speed.apply()
    sheet = Stylesheet(variables={"text": "red"})
    red = sheet._parse_rules(CSS, ("test", "variables"), False, 0, "")
    sheet.set_variables({"text": "blue"})  # a theme change, as the app makes it
    blue = sheet._parse_rules(CSS, ("test", "variables"), False, 0, "")
    assert "#FF0000" in red[0].css and "#0000FF" in blue[0].css


class _Counter(App[None]):
    """A label that counts the key presses."""

    BINDINGS = [("space", "count", "Count")]

    def compose(self) -> ComposeResult:
        yield Label("pressed 0 times")

    def action_count(self) -> None:
        label = self.query_one(Label)
        label.update(f"pressed {int(str(label.content).split()[1]) + 1} times")


async def _press_and_read(paint: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Press space twice in a headless app; the frames painted and the screen it shows."""
    textual_speed.apply()
    frames: list[bool] = []
    real = Compositor.render_update

    def counting(self: Compositor, *args: object, **kwargs: object) -> object:
        frames.append(True)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Compositor, "render_update", counting)
    monkeypatch.setattr(textual_speed, "PAINT_FRAMES", paint)
    app = _Counter()
    async with app.run_test(size=(30, 3)) as pilot:
        await pilot.press("space", "space")
        await pilot.pause()
        painted = len(frames)
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    return painted, text


async def test_a_headless_app_paints_no_frame_and_shows_the_same_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    painted, text = await _press_and_read(False, monkeypatch)
    assert painted == 0
    assert "pressed 2 times" in text
    # Marked ``paints_frames``: every frame is painted as on a terminal; the same picture.
    painted_too, text_too = await _press_and_read(True, monkeypatch)
    assert painted_too > 0
    assert text_too == text


def test_a_partial_s_function_is_counted_once_and_counted_right(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    textual_speed.apply()
    looked_at: list[object] = []
    signature = textual._callback.signature

    def callback(first: int, second: int, third: int) -> None:
        """Three parameters, one given by the partial."""

    def recording(func: Callable[..., object]) -> inspect.Signature:
        looked_at.append(func)
        return signature(func)

    monkeypatch.setattr(textual._callback, "signature", recording)
    for _ in range(3):  # call_later wraps each callback in a new partial
        assert textual._callback.count_parameters(partial(callback, 1)) == 2
    assert looked_at == [callback]
    assert textual._callback.count_parameters(lambda: None) == 0


_HANDLED: list[str] = []  # what the handlers below did, in order


class _Pressed(Message):
    """A message two widgets of the test handle, one of them with ``@on`` and a selector."""


class _Base(Static):
    """Handles the message by name; tells the test it did."""

    def on__pressed(self, message: _Pressed) -> None:
        _HANDLED.append(f"base {self.id}")


class _Child(_Base):
    """Handles it first with ``@on``; the one with id ``stop`` keeps the base's from running."""

    @on(_Pressed)
    def first(self, message: _Pressed) -> None:
        _HANDLED.append(f"child {self.id}")
        if self.id == "stop":
            message.prevent_default()


class _Handlers(App[None]):
    """Two children and a screen-level ``@on`` handler with a selector."""

    def compose(self) -> ComposeResult:
        yield _Child(id="go")
        yield _Child(id="stop")


async def _handled(ids: tuple[str, ...]) -> list[str]:
    _HANDLED.clear()
    app = _Handlers()
    async with app.run_test() as pilot:
        for widget_id in ids:
            app.query_one(f"#{widget_id}").post_message(_Pressed())
            await pilot.pause()
    return list(_HANDLED)


async def test_handlers_are_found_once_per_kind_and_called_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    textual_speed.apply()
    assert getattr(MessagePump._get_dispatch_methods, "kept", False)
    textual_speed._plans.clear()
    handled = await _handled(("go", "stop", "go"))
    # prevent_default in the first handler still stops the base's handler of the same message.
    assert handled == ["child go", "base go", "child stop", "child go", "base go"]
    # Textual still asks this name (else nothing would have been kept).
    assert (_Child, _Pressed, "on__pressed") in textual_speed._plans
    # Textual's own walk gives the same handlers in the same order.
    textual_walk = getattr(MessagePump._get_dispatch_methods, "textual")  # noqa: B009
    monkeypatch.setattr(MessagePump, "_get_dispatch_methods", textual_walk)
    assert await _handled(("go", "stop", "go")) == handled


async def test_a_handler_replaced_on_a_class_is_the_one_called(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    textual_speed.apply()
    await _handled(("go",))

    def replaced(self: _Base, message: _Pressed) -> None:
        _HANDLED.append(f"replaced {self.id}")

    monkeypatch.setattr(_Base, "on__pressed", replaced)
    assert await _handled(("go",)) == ["child go", "replaced go"]
    monkeypatch.undo()
    assert await _handled(("go",)) == ["child go", "base go"]
