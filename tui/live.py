"""Live refresh: notice other people's changes within about two seconds and reload the screen.

A timer asks ``models.changes.ChangeWatcher`` (one tiny query on a connection of its own:
``PRAGMA data_version`` on SQLite, a change counter on PostgreSQL) in a thread worker. When
the answer moves, the screen on top gets ``refresh_from_database()``: the board reloads
keeping its cursor on the same deal, the detail screen reloads (or, with unsaved edits,
warns that the deal changed and keeps the input), reports recompute. Screens underneath
reload when they come back (``on_screen_resume``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.errors import DealboardError

if TYPE_CHECKING:
    from models.changes import ChangeWatcher
    from tui.app import DealboardApp

POLL_SECONDS = 1.0


class LiveRefresh:
    """Polls for other people's commits and tells the screen on top to reload."""

    def __init__(self, app: DealboardApp, interval: float = POLL_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self.watcher: ChangeWatcher | None = None
        self._checking = False
        self._failed = False

    def start(self) -> None:
        """Open the watcher's connection and start the timer."""
        from models.changes import ChangeWatcher

        try:
            self.watcher = ChangeWatcher()
        except DealboardError:
            return  # no live refresh, but the app itself works
        self.app.set_interval(self.interval, self._tick, name="live-refresh")

    def stop(self) -> None:
        """Close the watcher's connection."""
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None

    def _tick(self) -> None:
        if self._checking or self.watcher is None:
            return  # the previous look has not answered yet (a slow or busy server)
        self._checking = True
        self.app.run_worker(self._look, thread=True, group="live-refresh", exit_on_error=False)

    def _look(self) -> None:
        """Ask the watcher (in a worker thread) and pass a change on to the UI thread."""
        watcher = self.watcher
        try:
            changed = watcher.changed() if watcher is not None else False
        except DealboardError as error:
            changed = False
            if not self._failed:  # say it once, not every second
                self._failed = True
                self.app.call_from_thread(
                    self.app.notify, f"Live refresh paused: {error}", severity="warning"
                )
        else:
            self._failed = False
        finally:
            self._checking = False
        if changed:
            self.app.call_from_thread(self._changed)

    def _changed(self) -> None:
        refresh = getattr(self.app.screen, "refresh_from_database", None)
        if refresh is not None:
            refresh()
