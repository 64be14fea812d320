"""Drawing primitives for the management screen's sections: bars, fitted cells, lines.

Bars are block characters scaled to the largest value shown; every helper measures in
terminal cells, so wide characters in names keep the columns aligned. Numbers, percentages
and months are written in the current language (``75%`` / ``75 %``, ``2027-01`` /
``jan '27``); a column is as wide as English needs it, or wider when the language's words
or numbers need more, and the bars give up those cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from string import Formatter

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from models.domain.i18n import (
    SOURCE_LANGUAGE,
    current_language,
    format_number,
    format_rate,
    format_whole_percent,
    month_abbreviation,
)

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


def column(texts: Iterable[str], minimum: int, gap: int = 0) -> int:
    """The width of a column: ``minimum``, or the widest text plus ``gap`` cells if more."""
    return max([minimum, *(cell_len(text) + gap for text in texts)])


def percent(rate: float | None) -> str:
    """A 0–1 rate as a whole percentage (``48%`` / ``48 %``); a dash when nothing is behind it."""
    return "–" if rate is None else format_rate(rate, decimals=0)


def whole_percent(value: int) -> str:
    """A probability such as a phase's: ``75%`` / ``75 %``."""
    return format_whole_percent(value)


def interval(low: float, high: float) -> str:
    """Two rates as a range: ``46–56%`` / ``46–56 %``."""
    return f"{percent(low).removesuffix('%').rstrip()}–{percent(high)}"


def one_decimal(value: float | None) -> str:
    """Days and such with one decimal: ``30.1`` / ``30,1``; a dash for None."""
    if value is None:
        return "–"
    text = f"{value:.1f}"
    if current_language() == SOURCE_LANGUAGE:
        return text
    return format_number(Decimal(text), decimals=1)


def month(value: str) -> str:
    """A report month (``YYYY-MM``) as the language writes it: ``2027-01`` / ``jan '27``."""
    if current_language() == SOURCE_LANGUAGE:
        return value
    year, number = (int(part) for part in value.split("-"))
    return f"{month_abbreviation(number)} '{year % 100:02d}"


def styled(template: str, **fields: Part) -> list[Part]:
    """A translated sentence with its ``{fields}`` put in, each field with its own style.

    The sentence is translated whole and the fields go where the translation puts them.
    """
    parts: list[Part] = []
    for text, name, _spec, _conversion in Formatter().parse(template):
        if text:
            parts.append(text)
        if name is not None:
            parts.append(fields[name])
    return parts


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
