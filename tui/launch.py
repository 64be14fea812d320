"""The ``dealboard`` entry point: the command line, with the TUI as its default command.

The command line (``tui.cli``) never imports Textual; this module is the one place that knows
both, handing the CLI a way to start the app. It imports the command line only inside
``main``: first, while peewee is not yet imported, a run that can only use an SQLite file
leaves the PostgreSQL driver unimported (``models.storage.sqlite_only``). A command line that
can only start the app pauses the garbage collector before anything else is imported, so the
command line's own imports (Peewee, the models, argparse) do not pay for its passes either
(``tui/start_gc.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.cli.context import AppOptions

# The options before a value of their own (``--db FILE``), and the words that do something
# else than start the app on a database: help, the version, the demo (which first writes a
# whole database, a job for the collector).
VALUE_OPTIONS = frozenset({"--db", "--user", "--lang"})
NOT_THE_APP = frozenset({"-h", "--help", "--version", "--demo"})


def starts_the_app(words: Sequence[str]) -> bool:
    """Whether the command line ``words`` can only start the app: global options, no command.

    Doubtful lines count as not (a word that is no option, an abbreviated ``--us NAME``, a
    missing value): they are parsed as usual, only without the early pause.
    """
    value_next = False
    for word in words:
        if value_next:
            value_next = False
        elif word in NOT_THE_APP or not word.startswith("-") or word == "--":
            return False
        else:
            value_next = word in VALUE_OPTIONS
    return not value_next


def start_app(options: AppOptions) -> None:
    """Start the TUI on the database that is already open, and return when the user quits."""
    from models.domain.status import StatusFilter
    from models.operations.history import utcnow
    from tui import start_gc
    from tui.first_cards import FirstCards

    start_gc.pause()  # until the board's first frame (tui/start_gc.py)
    # The board's first cards are read while Textual is imported (tui/first_cards.py): the
    # board starts on the open deals, at the app's clock (utcnow: no other clock here).
    reading = FirstCards(StatusFilter.OPEN, utcnow())
    # Imported here so that scripted commands never pay for Textual's import.
    from tui.app import DealboardApp

    DealboardApp(
        user=options.user,
        read_only=options.read_only,
        live_refresh=options.live_refresh,
        lang=options.lang,
        notices=options.notices,
        first_cards=reading,
    ).run()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``dealboard`` with ``argv`` (default: the process arguments); return the exit code."""
    from tui import start_gc

    words = sys.argv[1:] if argv is None else argv
    if starts_the_app(words):
        start_gc.pause()  # until the board's first frame; start_app keeps it paused
    try:
        from models.storage.sqlite_only import skip_postgres_driver

        skip_postgres_driver(words)
        from tui.cli.main import main as cli_main

        return cli_main(argv, start_app=start_app)
    finally:
        start_gc.release()  # if no board frame turned it back on (an error came first)
