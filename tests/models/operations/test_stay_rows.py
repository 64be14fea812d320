"""The stays of whole histories, from plain values (``models.operations.stay_rows``)."""

from __future__ import annotations

from typing import Any

from models.operations.stay_rows import mark_of, opened_row, stays_from_events


def event(deal: int, at: str, kind: str, phase: int | None = None, new: Any = None) -> tuple:
    """A ``deal_event`` row as ``models.operations.history_rows`` builds it."""
    field = {"status": "status", "phase": "phase"}.get(kind)
    return (deal, at, "ann", kind, field, None, new, phase, 1)


def test_a_stay_starts_running_in_the_phase_entered() -> None:
    assert opened_row(9, 2, "t") == (9, 2, "t", None)


def test_only_moves_and_status_changes_are_marks() -> None:
    assert mark_of(event(1, "a", "created", 3)) == (3, "open")
    assert mark_of(event(1, "a", "phase", 4)) == (4, None)
    assert mark_of(event(1, "a", "status", new="accepted")) == (None, "accepted")
    assert mark_of(event(1, "a", "field")) is None
    assert mark_of(event(1, "a", "note")) is None
    assert mark_of(event(1, "a", "phase", None)) is None  # a move without a phase id


def test_moves_close_reopen_and_switch() -> None:
    events = [
        event(1, "a", "created", 1),
        event(1, "b", "field"),
        event(1, "c", "phase", 2),
        event(1, "d", "status", new="rejected"),
        event(1, "e", "phase", 3),  # a merge moves the closed deal: no time in 3
        event(1, "f", "status", new="accepted"),  # a switch: still closed
        event(1, "g", "status", new="open"),  # reopened in 3
        event(1, "h", "phase", 1),
        event(2, "b", "created", 2),
        event(2, "c", "status", new="accepted"),
        event(1, "i", "status", new="accepted"),
    ]
    assert stays_from_events(events) == [
        (1, 1, "a", "c"),
        (1, 2, "c", "d"),
        (1, 3, "g", "h"),
        (1, 1, "h", "i"),
        (2, 2, "b", "c"),
    ]


def test_an_open_deal_s_last_stay_runs_on() -> None:
    events = [event(4, "a", "created", 1), event(4, "b", "phase", 2)]
    assert stays_from_events(events) == [(4, 1, "a", "b"), (4, 2, "b", None)]
