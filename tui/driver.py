"""A Linux (and macOS) terminal driver whose input thread sleeps until there is something to do.

Textual's ``LinuxDriver`` reads keys in a thread that calls ``select(0.1)`` in a loop: ten
wake-ups a second in every idle app, only to notice its exit event and to call the escape
parser's ``tick()``. On a small VM each wake-up costs about 0.4 ms of CPU; across 50 idle
apps that is most of their cost. ``QuietLinuxDriver`` blocks without a timeout instead:

- **The parser's timeout.** ``tick()`` can only produce events while the parser waits for
  the rest of an escape sequence with a deadline (an ESC, alone or starting a sequence, that
  becomes the escape key or is reissued as keys after ``ESCDELAY``, 100 ms by default). Then,
  and only then, the thread waits until that deadline; otherwise it waits for input alone.
- **Exit.** The exit event is a ``threading.Event`` that also writes a byte to a pipe the
  thread selects on, so ``disable_input`` (app exit, ctrl+z, ``App.suspend``) still joins
  at once. Each run of the thread makes its own pipe and closes it when it ends; a ``set``
  after that writes nothing.

Everything else (start, stop, suspend and resume, messages) is ``LinuxDriver``'s own. The app
uses this driver only where Textual would pick ``LinuxDriver`` itself (not headless or test
runs, not Windows, not with ``TEXTUAL_DRIVER`` set, which also brings the stock driver back).

Pinned to Textual 8.2: ``run_input_thread`` mirrors ``LinuxDriver.run_input_thread`` (read
4 KiB, decode UTF-8 incrementally, feed the ``XTermParser``, then ``tick()``), and the wait
reads the parser's private ``_timeout_time`` (``textual._parser.Parser``: the
``textual._time.get_time`` moment at which a pending read times out, None when nothing is
pending). Should a later Textual lack it, the thread falls back to Textual's 0.1 s wait.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
from codecs import getincrementaldecoder
from typing import TYPE_CHECKING, Any

from textual._parser import ParseError
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App

STOCK_WAIT = 0.1  # LinuxDriver's select timeout, used when the parser's deadline is unknown
_UNKNOWN = object()


class WakingEvent(threading.Event):
    """An event that, when set, also writes to the pipe its waiter selects on."""

    def __init__(self) -> None:
        super().__init__()
        # Reentrant: set() may run in a signal handler (ctrl+z) on the main thread.
        self._lock = threading.RLock()
        self._wake_fd: int | None = None

    def attach(self, wake_fd: int | None) -> None:
        """Write to ``wake_fd`` on every ``set`` from now on (None: to nothing)."""
        with self._lock:
            self._wake_fd = wake_fd

    def set(self) -> None:
        """Set the event and wake the thread waiting in ``select``."""
        super().set()
        with self._lock:
            if self._wake_fd is not None:
                with contextlib.suppress(OSError):  # a full pipe: it is awake already
                    os.write(self._wake_fd, b"\0")


def input_wait(parser: XTermParser) -> float | None:
    """How long the input thread may sleep without input: None while nothing is pending."""
    deadline = getattr(parser, "_timeout_time", _UNKNOWN)
    if deadline is None:
        return None
    if isinstance(deadline, (int, float)):
        return max(deadline - get_time(), 0.0)
    return STOCK_WAIT  # not the Textual this was written for: wait as LinuxDriver does


class QuietLinuxDriver(LinuxDriver):
    """``LinuxDriver`` whose input thread wakes only for input, an escape timeout or exit."""

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._exit_wake = WakingEvent()
        self.exit_event = self._exit_wake

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events; sleep without a timeout while idle."""
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)
        self._exit_wake.attach(wake_write)
        selector = selectors.SelectSelector()  # as LinuxDriver: works for any stdin
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(wake_read, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        try:
            while not self.exit_event.is_set():
                for key, _mask in selector.select(input_wait(parser)):
                    if key.fd == wake_read:
                        os.read(wake_read, 64)
                        continue
                    text = decode(os.read(self.fileno, 4096))
                    for event in parser.feed(text) if text else ():
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            self._exit_wake.attach(None)
            selector.close()
            os.close(wake_read)
            os.close(wake_write)
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass
