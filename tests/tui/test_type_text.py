"""The pilot helper ``type_text`` types a whole string: every character, in order, in one press."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from tests.tui.conftest import type_text

TEXT = "Ab 1, é-x  ok?"


class OneInput(App[None]):
    """Nothing but an input, focused."""

    def compose(self) -> ComposeResult:
        yield Input()


async def test_type_text_types_every_character_in_one_press_call():
    app = OneInput()
    async with app.run_test() as pilot:
        calls: list[tuple[str, ...]] = []
        press = pilot.press

        async def counting(*keys: str) -> None:
            calls.append(keys)
            await press(*keys)

        pilot.press = counting
        await type_text(pilot, TEXT)
        assert app.query_one(Input).value == TEXT
        assert len(calls) == 1  # the pilot settles once, not after every key
        assert len(calls[0]) == len(TEXT)
        await type_text(pilot, "")
        assert len(calls) == 1
