"""Shared pieces of the file-safety tests: a fixed clock, the victim's text, modes, listings."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

NOW = dt.datetime(2026, 3, 14, 12, 0, 0)
VICTIM_TEXT = "ssh-ed25519 AAAA… the victim's own key\n"


def mode_of(path: Path) -> int:
    """The permission bits of ``path`` itself (a link is not followed)."""
    return stat.S_IMODE(os.lstat(path).st_mode)


def others_in(directory: Path, *known: Path) -> list[Path]:
    """Every entry of ``directory`` except ``known``: the temporary files left there."""
    return sorted(path for path in directory.iterdir() if path not in known)
