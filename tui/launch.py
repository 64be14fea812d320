"""The ``dealboard`` entry point: the command line, with the TUI as its default command.

The command line (``tui.cli``) never imports Textual; this module is the one place that knows
both, handing the CLI a way to start the app. It imports the command line only inside
``main``: first, while peewee is not yet imported, a run that can only use an SQLite file
leaves the PostgreSQL driver unimported (``models.storage.sqlite_only``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.cli.context import AppOptions


def start_app(options: AppOptions) -> None:
    """Start the TUI on the database that is already open, and return when the user quits."""
    from tui import start_gc

    start_gc.pause()  # until the board's first frame (tui/start_gc.py)
    # Imported here so that scripted commands never pay for Textual's import.
    from tui.app import DealboardApp

    DealboardApp(
        user=options.user,
        read_only=options.read_only,
        live_refresh=options.live_refresh,
        lang=options.lang,
        notices=options.notices,
    ).run()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``dealboard`` with ``argv`` (default: the process arguments); return the exit code."""
    from models.storage.sqlite_only import skip_postgres_driver

    skip_postgres_driver(sys.argv[1:] if argv is None else argv)
    from tui.cli.main import main as cli_main

    return cli_main(argv, start_app=start_app)
