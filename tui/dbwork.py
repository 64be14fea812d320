"""Run database work off the UI thread: each call in a thread worker and its own connection.

Screens never touch the database on the event loop. ``run_db`` starts a thread worker that
opens a connection context, calls the function, and hands the result (or the typed error)
back to the UI thread through callbacks.

Anything that is not a typed domain or database error is a bug: it is shown as an
"Unexpected error" toast (the app keeps running) and logged with its traceback on the
``UNEXPECTED_LOG`` logger, where the test suite looks so that no such bug passes a test.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import peewee
from textual.app import App
from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from models.domain.errors import DealboardError
from models.storage.database import translate_error
from models.storage.schema import database_proxy
from tui.i18n import _

T = TypeVar("T")

UNEXPECTED_LOG = "dealboard.unexpected"
unexpected_log = logging.getLogger(UNEXPECTED_LOG)
# Nothing may reach the terminal the app draws on: without a handler of its own, Python's
# last-resort handler would print the record to stderr, over the screen.
unexpected_log.addHandler(logging.NullHandler())


def in_connection(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call ``fn`` inside a connection context of the current thread."""
    with database_proxy.connection_context():
        return fn(*args, **kwargs)


def report_unexpected(app: App[Any], error: BaseException) -> None:
    """From a worker thread: log a bug's traceback and show an "Unexpected error" toast."""
    unexpected_log.error("unexpected %s: %s", type(error).__name__, error, exc_info=error)
    message = f"{type(error).__name__}: {error}"
    with contextlib.suppress(RuntimeError):  # the app is shutting down
        app.call_from_thread(app.notify, message, title=_("Unexpected error"), severity="error")


def run_db(
    node: DOMNode,
    fn: Callable[..., T],
    *args: Any,
    on_done: Callable[[T], Awaitable[None] | None] | None = None,
    on_error: Callable[[DealboardError], Awaitable[None] | None] | None = None,
    group: str = "db",
    exclusive: bool = False,
    **kwargs: Any,
) -> Worker[None]:
    """Run ``fn(*args, **kwargs)`` in a thread worker owned by ``node``.

    ``on_done`` gets the result and ``on_error`` a typed domain error, both on the UI
    thread; either may be a coroutine function, which the worker awaits (through
    ``call_from_thread``) before it ends. Without ``on_error`` the error becomes a
    notification. Anything unexpected, in ``fn`` or in a callback, goes to
    ``report_unexpected``: the app never crashes on it.
    A cancelled worker (a reused screen that moved on to another deal) still finishes its
    transaction, but its answer is dropped: no callback, no notification.
    """
    app = node.app

    def answer() -> None:
        worker = get_current_worker()
        try:
            result = in_connection(fn, *args, **kwargs)
        except (DealboardError, peewee.DatabaseError, sqlite3.DatabaseError) as raw:
            if worker.is_cancelled:
                return
            error = raw if isinstance(raw, DealboardError) else translate_error(raw)
            if on_error is not None:
                app.call_from_thread(on_error, error)
            else:
                title = _("Not done")
                app.call_from_thread(app.notify, str(error), title=title, severity="error")
            return
        if on_done is not None and not worker.is_cancelled:
            app.call_from_thread(on_done, result)

    def work() -> None:
        try:
            answer()
        except Exception as error:  # a bug, here or in a callback: say so, keep running
            # A callback that raised on the UI thread is re-raised here by call_from_thread,
            # so it is reported too instead of ending the worker silently. An answer that
            # arrives after the app stopped has nobody to go to and is dropped.
            if app.is_running:
                report_unexpected(app, error)

    return node.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)
