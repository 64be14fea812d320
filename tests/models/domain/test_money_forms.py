"""Compact amounts: the forms an amount takes in narrow places, English and Dutch."""

from __future__ import annotations

import pytest

from models.domain.money import amount_forms, fit_amount, format_compact


@pytest.mark.parametrize(
    ("cents", "lang", "expected"),
    [
        (2650000, "en", ["€26,500", "€26.5k", "€27k"]),
        (2650000, "nl", ["€ 26.500", "€ 26,5k", "€ 27k"]),
        (604000, "en", ["€6,040", "€6k"]),
        (604000, "nl", ["€ 6.040", "€ 6k"]),
        (725000, "nl", ["€ 7.250", "€ 7,3k"]),
        (14730000, "en", ["€147,300", "€147.3k", "€147k"]),
        (150000000, "en", ["€1,500,000", "€1.5M"]),  # never €2M: a third off
        (150000000, "nl", ["€ 1.500.000", "€ 1,5M"]),
        (123456789012, "en", ["€1,234,567,890", "€1.2B"]),
        (9900, "en", ["€99"]),
        (-2650000, "en", ["-€26,500", "-€26.5k", "-€27k"]),
    ],
)
def test_amount_forms_get_shorter(cents: int, lang: str, expected: list[str]) -> None:
    forms = amount_forms(cents, "EUR", lang)
    assert forms == expected
    assert [len(form) for form in forms] == sorted({len(form) for form in forms}, reverse=True)


def test_amount_forms_without_the_whole_or_the_coarse_form() -> None:
    assert amount_forms(2650000, whole=False) == ["€26.5k", "€27k"]
    assert amount_forms(2650000, coarse=False) == ["€26,500", "€26.5k"]
    assert amount_forms(2650000, "CHF", "nl", whole=False) == ["CHF 26,5k", "CHF 27k"]


@pytest.mark.parametrize(
    ("cents", "expected"),
    [
        (99996000, "€1M"),  # 999,960: never €1000k
        (99_999_999, "€1M"),
        (99_940_000, "€999.4k"),
    ],
)
def test_compact_rounds_up_into_the_next_unit(cents: int, expected: str) -> None:
    assert format_compact(cents) == expected


def test_compact_without_decimals_rounds_half_up_from_ten() -> None:
    assert format_compact(2650000, decimals=False) == "€27k"
    assert format_compact(2649999, decimals=False) == "€26k"
    assert format_compact(99960000, "EUR", "nl", decimals=False) == "€ 1M"
    assert format_compact(725000, "EUR", "nl", decimals=False) == "€ 7,3k"


@pytest.mark.parametrize(
    ("width", "en", "nl"),
    [
        (20, "€26,500", "€ 26.500"),
        (8, "€26,500", "€ 26.500"),
        (7, "€26,500", "€ 26,5k"),
        (6, "€26.5k", "€ 27k"),
        (5, "€27k", "€ 27k"),
        (4, "€27k", None),
        (3, None, None),
        (0, None, None),
    ],
)
def test_fit_amount_takes_the_most_exact_form_that_fits(
    width: int, en: str | None, nl: str | None
) -> None:
    assert fit_amount(2650000, width, "EUR", "en") == en
    assert fit_amount(2650000, width, "EUR", "nl") == nl
