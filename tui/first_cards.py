"""The board's first cards, read on a thread of their own while Textual is being imported.

Starting the app spends about 200 ms importing Textual and the screens; only then did the
board start reading its first cards, and the first frame waited for SQLite (the column
totals over every open deal: about 20 ms of CPU on 100k deals, longer under load) after a
frame of empty columns. ``tui.launch.start_app`` starts a ``FirstCards`` before Textual's
import and hands it to the app: SQLite lets go of the interpreter while it works, so with a
second core the read is done by the time the board is mounted, and the board's first frame
shows its cards (``BoardScreen.on_mount``). An app built without one (the tests') reads
as before.

A failed read is dropped, not reported: the board's own read then runs into the same error
and says so.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.queries.board import BoardData


class FirstCards:
    """One read of the first cards of every column, for a status filter, on a daemon thread."""

    def __init__(self, status: str, now: dt.datetime) -> None:
        self.status = status
        self.now = now
        self._done = threading.Event()
        self._data: BoardData | None = None
        # Imported here, on the calling thread: two threads importing at once only take
        # turns, and the read's thread should be reading.
        from models.queries.board import load_board
        from models.storage.schema import database_proxy
        from tui.screens.board_data import FIRST_CARDS

        def read() -> None:
            try:
                with database_proxy.connection_context():
                    self._data = load_board(status, now, first=FIRST_CARDS)
            except Exception:  # the board reads again and reports it
                self._data = None
            finally:
                self._done.set()

        threading.Thread(target=read, name="dealboard-first-cards", daemon=True).start()

    def ready(self) -> BoardData | None:
        """The first cards, if the read has finished and worked; does not wait."""
        return self._data if self._done.is_set() else None

    def wait(self) -> BoardData | None:
        """The first cards once the read has finished; None if it failed (for a worker: blocks)."""
        # Untimed: the read always sets it (a timed wait never ends under libfaketime).
        self._done.wait()
        return self._data
