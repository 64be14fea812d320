"""The board's and the detail screen's helpers, without a screen.

Moving a card, a new deal's phase, the probability hint, what a save sends and which field a
refusal is shown under.
"""

from __future__ import annotations

from typing import Any

import pytest

from models.domain.errors import ValidationError
from tests.tui.cards import card, column
from tui.screens.board_data import new_deal_phase
from tui.screens.board_moves import moved_ahead, neighbour
from tui.screens.detail_form import probability_hint
from tui.screens.detail_save import as_saved, form_field

COLUMNS = [column(1), column(2, archived=True), column(3, probability=60), column(4)]


@pytest.mark.parametrize(
    ("phase_id", "step", "expected"),
    [
        (1, 1, 3),  # the archived phase 2 is skipped, as the operation skips it
        (3, -1, 1),
        (3, 1, 4),
        (1, -1, None),  # already first
        (4, 1, None),  # already last
        (2, 1, None),  # an archived phase is not among the active ones
        (99, 1, None),
    ],
)
def test_neighbour_is_the_next_active_phase(phase_id: int, step: int, expected: int | None):
    target = neighbour(COLUMNS, phase_id, step)
    assert (target.phase_id if target else None) == expected


def test_a_card_moved_ahead_takes_the_phase_probability_and_the_next_version():
    moved = moved_ahead(card(), COLUMNS[2])
    assert moved == card(phase_id=3, probability=60, override=False, version=5)


@pytest.mark.parametrize(
    ("focused", "expected"),
    [
        (None, (None, "")),  # the list view: no focused phase
        (1, (1, "Phase 1")),
        (2, (None, "")),  # archived: the new deal goes into the first phase
        (99, (99, "")),  # not (yet) loaded: the operation decides
    ],
)
def test_a_new_deal_goes_into_the_focused_active_phase(
    focused: int | None, expected: tuple[int | None, str]
):
    assert new_deal_phase(COLUMNS, focused) == expected


def test_new_deal_phase_without_columns_keeps_the_focus():
    assert new_deal_phase([], 3) == (3, "")


DEAL: dict[str, Any] = {
    "status": "open",
    "phase_probability": 40,
    "probability_at_close": None,
    "title": "Caf\u00e9 \x1b[31m",
    "note": "one\ntwo",
}


@pytest.mark.parametrize(
    ("changes", "typed", "expected"),
    [
        ({}, "", "phase 40 %"),
        ({}, " 75 ", "override 75 % (phase 40 %)"),
        ({"status": "accepted", "probability_at_close": 90}, "75", "at close 90 %"),
        ({"status": "rejected", "probability_at_close": 0}, "", "at close 0 %"),
    ],
)
def test_probability_hint(changes: dict[str, Any], typed: str, expected: str):
    assert probability_hint({**DEAL, **changes}, typed) == expected  # type: ignore[arg-type]


def test_a_free_text_left_as_shown_saves_the_stored_text():
    assert as_saved(DEAL, "title", "Caf\u00e9 \\x1b[31m") == DEAL["title"]


def test_an_edited_free_text_saves_the_escape_as_the_stored_character():
    assert as_saved(DEAL, "title", "Cafe \\x1b[31m") == "Cafe \x1b[31m"


def test_other_inputs_are_saved_as_typed():
    assert as_saved(DEAL, "value", "\\x1b") == "\\x1b"


@pytest.mark.parametrize(
    ("field", "expected"),
    [("value_cents", "value"), ("reason_id", "reason"), ("title", "title"), (None, "")],
)
def test_a_refusal_goes_to_the_field_the_form_shows(field: str | None, expected: str):
    assert form_field(ValidationError(field, "no")) == expected
