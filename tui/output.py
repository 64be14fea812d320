"""Plain-text output for the command line: safe user text, aligned tables, JSON.

Every error sentence reaches the terminal through ``print_error``: data quoted in it (a
colleague's name in a conflict, the known owners, a phase name) has its control and bidi
characters escaped there, and a database password is removed, whichever message it is.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, TextIO

from rich.cells import cell_len, get_character_cell_size, set_cell_size

from models.storage.pg_url import Secrets, scrub

# Explicit bidi embeddings, overrides and isolates reorder the rest of a line in terminals that
# implement bidi (VTE, Konsole, mlterm), scrambling neighbouring columns: the "Trojan Source"
# characters. Shown escaped, like control characters.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZWJ = "\u200d"
EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)  # skin tones


def _joins_emoji(text: str, index: int) -> bool:
    """Tell whether the zero-width joiner at ``index`` sits inside an emoji sequence.

    Rich (and so Textual) measures a joiner's next character as part of one emoji, zero
    cells wide; anywhere else (a letter, a joiner, a letter) the terminal draws that
    character, the line is a cell wider than laid out, and the joiner is shown escaped.
    """
    if not 0 < index < len(text) - 1 or get_character_cell_size(text[index + 1]) != 2:
        return False
    before = text[index - 1]
    return (
        get_character_cell_size(before) == 2 or before == "\ufe0f" or ord(before) in EMOJI_MODIFIERS
    )


def _escaped(char: str) -> str:
    if char == "\n":
        return "\\n"
    return f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}"


def printable(value: object, *, keep: str = "") -> str:
    """Return ``value`` as text that cannot control the terminal: control characters escaped.

    Escaped too: lone surrogates, line and paragraph separators, bidi overrides (which
    reorder the terminal's line) and a zero-width joiner outside an emoji sequence (which
    would make the line wider than laid out). Characters in ``keep`` (such as newline and
    tab for notes) are left as they are.
    """
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():
        return text
    out = []
    for index, char in enumerate(text):
        if char in keep:
            out.append(char)
        elif (
            unicodedata.category(char) in ("Cc", "Cs")
            or char in "\u2028\u2029"
            or char in BIDI_CONTROLS
            or (char == ZWJ and not _joins_emoji(text, index))
        ):
            out.append(_escaped(char))
        else:
            out.append(char)
    return "".join(out)


_hidden = Secrets()


def hide_secrets(secrets: Secrets) -> None:
    """Remove these passwords (instead of any given before) from every error printed now on."""
    global _hidden
    _hidden = secrets


def error_line(message: object) -> str:
    """The line an error prints: ``dealboard: message``, escaped and without passwords."""
    return f"dealboard: {printable(scrub(str(message), _hidden))}"


def print_error(message: object, out: TextIO | None = None) -> None:
    """Print an error sentence on stderr (see ``error_line``)."""
    (out or sys.stderr).write(error_line(message) + "\n")


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


def print_json(data: Any, out: TextIO | None = None) -> None:
    """Print ``data`` as indented JSON (control characters are escaped by the encoder)."""
    out = out or sys.stdout
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
