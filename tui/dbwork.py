"""Run database work off the UI thread: each call in a thread worker and its own connection.

Screens never touch the database on the event loop. ``run_db`` starts a thread worker that
opens a connection context, calls the function, and hands the result (or the typed error)
back to the UI thread through callbacks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import peewee
from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from models.database import translate_error
from models.errors import DealboardError
from models.schema import database_proxy

T = TypeVar("T")


def in_connection(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call ``fn`` inside a connection context of the current thread."""
    with database_proxy.connection_context():
        return fn(*args, **kwargs)


def run_db(
    node: DOMNode,
    fn: Callable[..., T],
    *args: Any,
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[DealboardError], None] | None = None,
    group: str = "db",
    exclusive: bool = False,
    **kwargs: Any,
) -> Worker[None]:
    """Run ``fn(*args, **kwargs)`` in a thread worker owned by ``node``.

    ``on_done`` gets the result and ``on_error`` a typed domain error, both on the UI
    thread. Without ``on_error`` the error becomes a notification. Anything unexpected is
    shown as an error notification too: the app never crashes on a database problem.
    A cancelled worker (a reused screen that moved on to another deal) still finishes its
    transaction, but its answer is dropped: no callback, no notification.
    """
    app = node.app

    def work() -> None:
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
                app.call_from_thread(app.notify, str(error), title="Not done", severity="error")
            return
        except Exception as error:  # a bug or an unexpected driver error: say so, keep running
            app.call_from_thread(
                app.notify,
                f"{type(error).__name__}: {error}",
                title="Unexpected error",
                severity="error",
            )
            return
        if on_done is not None and not worker.is_cancelled:
            app.call_from_thread(on_done, result)

    return node.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)
