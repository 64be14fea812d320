"""The modals' helpers, without a screen: the keys hint, a conflict's change, a history value."""

from __future__ import annotations

from textual.widgets import Input, Select

from models.domain.errors import Change
from tui.modals.conflict import change_text, when
from tui.modals.form import form_hint
from tui.modals.history_entry import entry_title, value_text


def test_the_hint_follows_the_kind_of_field() -> None:
    assert form_hint(None, "saves") == "enter or ctrl+s saves · escape cancels · tab moves"
    assert form_hint(Input(), "saves", several=False) == "enter or ctrl+s saves · escape cancels"
    choice = Select([("a", 1)])
    assert form_hint(choice, "merges") == (
        "enter opens the list · ctrl+s merges · escape cancels · tab moves"
    )
    choice.expanded = True
    assert form_hint(choice, "saves") == "enter picks · escape closes the list"


def test_a_change_names_the_field_by_its_label() -> None:
    change = Change("bram", "2026-11-27 09:00:00", "expected_close", "2026-12-15", "2027-01-31")
    assert change_text(change).plain == (
        "• Expected close: 2026-12-15 → 2027-01-31  (bram, 2026-11-27 09:00)"
    )
    note = Change("anna", "2026-11-27 09:00:00", "close_note", None, "line 1\nline 2")
    assert change_text(note).plain == (
        "• Closing note: (empty) → line 1\nline 2  (anna, 2026-11-27 09:00)"
    )
    deleted = Change("chris", "2026-11-27 09:00:00", "deleted", None, None)
    assert change_text(deleted).plain == "• chris deleted it  (2026-11-27 09:00)"
    assert when("not a time\x1b") == "not a time\\x1b"


def test_a_history_value_is_shown_as_typed() -> None:
    assert value_text(None).plain == "(empty)" and value_text("").plain == "(empty)"
    assert value_text("[b]x[/b]\n\tindented").plain == "[b]x[/b]\n\tindented"
    assert value_text("bell\x07").plain == "bell\\x07"
    assert entry_title("close_note") == "Closing note"
    assert entry_title("created") == "Created"
