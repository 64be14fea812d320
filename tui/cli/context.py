"""What every command handler is given: the context of the run, exit codes, the app's options.

Kept apart from ``tui.cli.main`` so the command modules import it without importing the
parser that imports them.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_CONFLICT = 3
DEMO_DEALS = 600


@dataclass
class CliContext:
    """What every handler needs besides its own arguments."""

    user: str
    read_only: bool
    quiet: bool

    @property
    def show_progress(self) -> bool:
        """Draw progress bars only for a person watching a terminal."""
        return not self.quiet and sys.stderr.isatty()


Handler = Callable[[argparse.Namespace, CliContext], int | None]


@dataclass(frozen=True)
class AppOptions:
    """How to start the TUI: who works in it, read-only or not, the live-refresh interval.

    Also the session's language and what to say once the board shows (``--lang`` on a
    database that speaks another language).
    """

    user: str
    read_only: bool
    live_refresh: float | None
    lang: str = "en"
    notices: tuple[str, ...] = ()


# Starts the TUI and returns when the user quits; given by ``tui.launch``.
AppStarter = Callable[[AppOptions], None]


def login_name() -> str:
    """Return the OS login name, recorded in history when ``--user`` is not given."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry and no LOGNAME: still record something honest
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def demo_database_path(lang: str = "en") -> Path:
    """Return where ``dealboard --demo`` keeps its demo database in ``lang``.

    One per language (``demo.sqlite``, ``demo-nl.sqlite``): ``--demo --lang nl`` after an
    English demo shows Dutch phase names and deals, not the English demo in a Dutch frame.
    """
    from models.storage.database import default_database_path

    name = "demo.sqlite" if lang == "en" else f"demo-{lang}.sqlite"
    return default_database_path().with_name(name)
