"""The pilot helper ``type_text`` types a whole string: every character, in order, in one press."""

from __future__ import annotations

import pytest
import textual.app as textual_app
import textual.pilot as textual_pilot
from textual.app import App, ComposeResult
from textual.widgets import Input

from tests.tui.conftest import type_text

TEXT = "Ab 1, é-x  ok?"


class OneInput(App[None]):
    """Nothing but an input, focused."""

    def compose(self) -> ComposeResult:
        yield Input()


async def test_type_text_types_every_character_in_one_press_call(monkeypatch):
    app = OneInput()
    async with app.run_test() as pilot:
        calls: list[tuple[str, ...]] = []
        press = pilot.press

        async def counting(*keys: str) -> None:
            calls.append(keys)
            await press(*keys)

        pilot.press = counting
        waits = count_idle_waits(monkeypatch)
        await type_text(pilot, TEXT)
        assert app.query_one(Input).value == TEXT
        assert len(calls) == 1  # the pilot settles once, not after every key
        assert len(calls[0]) == len(TEXT)
        assert len(waits) <= 2, f"{len(waits)} idle waits for {len(TEXT)} keys"
        await type_text(pilot, "")
        assert len(calls) == 1


def count_idle_waits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every time the pilot (or the app pressing its keys) waits for the app to idle."""
    waits: list[str] = []
    for module in (textual_app, textual_pilot):
        wait = module.wait_for_idle

        async def counted(*args: float, wait=wait, name=module.__name__) -> None:
            waits.append(name)
            await wait(*args)

        monkeypatch.setattr(module, "wait_for_idle", counted)
    return waits


async def test_a_key_pressed_on_its_own_still_waits_for_the_app(monkeypatch):
    # The burst is type_text's alone: pilot.press keeps Textual's wait after every key.
    app = OneInput()
    async with app.run_test() as pilot:
        waits = count_idle_waits(monkeypatch)
        await pilot.press("a", "b")
        assert app.query_one(Input).value == "ab"
        assert waits.count("textual.app") == 4  # two per key
