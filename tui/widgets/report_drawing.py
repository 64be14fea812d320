"""Drawing primitives for the management screen's sections: bars, fitted cells, lines.

Bars are block characters scaled to the largest value shown; every helper measures in
terminal cells, so wide characters in names keep the columns aligned.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content

EIGHTHS = " ▏▎▍▌▋▊▉"

Part = tuple[str, str] | str


def bar(value: float, largest: float, width: int) -> str:
    """A horizontal bar of ``value`` relative to ``largest``, ``width`` cells at most."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(value / largest * width * 8)
    full, rest = divmod(max(eighths, 1), 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")


def fit(text: str, width: int) -> str:
    """Cut or pad to ``width`` cells."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def right(text: str, width: int) -> str:
    """Right-align in ``width`` cells."""
    return " " * max(width - cell_len(text), 0) + text


def percent(rate: float | None) -> str:
    """A 0–1 rate as a percentage; a dash when nothing is behind it."""
    return "–" if rate is None else f"{rate * 100:.0f}%"


def lines(*rows: list[Part]) -> Content:
    """Join rows of (text, style) parts into one Content, a row per line."""
    parts: list[Part] = []
    for index, row in enumerate(rows):
        if index:
            parts.append("\n")
        parts.extend(row)
    return Content.assemble(*parts)


def heading(text: str) -> list[Part]:
    """A section heading row."""
    return [(text, "bold")]
