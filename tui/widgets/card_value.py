"""A card's value line: amount, stale mark and probability, with the amount never cut.

A truncated amount is a wrong amount, so the line picks the most exact form that fits
(``€26,500``, ``€26.5k``, ``€27k``) and, in a column too narrow even for that, leaves out the
probability or the stale mark (see ``value_line``); the amount is shown whole or not at all.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len

from tui.formatting import Money

STALE_MARK = "◷"


class ValueLine(NamedTuple):
    """What the value line shows: ``amount`` is padded so the line fills its width."""

    amount: str
    stale: str  # the stale mark (and the space before the probability), or nothing
    chance: str


def value_line(
    money: Money, cents: int, chance: str, stale: bool, width: int, *, override: bool = False
) -> ValueLine:
    """Lay out ``amount [◷ ]chance`` in ``width`` cells, the marks right-aligned.

    The marks stay as long as some form of the amount fits beside them (the form only gets
    shorter: ``€26,500``, ``€26.5k``, ``€27k``). In a column too narrow for that, one mark
    goes: the probability when it is the phase's (the column header shows it), the stale
    mark when the probability is the deal's own (``override``); then both.
    """
    if override:
        layouts = [(stale, chance), (False, chance), (stale, ""), (False, "")]
    else:
        layouts = [(stale, chance), (stale, ""), (False, chance), (False, "")]
    for with_stale, shown_chance in dict.fromkeys(layouts):
        mark = (STALE_MARK + (" " if shown_chance else "")) if with_stale else ""
        right = cell_len(mark) + cell_len(shown_chance)
        room = width - right - (1 if right else 0)
        amount = money.fit(cents, room) if room > 0 else None
        if amount is not None:
            field = amount + " " * (width - right - cell_len(amount))
            return ValueLine(field, mark, shown_chance)
    return ValueLine(" " * max(width, 0), "", "")
