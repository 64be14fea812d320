"""The reached rows of entering a phase, from plain values (``models.operations.reached_rows``)."""

from __future__ import annotations

from models.operations.reached_rows import entered_rows, reached_from_events

# Phases 1 … 5 in board order; 3 is archived.
ORDER = [(1, True), (2, True), (3, False), (4, True), (5, True)]


def test_creating_reaches_the_phase_and_the_active_ones_before_it() -> None:
    assert entered_rows(9, "t", ORDER, None, 4) == [(9, 1, "t"), (9, 2, "t"), (9, 4, "t")]
    assert entered_rows(9, "t", ORDER, None, 1) == [(9, 1, "t")]


def test_a_forward_jump_reaches_the_active_phases_it_skipped() -> None:
    assert entered_rows(9, "t", ORDER, 1, 5) == [(9, 2, "t"), (9, 4, "t"), (9, 5, "t")]
    assert entered_rows(9, "t", ORDER, 2, 4) == [(9, 4, "t")]  # 3 is archived


def test_moving_back_reaches_only_the_phase_entered() -> None:
    assert entered_rows(9, "t", ORDER, 5, 1) == [(9, 1, "t")]


def test_an_archived_or_unknown_phase_entered_is_reached() -> None:
    assert entered_rows(9, "t", ORDER, None, 3) == [(9, 1, "t"), (9, 2, "t"), (9, 3, "t")]
    assert entered_rows(9, "t", ORDER, 1, 77) == [(9, 77, "t")]


def test_whole_histories_reach_each_phase_once_at_its_first_time() -> None:
    def event(deal: int, at: str, kind: str, phase: int | None) -> tuple:
        return (deal, at, "ann", kind, None, None, None, phase, 1)

    events = [
        event(1, "a", "created", 1),
        event(1, "b", "phase", 4),
        event(1, "c", "field", None),
        event(1, "d", "phase", 2),
        event(1, "e", "phase", 5),
        event(2, "a", "created", 2),
    ]
    assert reached_from_events(events, ORDER) == [
        (1, 1, "a"),
        (1, 2, "b"),
        (1, 4, "b"),
        (1, 5, "e"),
        (2, 1, "a"),
        (2, 2, "a"),
    ]
