"""Which module registers each command, so a command line builds only its command's grammar.

The whole grammar (every command and verb, ~430 arguments) takes ~10 ms to build and imports
every command module with the models they need (~70 ms on a cold start); a command line that
names one command needs only the module that registers it. ``dealboard --help``, a mistake
in the command's name and every line whose command is not plain to see still get the whole
grammar (``tui.cli.main.parse_arguments``).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import Any

AddParser = Callable[[Any, str, str], argparse.ArgumentParser]

# The modules in the order ``dealboard --help`` lists their commands.
MODULES = ("deals", "agenda", "phases", "people", "admin", "csv_files", "report", "copy")

# Each command and the module (in tui.cli) whose ``register`` adds it, with its verbs.
# tests/tui/cli/test_cli_grammar.py checks this against what each module registers.
COMMAND_MODULES = {
    "deal": "deals",
    "agenda": "agenda",
    "phase": "phases",
    "reason": "phases",
    "setting": "phases",
    "person": "people",
    "init": "admin",
    "demo": "admin",
    "check": "admin",
    "backup": "admin",
    "export": "csv_files",
    "import": "csv_files",
    "report": "report",
    "copy": "copy",
}


def register(commands: Any, add: AddParser, only: str | None = None) -> None:
    """Add every module's commands to ``commands`` (``only``: the module of that command)."""
    modules = MODULES if only is None else (COMMAND_MODULES[only],)
    for name in modules:
        importlib.import_module(f"tui.cli.{name}").register(commands, add)
