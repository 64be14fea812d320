"""A board column's header text, in forms that fit the column: never cut inside a figure.

The header has four lines: the phase name; probability and number of deals; the total (Σ);
the weighted value (≈). The name is the user's text and may end in an ellipsis; the figures
are never cut. Each line takes the longest of its forms that fits the width:

- ``75% · 18 deals``, ``75% 18 deals``, ``75% · 18 d.``, ``75% 18 d.``, then ``18 d.`` (the
  probability, which every card in the column shows too, is the least important figure);
  in a language that writes a space before the percent sign (Dutch ``75 %``) each count
  comes first with that form, then with the compact ``75%``; an archived phase says
  ``· archived``, or ``arch.`` when narrow;
- ``Σ €638.4k``, ``Σ €638k``: the compact amount, then the shorter one (see
  ``models.domain.money.amount_forms``). When not even that fits, the line is left empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.text import Text

from models.domain.i18n import format_whole_percent
from models.domain.status import StatusFilter
from models.queries.board import Column
from tui.formatting import Money, safe
from tui.i18n import N_, _, ngettext

# An archived phase's mark, long and short (translated where shown).
ARCHIVED_MARKS = (N_("archived"), N_("arch."))


def archived_marks() -> tuple[str, ...]:
    """The archived marks in the session's language, long first."""
    return tuple(_(mark) for mark in ARCHIVED_MARKS)


def percent_forms(probability: int) -> tuple[str, ...]:
    """The probability as the language writes it (``75 %``), then compact (``75%``)."""
    return tuple(dict.fromkeys((format_whole_percent(probability), f"{probability}%")))


def count_forms(probability: int, count: int, archived: bool) -> Iterator[str]:
    """The second line's forms, longest first."""
    counts = [
        ngettext("{count} deal", "{count} deals", count).format(count=count),
        # TRANSLATORS: a number of deals where there is no room for the word: "18 d."
        _("{count} d.").format(count=count),
    ]
    marks = list(archived_marks()) if archived else [""]
    for counted in counts:  # the word "deals" outranks the space before the percent sign
        for percent in percent_forms(probability):
            for separator in (" · ", " "):
                for mark in marks:
                    yield separator.join(part for part in (percent, counted, mark) if part)
    for mark in marks:
        yield " ".join(part for part in (counts[-1], mark) if part)


def count_line(probability: int, count: int, archived: bool, width: int) -> str:
    """The longest form of ``count_forms`` that fits ``width``, or the shortest."""
    forms = list(count_forms(probability, count, archived))
    return next((form for form in forms if cell_len(form) <= width), forms[-1])


def amount_line(mark: str, cents: int, money: Money, width: int) -> str:
    """``Σ €1.2M``: the mark and the compact amount that fits, or nothing."""
    amount = money.fit(cents, width - cell_len(mark) - 1, whole=False)
    return f"{mark} {amount}" if amount is not None else ""


def header_text(column: Column, money: Money, status: str, width: int) -> Text:
    """The four lines of a column's header for a content ``width`` of that many cells."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(safe(column.name), style="bold")
    text.append("\n")
    line = count_line(column.probability, column.count, column.archived, width)
    percent = next(
        (form for form in percent_forms(column.probability) if line.startswith(form)), ""
    )
    if percent:
        text.append(percent, style="bold")
        line = line[len(percent) :]
    mark = next((m for m in archived_marks() if column.archived and line.endswith(m)), "")
    text.append(line[: len(line) - len(mark)])
    text.append(mark, style="italic")
    text.append("\n" + amount_line("Σ", column.total_cents, money, width))
    if status in (StatusFilter.OPEN, StatusFilter.ALL):
        text.append("\n")
        text.append(amount_line("≈", column.weighted_total_cents, money, width), style="italic")
    return text
