"""Live refresh: notice other people's changes within about two seconds and reload the screen.

One background thread asks ``models.storage.changes.ChangeWatcher`` once a second (one tiny
query on a connection of its own: ``PRAGMA data_version`` on SQLite, a change counter on
PostgreSQL; on a WAL file not even that while the ``-shm`` file's header has not moved since
the last query, one ``pread``). Only when the answer moves does it wake the UI: the screen on
top gets ``refresh_from_database()`` — the detail screen reloads (or, with unsaved edits, warns that
the deal changed and keeps the input), reports recompute. A screen with
``prepare_live_refresh()`` (the board) first reads what changed on this thread and then
applies just that on the UI thread (``tui/screens/board_live.py``). Screens underneath
reload when they come back.

A plain thread rather than a Textual worker per look: an idle app then costs one wake-up
a second and nothing else (no worker objects, no messages, no repaint); with the app's
terminal driver (``tui/driver.py``) that wake-up is all an idle app does.

The thread sleeps in ``select()`` on a pipe rather than in ``threading.Event.wait``: threading's
timed waits give the kernel an absolute deadline on the monotonic clock, and a process whose
clock is shifted (libfaketime, which the test suite runs under to try month ends and leap
days) then waits for years instead of a second. ``select`` takes a relative timeout, and
``stop`` wakes it at once by writing to the pipe.
"""

from __future__ import annotations

import contextlib
import os
import select
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import peewee
from textual.app import ScreenStackError

from models.domain.errors import DealboardError
from tui.i18n import _
from tui.poll import POLL_SECONDS

if TYPE_CHECKING:
    from models.storage.changes import ChangeWatcher
    from tui.app import DealboardApp

# What a screen read on the live-refresh thread: the screen, and what to do on the UI thread.
Prepared = tuple[Any, Callable[[], Awaitable[None]]]


class _Alarm:
    """A sleep that another thread can cut short: ``select`` on a pipe with a timeout."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        self._fds: tuple[int, ...] = (self._read, self._write)
        self._rung = False

    def sleep(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; return True when the alarm rang (stop now)."""
        if self._rung:
            return True
        readable, _, _ = select.select([self._read], [], [], seconds)
        return bool(readable) or self._rung

    def ring(self) -> None:
        """Wake the sleeper now and from now on."""
        if not self._rung:
            self._rung = True
            os.write(self._write, b"!")

    def close(self) -> None:
        """Release the pipe (after the sleeping thread has ended); once only."""
        fds, self._fds = self._fds, ()
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


class LiveRefresh:
    """Polls for other people's commits and tells the screen on top to reload."""

    def __init__(self, app: DealboardApp, interval: float = POLL_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self.watcher: ChangeWatcher | None = None
        self._stop = _Alarm()
        self._thread: threading.Thread | None = None
        self._failed = False

    def start(self) -> None:
        """Open the watcher's connection and start looking."""
        from models.storage.changes import ChangeWatcher

        try:
            self.watcher = ChangeWatcher()
        except DealboardError:
            return  # no live refresh, but the app itself works
        self._thread = threading.Thread(target=self._run, name="live-refresh", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop looking and close the watcher's connection."""
        self._stop.ring()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=self.interval * 2)
        if thread is None or not thread.is_alive():  # a thread still asleep keeps its pipe
            self._stop.close()
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None

    def _run(self) -> None:
        watcher = self.watcher
        try:
            while watcher is not None and not self._stop.sleep(self.interval):
                if self._look(watcher):
                    try:
                        self.app.call_from_thread(self._changed, self._prepare())
                    except RuntimeError:  # the app is shutting down
                        return
                    except Exception as error:  # a screen's reload has a bug: say so, go on
                        from tui.dbwork import report_unexpected

                        report_unexpected(self.app, error)
        finally:
            self._close_connection()

    def _prepare(self) -> Prepared | None:
        """Let the screen on top read what changed here, off the UI thread (if it can).

        A screen with ``prepare_live_refresh`` reads the changes on this thread's own
        database connection (kept open between looks on SQLite) and hands back what to do
        with them on the UI thread; that saves a worker thread (and on SQLite a new
        connection) per change.
        """
        try:
            screen = self.app.screen
        except Exception:  # no screen yet, or the app is shutting down
            return None
        prepare = getattr(screen, "prepare_live_refresh", None)
        if prepare is None:
            return None
        from models.storage.schema import database_proxy

        try:
            database_proxy.connect(reuse_if_open=True)
            then = prepare()
        except (DealboardError, peewee.DatabaseError, sqlite3.DatabaseError):
            self._close_connection()
            return None  # the screen reloads as usual, and says what failed
        if isinstance(database_proxy.obj, peewee.PostgresqlDatabase):
            # A server allows only so many connections (100 by default): with the watcher's,
            # a kept one would make two per user. A file costs nothing to keep open.
            self._close_connection()
        return None if then is None else (screen, then)

    def _close_connection(self) -> None:
        from models.storage.schema import database_proxy

        with contextlib.suppress(Exception):  # closing is a courtesy; the thread ends anyway
            if database_proxy.obj is not None and not database_proxy.is_closed():
                database_proxy.close()

    def _look(self, watcher: ChangeWatcher) -> bool:
        """Ask the watcher; report a failure once, not every second."""
        try:
            changed = watcher.changed()
        except DealboardError as error:
            if not self._failed:
                self._failed = True
                with contextlib.suppress(RuntimeError):  # the app is shutting down
                    message = _("Live refresh paused: {error}").format(error=error)
                    self.app.call_from_thread(self.app.notify, message, severity="warning")
            return False
        self._failed = False
        return changed

    def _changed(self, prepared: Prepared | None = None) -> Awaitable[None] | None:
        try:
            screen = self.app.screen
        except ScreenStackError:  # the app closed its last screen after this look began
            return None
        if prepared is not None and prepared[0] is screen:
            return prepared[1]()  # awaited by call_from_thread
        refresh = getattr(screen, "refresh_from_database", None)
        if refresh is not None:
            refresh()
        return None
