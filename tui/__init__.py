"""dealboard's terminal side: the Textual app, its screens, and the command-line entry point."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dealboard")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
