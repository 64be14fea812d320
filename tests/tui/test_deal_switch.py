"""The outcome correction form's helpers, without a screen: fields, intro, what is saved."""

from __future__ import annotations

from models.operations.deal_core import KEEP
from tui.deal_switch import switch_fields, switch_intro, switch_options


def context(**changes: object) -> dict:
    data = {
        "status": "rejected",
        "title": "Data platform",
        "phase": "Negotiation",
        "closed_at": "2026-11-20 09:00",
        "reasons": [("Best price", 1), ("Other", 11)],
        "required": False,
        "competitors": ["Datalux"],
        "reason_id": 11,
        "competitor": "Datalux",
        "close_note": "Lost on price\nsecond line",
    }
    data.update(changes)
    return data


def test_the_intro_says_what_is_corrected_and_kept():
    intro = switch_intro(7, "accepted", context())
    assert intro.splitlines() == [
        "#7 Data platform",
        "Corrects the outcome: lost → won. It keeps its close date (2026-11-20 09:00) and phase"
        " (Negotiation); the history records the correction.",
        "Its competitor (Datalux) is cleared.",
    ]
    won = switch_intro(7, "rejected", context(status="accepted", competitor=""))
    assert "won → lost" in won and "competitor" not in won


def test_a_reason_that_applies_to_the_new_outcome_is_chosen_and_the_note_shown():
    fields = {field.name: field for field in switch_fields("accepted", context())}
    assert list(fields) == ["reason", "note"]  # no competitor for a won deal
    assert fields["reason"].value == 11
    assert fields["note"].value == "Lost on price\\nsecond line"
    other = {field.name: field for field in switch_fields("accepted", context(reason_id=5))}
    assert other["reason"].value == ""  # a lost-only reason is not offered for won
    lost = [field.name for field in switch_fields("rejected", context(status="accepted"))]
    assert lost == ["reason", "competitor", "note"]


def test_a_note_left_as_shown_keeps_the_stored_one_exactly():
    shown = "Lost on price\\nsecond line"
    kept = switch_options("accepted", context(), {"reason": 11, "note": shown})
    assert kept == {"reason": 11, "note": KEEP}
    edited = switch_options("accepted", context(), {"reason": None, "note": "Won after all"})
    assert edited == {"reason": None, "note": "Won after all"}
    lost = switch_options(
        "rejected", context(status="accepted"), {"reason": 3, "note": shown, "competitor": "X"}
    )
    assert lost == {"reason": 3, "note": KEEP, "competitor": "X"}
