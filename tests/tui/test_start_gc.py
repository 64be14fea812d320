"""The garbage collector waits during start-up and is back, with start-up frozen, at the board."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tests.tui.conftest import fresh_python, screen_text, settle
from tui import start_gc
from tui.launch import main, starts_the_app


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


@pytest.mark.parametrize(
    ("words", "app"),
    [
        ([], True),
        (["--db", "deals.sqlite"], True),
        (["--db=deals.sqlite", "--user", "ann", "--read-only", "--lang", "nl", "-q"], True),
        (["deal", "list", "--db", "deals.sqlite"], False),  # a command
        (["--db", "deals.sqlite", "report"], False),
        (["--user", "ann", "deal"], False),
        (["--demo"], False),  # writes a whole database first
        (["--help"], False),
        (["-h"], False),
        (["--version"], False),
        (["--db"], False),  # the value is missing: a usage error
        (["--us", "ann"], False),  # abbreviated: doubtful, so not
        (["--", "--db"], False),
    ],
)
def test_only_a_command_line_that_can_only_start_the_app_starts_it(words, app):
    assert starts_the_app(words) is app


def test_release_turns_a_paused_collector_back_on_without_freezing(frozen):
    start_gc.pause()
    start_gc.release()
    assert gc.isenabled() and not start_gc.paused() and frozen == []
    gc.disable()  # not paused by start_gc: not released either
    start_gc.release()
    assert not gc.isenabled()


def test_an_app_start_that_fails_before_the_board_leaves_the_collector_on(frozen, tmp_path):
    missing = tmp_path / "no-such-folder" / "deals.sqlite"
    assert main(["--db", str(missing), "--user", "tester"]) != 0
    assert gc.isenabled() and not start_gc.paused() and frozen == []


# In a fresh interpreter: the collector's state when the command line imports Peewee.
PEEWEE_IMPORT = """
import gc, sys
from importlib.abc import MetaPathFinder


class Watch(MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "peewee":
            print("COLLECTOR", "on" if gc.isenabled() else "off", flush=True)
            sys.meta_path.remove(self)
        return None


sys.meta_path.insert(0, Watch())
from tui.launch import main

main({words!r})
"""


@pytest.mark.parametrize(
    ("words", "state"),
    [
        (["--user", "tester"], "off"),  # the app's start: paused before anything is imported
        (["phase", "list", "--user", "tester"], "on"),  # a command keeps the collector
    ],
)
def test_the_entry_point_pauses_the_collector_before_the_command_line_imports(
    words, state, tmp_path
):
    missing = tmp_path / "no-such-folder" / "deals.sqlite"  # fails at once, after the imports
    code = PEEWEE_IMPORT.format(words=["--db", str(missing), *words])
    result = fresh_python(code, config=tmp_path / "no-such-config.toml")
    assert f"COLLECTOR {state}" in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
