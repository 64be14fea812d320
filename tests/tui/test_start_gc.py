"""The garbage collector waits during start-up and is back, with start-up frozen, at the board."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tests.tui.conftest import screen_text, settle
from tui import start_gc


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts ``gc.freeze`` calls instead of freezing the test process; restores the collector."""
    calls: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(1))
    was_enabled = gc.isenabled()
    yield calls
    monkeypatch.setattr(start_gc, "_paused", False)
    if was_enabled:
        gc.enable()


def test_pause_turns_the_collector_off_and_resume_freezes_and_turns_it_on(frozen):
    start_gc.pause()
    assert not gc.isenabled() and start_gc.paused()
    start_gc.resume()
    assert gc.isenabled() and not start_gc.paused()
    assert frozen == [1]
    start_gc.resume()  # a second call does nothing
    assert frozen == [1]


def test_resume_without_pause_leaves_the_collector_alone(frozen):
    gc.disable()  # turned off by someone else (a test, an embedding): not ours to turn on
    start_gc.resume()
    assert not gc.isenabled() and frozen == []


async def test_the_board_turns_the_collector_back_on_once_its_cards_are_painted(make_app, frozen):
    start_gc.pause()
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Website rede" in screen_text(app)
        assert gc.isenabled() and not start_gc.paused()
        assert frozen == [1]


async def test_an_app_that_never_paused_leaves_the_collector_as_it_is(make_app, frozen):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert gc.isenabled() and frozen == []
