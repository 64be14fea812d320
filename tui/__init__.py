"""dealboard's terminal side: the Textual app, its screens, and the command-line entry point."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def version() -> str:
    """Return dealboard's version (looked up only when asked: it costs start-up time)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("dealboard")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return version()
    raise AttributeError(name)
