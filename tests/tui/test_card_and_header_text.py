"""A card's value line and a column header's lines: the forms that fit, never a cut figure."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from models.queries.board import Column
from tui.formatting import Money
from tui.widgets.card_value import value_line
from tui.widgets.header_text import count_forms, count_line, header_text

EN = Money("EUR", "en")
NL = Money("EUR", "nl")


def joined(money: Money, cents: int, chance: str, stale: bool, width: int, **kw: bool) -> str:
    line = value_line(money, cents, chance, stale, width, **kw)
    text = line.amount + line.stale + line.chance
    assert cell_len(text) == width
    return text


@pytest.mark.parametrize(
    ("money", "width", "expected"),
    [
        (EN, 20, "€26,500        ◷ 75%"),
        (EN, 12, "€26.5k ◷ 75%"),  # was `€26,5… ◷ 75%`
        (EN, 11, "€27k  ◷ 75%"),
        (NL, 12, "€ 27k  ◷ 75%"),
        (NL, 11, "€ 27k ◷ 75%"),
        (NL, 9, "€ 26,5k ◷"),  # the phase's probability (in the header) goes first
        (EN, 5, "€27k "),
        (EN, 3, "   "),  # nothing fits: no amount rather than a cut one
    ],
)
def test_value_line_keeps_the_marks_and_shortens_the_amount(money, width, expected):
    assert joined(money, 2650000, "75%", True, width) == expected


def test_an_overridden_probability_stays_longer_than_the_stale_mark():
    assert joined(NL, 2650000, "◆40%", True, 10, override=True) == "€ 27k ◆40%"
    assert joined(NL, 2650000, "40%", True, 10) == "€ 26.500 ◷"
    # Not even `€ 27k` fits beside ◆40%: the amount and the stale mark then.
    assert joined(NL, 2650000, "◆40%", True, 9, override=True) == "€ 26,5k ◷"


def test_a_whole_amount_and_every_mark_when_there_is_room():
    assert joined(NL, 604000, "10%", True, 14) == "€ 6.040  ◷ 10%"
    assert joined(EN, 123456789, "◆100%", False, 12, override=True) == "€1.2M  ◆100%"


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (20, "75% · 33 deals"),
        (14, "75% · 33 deals"),
        (13, "75% 33 deals"),
        (11, "75% · 33 d."),
        (9, "75% 33 d."),
        (6, "33 d."),
        (2, "33 d."),  # the shortest, whatever the width
    ],
)
def test_count_line_takes_the_longest_form_that_fits(width, expected):
    assert count_line(75, 33, False, width) == expected


def test_count_forms_singular_and_archived():
    assert next(count_forms(50, 1, False)) == "50% · 1 deal"
    assert count_line(50, 1, True, 30) == "50% · 1 deal · archived"
    assert count_line(50, 1, True, 17) == "50% 1 deal arch."


@pytest.mark.parametrize(("status", "lines"), [("open", 4), ("all", 4), ("accepted", 3)])
def test_header_text_fits_its_width(status, lines):
    column = Column(1, "Negotiation", 75, False, [])
    column.count, column.total_cents, column.weighted_total_cents = 33, 123456789, 92592592
    for width, money in ((12, EN), (12, NL), (9, NL), (30, EN)):
        text = header_text(column, money, status, width).plain.split("\n")
        assert len(text) == lines
        for line in text[1:]:
            assert cell_len(line) <= width and "…" not in line


def test_header_lines_english_and_dutch():
    column = Column(1, "Negotiation", 75, False, [])
    column.count, column.total_cents, column.weighted_total_cents = 33, 123456789, 92592592
    assert header_text(column, NL, "open", 12).plain.split("\n")[1:] == [
        "75% 33 deals",
        "Σ € 1,2M",
        "≈ € 925,9k",
    ]
    assert header_text(column, EN, "open", 9).plain.split("\n")[1:] == [
        "75% 33 d.",
        "Σ €1.2M",
        "≈ €925.9k",
    ]
    assert header_text(column, EN, "open", 8).plain.split("\n")[1:] == [
        "33 d.",
        "Σ €1.2M",
        "≈ €926k",
    ]


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (15, "75 % · 33 deals"),  # Dutch writes a space before the percent sign
        (13, "75 % 33 deals"),
        (12, "75% 33 deals"),  # then the compact percent, before the word deals goes
        (11, "75 % 33 d."),
    ],
)
def test_a_dutch_count_line_writes_the_percent_the_dutch_way(width, expected):
    from models.domain import i18n

    i18n.set_language("nl")
    try:
        assert count_line(75, 33, False, width) == expected
    finally:
        i18n.set_language("en")
