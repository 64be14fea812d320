"""The board's first cards, read while the app starts (tui/first_cards.py, docs/performance.md).

An app handed a ``FirstCards`` shows them in the board's first frame, drawn once Textual's own
start is over (a frame drawn during it is thrown away), reads only the rest itself, and
falls back to its own read when the early one is late or failed. The real entry point starts
the read before Textual is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from textual.screen import Screen
from textual.strip import Strip

from models.queries import board as board_queries
from models.queries.board import BoardData
from tests.tui.conftest import FIXED_NOW, fresh_python, screen_text, settle
from tui.app import DealboardApp
from tui.first_cards import FirstCards
from tui.screens import board as board_screen
from tui.screens import board_data
from tui.screens.board import BoardScreen
from tui.widgets.board_view import ColumnHeader


def board_frames(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool]]:
    """Each frame the board composes: (whether Textual held it back, whether cards are shown)."""
    frames: list[tuple[bool, bool]] = []
    real = Screen._compositor_refresh

    def recording(self: Screen[object]) -> None:
        if isinstance(self, BoardScreen):
            held = bool(self.app._batch_count)  # Textual's start: the frame is not displayed
            shown = [header.shown for header in self.query(ColumnHeader)]
            frames.append((held, bool(shown) and all(shown)))
        real(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", recording)
    return frames


def board_reads(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The board's own reads (the first load's and reloads): ``first`` of each (None: all)."""
    reads: list[int | None] = []
    real = board_queries.load_board

    def recording(*args: Any, first: int | None = None, **kwargs: Any) -> BoardData:
        reads.append(first)
        return real(*args, first=first, **kwargs)

    monkeypatch.setattr(board_data, "load_board", recording)
    monkeypatch.setattr(board_screen, "load_board", recording)
    return reads


def app_with(reading: object) -> DealboardApp:
    """The app as ``tui.launch`` builds it, with ``reading`` as its first cards."""
    return DealboardApp(
        user="tester",
        clock=lambda: FIXED_NOW,
        live_refresh=None,
        first_cards=cast(FirstCards, reading),
    )


async def test_first_cards_read_beforehand_are_the_boards_first_frame(db_file, monkeypatch):
    reading = FirstCards("open", FIXED_NOW)
    assert reading.wait() is not None
    frames = board_frames(monkeypatch)
    reads = board_reads(monkeypatch)
    app = app_with(reading)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Website rede" in screen_text(app)
        # No frame of the board while Textual held them back, nor one without its cards.
        assert frames and frames[0] == (False, True)
        assert reads == [None]  # only the rest: not the first cards again, nor all twice


async def first_board_frame(monkeypatch: pytest.MonkeyPatch) -> list[Strip]:
    """The lines of the board's first frame, in an app handed first cards."""
    reading = FirstCards("open", FIXED_NOW)
    reading.wait()
    frame: list[list[Strip]] = []
    real = Screen._compositor_refresh

    def recording(self: Screen[object]) -> None:
        real(self)
        if isinstance(self, BoardScreen) and not frame:
            frame.append(self._compositor.render_strips())

    with monkeypatch.context() as patch:
        patch.setattr(Screen, "_compositor_refresh", recording)
        app = app_with(reading)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
    return frame[0]


async def test_the_first_frame_is_styled_as_textual_would_style_it_again(db_file, monkeypatch):
    # The board's first showing skips Textual's restyle of all its widgets (they were just
    # styled as they were mounted): its first frame is the one the restyle would give.
    skipped = await first_board_frame(monkeypatch)
    # Textual's own way: every widget styled again as the board is first shown.
    monkeypatch.setattr(BoardScreen, "on_screen_resume", lambda self, event: None)
    restyled = await first_board_frame(monkeypatch)
    assert "Website red" in "".join(strip.text for strip in skipped)
    assert skipped == restyled


class Late:
    """A read of the first cards still under way when the board is mounted."""

    status = "open"

    def __init__(self, data: BoardData | None) -> None:
        self.data = data
        self.waited = False

    def ready(self) -> BoardData | None:
        return None

    def wait(self) -> BoardData | None:
        self.waited = True
        return self.data


async def test_a_late_read_is_waited_for_by_the_boards_worker(db_file, monkeypatch):
    early = board_queries.load_board("open", FIXED_NOW, first=board_data.FIRST_CARDS)
    late = Late(early)
    reads = board_reads(monkeypatch)
    app = app_with(late)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert late.waited and reads == [None]
        assert "Website rede" in screen_text(app)


async def test_a_failed_read_leaves_the_board_to_read_its_first_cards(db_file, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> BoardData:
        raise RuntimeError("no cards")

    monkeypatch.setattr(board_queries, "load_board", broken)
    reading = FirstCards("open", FIXED_NOW)
    assert reading.wait() is None and reading.ready() is None
    monkeypatch.undo()
    reads = board_reads(monkeypatch)
    app = app_with(reading)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert reads == [board_data.FIRST_CARDS, None]
        assert "Website rede" in screen_text(app)


def test_first_cards_are_handed_out_once_and_only_for_their_status_filter(db_file):
    reading = FirstCards("open", FIXED_NOW)
    reading.wait()
    app = app_with(reading)
    assert app.take_first_cards("open") is reading
    assert app.take_first_cards("open") is None
    other = app_with(reading)
    assert other.take_first_cards("accepted") is None
    assert other.take_first_cards("open") is None


# Started as a user starts it: when the read began, and the board's first frame.
CHILD = """
import importlib.util
import sys
import threading
from importlib.abc import MetaPathFinder

import models.queries.board
import tui.first_cards

real_load = models.queries.board.load_board
first_reads = []


def load_board(*args, first=None, **kwargs):
    if first is not None:
        first_reads.append(threading.current_thread().name)
    return real_load(*args, first=first, **kwargs)


models.queries.board.load_board = load_board
real_init = tui.first_cards.FirstCards.__init__


def init(self, *args, **kwargs):
    print("TEXTUAL BEFORE READ", "textual" in sys.modules, flush=True)
    real_init(self, *args, **kwargs)


tui.first_cards.FirstCards.__init__ = init


async def first_frame(pilot):
    for _ in range(2000):
        if getattr(pilot.app.screen, "data", None) is not None:
            break
        await pilot.pause(0.005)
    print("FIRST READS", first_reads, flush=True)
    pilot.app.exit()


def headless(module):
    stock_run = module.App.run
    module.App.run = lambda self, **kwargs: stock_run(
        self, headless=True, size=(80, 24), auto_pilot=first_frame
    )


class RunHeadless(MetaPathFinder):
    # Textual is imported by the entry point itself, not before: App.run is patched then.
    def find_spec(self, name, path, target=None):
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        spec.loader.exec_module = lambda module: (load(module), headless(module))
        return spec


sys.meta_path.insert(0, RunHeadless())
from tui.launch import main

sys.exit(main(["--db", {db!r}, "--user", "tester"]))
"""


def test_the_entry_point_reads_the_first_cards_before_importing_textual(
    pipeline_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "pipeline.sqlite"
    db.write_bytes(pipeline_template.read_bytes())
    result = fresh_python(CHILD.format(db=str(db)), config=tmp_path / "no-such-config.toml")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "TEXTUAL BEFORE READ False" in result.stdout
    # Read once, on the read's own thread: the board used it and did not read them again.
    assert "FIRST READS ['dealboard-first-cards']" in result.stdout, result.stdout[-2000:]
