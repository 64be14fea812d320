"""Plain-text output for the command line: safe user text, aligned tables, local times, JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, TextIO

from rich.cells import cell_len, set_cell_size


def printable(value: object, *, keep: str = "") -> str:
    """Return ``value`` as text that cannot control the terminal: control characters escaped.

    Characters in ``keep`` (such as newline and tab for notes) are left as they are.
    """
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():
        return text
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char in keep:
            out.append(char)
        elif category in ("Cc", "Cs") or char in "\u2028\u2029":
            out.append(
                "\\n"
                if char == "\n"
                else f"\\x{ord(char):02x}"
                if ord(char) < 256
                else f"\\u{ord(char):04x}"
            )
        else:
            out.append(char)
    return "".join(out)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` terminal cells (with an ellipsis), padding to the width."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    limits: dict[int, int] | None = None,
    right: Sequence[int] = (),
    out: TextIO | None = None,
) -> None:
    """Print rows as an aligned table; ``limits`` caps columns' widths, ``right`` aligns them."""
    out = out or sys.stdout
    limits = limits or {}
    cells = [[printable(value) for value in row] for row in rows]
    widths = [cell_len(header) for header in headers]
    for row in cells:
        for index, text in enumerate(row):
            widths[index] = max(widths[index], cell_len(text))
    widths = [min(width, limits.get(index, width)) for index, width in enumerate(widths)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for index, text in enumerate(values):
            cell = fit(text, widths[index])
            if index in right and cell_len(text) < widths[index]:
                cell = " " * (widths[index] - cell_len(text)) + text
            parts.append(cell)
        return "  ".join(parts).rstrip()

    out.write(line(list(headers)) + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    for row in cells:
        out.write(line(row) + "\n")


def local_time(value: dt.datetime | None) -> str:
    """Show a stored UTC timestamp in the local time zone, to the minute."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def print_json(data: Any, out: TextIO | None = None) -> None:
    """Print ``data`` as indented JSON (control characters are escaped by the encoder)."""
    out = out or sys.stdout
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
