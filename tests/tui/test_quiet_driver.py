"""The app's terminal driver (tui/driver.py): its input thread sleeps until there is input.

The parts are tested on their own (the wait the escape parser needs, the event that wakes the
thread, where the app uses the driver); then the real app runs on a pseudo-terminal, as
over SSH, and must idle without wake-ups while keys, a lone ESC, ctrl+z's suspend and resume,
and quitting all still work.
"""

from __future__ import annotations

import contextlib
import glob
import os
import select
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import constants as textual_constants
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

import tui.driver as driver_module
from tests.bench.fleet import Instance, spawn
from tests.bench.startup import app_argv, first_phase
from tui.app import DealboardApp
from tui.driver import STOCK_WAIT, QuietLinuxDriver, WakingEvent, input_wait

HELP = b"closes this help"  # the help screen's last line
IDLE_SECONDS = 2.0
# Wake-ups of all the app's threads together while it idles with live refresh off. Textual's
# own driver wakes its input thread ten times a second: about 20 in the window.
MOST_WAKE_UPS = 4


def test_nothing_pending_means_no_timeout() -> None:
    parser = XTermParser()
    assert input_wait(parser) is None
    assert [event.key for event in parser.feed("j")] == ["j"]
    assert input_wait(parser) is None


def test_an_escape_waits_for_the_parser_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = XTermParser()
    assert list(parser.feed("\x1b")) == []  # an ESC alone: a key, or a sequence's start
    deadline = parser._timeout_time
    assert deadline is not None
    monkeypatch.setattr(driver_module, "get_time", lambda: deadline - 0.03)
    assert input_wait(parser) == pytest.approx(0.03)
    monkeypatch.setattr(driver_module, "get_time", lambda: deadline + 1)
    assert input_wait(parser) == 0.0  # overdue: tick at once
    assert [event.key for event in parser.feed("[A")] == ["up"]  # the sequence completed
    assert input_wait(parser) is None


def test_an_unknown_parser_gets_the_stock_wait() -> None:
    assert input_wait(object()) == STOCK_WAIT  # type: ignore[arg-type]


def test_setting_the_event_wakes_the_pipe_it_is_attached_to() -> None:
    event = WakingEvent()
    read, write = os.pipe()
    try:
        os.set_blocking(write, False)
        event.set()  # attached to nothing: only the flag
        assert event.is_set()
        assert select.select([read], [], [], 0)[0] == []
        event.clear()
        event.attach(write)
        event.set()
        assert select.select([read], [], [], 0)[0] == [read]
        os.read(read, 64)
        for _ in range(100_000):  # a full pipe: the thread is awake anyway, no error
            event.set()
        event.attach(None)
        while select.select([read], [], [], 0)[0]:
            os.read(read, 65536)
        event.set()
        assert select.select([read], [], [], 0)[0] == []
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps Textual's driver")
def test_the_app_uses_it_where_textual_would_use_linux_driver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert DealboardApp(user="tester").driver_class is QuietLinuxDriver
    stock = "textual.drivers.linux_driver:LinuxDriver"
    monkeypatch.setattr(textual_constants, "DRIVER", stock)  # TEXTUAL_DRIVER brings it back
    assert DealboardApp(user="tester").driver_class is LinuxDriver


# The real app on a pseudo-terminal.


def _read(app: Instance, seconds: float, until: bytes | None = None, after: int = 0) -> bool:
    """Drain the app's terminal for ``seconds``; True once ``until`` shows after ``after``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if until is not None and app.output.find(until, after) >= 0:
            return True
        ready, _, _ = select.select([app.master], [], [], 0.05)
        if ready:
            try:
                app.output += os.read(app.master, 65536)
            except BlockingIOError:
                continue
            except OSError:  # EIO: the app closed its terminal, it is ending
                break
    return until is not None and app.output.find(until, after) >= 0


def _wake_ups(pid: int) -> int:
    """Voluntary context switches of all the process's threads so far: its wake-ups."""
    total = 0
    for task in glob.glob(f"/proc/{pid}/task/*/status"):
        with contextlib.suppress(FileNotFoundError), open(task) as status:
            for line in status:
                if line.startswith("voluntary_ctxt_switches:"):
                    total += int(line.split()[1])
    return total


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", "rb") as stat:
        return stat.read().rsplit(b")", 1)[1].split()[0].decode()


def _press(app: Instance, keys: bytes, shows: bytes) -> None:
    """Type ``keys`` and wait until ``shows`` is drawn after them."""
    start = len(app.output)
    os.write(app.master, keys)
    assert _read(app, 20, shows, start), f"{shows!r} not drawn after {keys!r}"


@pytest.fixture
def app_on_pty(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Instance]:
    """The real app (``python -m tui --db FILE``) on an 80×24 pty, live refresh off."""
    monkeypatch.setenv("DEALBOARD_POLL_SECONDS", "0")  # only the driver's own wake-ups
    app = spawn(app_argv(str(db_file)))
    try:
        assert _read(app, 60, first_phase(str(db_file)).encode()), "the board never painted"
        yield app
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(app.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(app.pid, 0)
        os.close(app.master)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_real_app_idles_without_wake_ups_and_keys_still_work(
    app_on_pty: Instance, db_file: Path
) -> None:
    app, board = app_on_pty, first_phase(str(db_file)).encode()
    _read(app, 1.0)  # the board's full load after the first paint
    before = _wake_ups(app.pid)
    _read(app, IDLE_SECONDS)
    assert _wake_ups(app.pid) - before <= MOST_WAKE_UPS

    _press(app, b"?", HELP)
    _press(app, b"\x1b", board)  # a lone ESC: the escape key once the parser's wait ends

    os.kill(app.pid, signal.SIGTSTP)  # as ctrl+z in a shell: suspend, then fg
    assert _wait_for_state(app, "T"), "the app did not stop"
    os.kill(app.pid, signal.SIGCONT)
    assert _wait_for_state(app, "S", "R"), "the app did not continue"
    _press(app, b"?", HELP)  # the input thread started again reads keys
    _press(app, b"q", board)  # q closes the help, a second q quits

    os.write(app.master, b"q")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        _read(app, 0.05)
        done, status = os.waitpid(app.pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
    pytest.fail("the app did not quit")


def _wait_for_state(app: Instance, *states: str) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        _read(app, 0.05)
        if _state(app.pid) in states:
            return True
    return False
