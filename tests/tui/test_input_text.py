"""What an input shows is what is saved: joiners, isolates and other kept characters as typed.

A title with a zero-width joiner (Sinhala, emoji sequences) or bidi isolates used to appear
in the detail form as ``\\u200d`` and be written back like that on save. These tests open
such values in the real forms, edit them with real keys (and a paste), and compare the bytes
in the database with what the user did.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static, TextArea

from models.domain.validation import refused_character
from models.operations import deals, phases
from tests.hostile.corpus import CORPUS
from tests.tui.board_steps import open_phases
from tests.tui.conftest import query, screen_text, settle, type_text
from tests.tui.detail_steps import open_detail
from tui.input_text import saved_from_input, shown_in_input

SRI_LANKA = "\u0dc1\u0dca\u200d\u0dbb\u0dd3 \u0dbd\u0d82\u0d9a\u0dcf"  # ශ්‍රී ලංකා, with a ZWJ
CODER = "\U0001f469\u200d\U0001f4bb"  # 👩‍💻: woman, ZWJ, laptop
ISOLATED = "Offer \u2067\u05e9\u05dc\u05d5\u05dd\u2069 v2"  # a Hebrew word in an RTL isolate


def stored(db_file: Path, column: str, title: str) -> str:
    return query(db_file, f"SELECT {column} FROM deal WHERE title = ?", title)[0][0]


async def focus_end(pilot, widget) -> None:
    widget.focus()
    await pilot.pause()
    await pilot.press("end")


async def test_a_title_with_a_joiner_is_shown_and_saved_as_it_is(make_app, db_file):
    deals.create_deal(SRI_LANKA, actor="anna", note=f"Team: {CODER}\n{ISOLATED}")
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, SRI_LANKA)
        title = screen.query_one("#input-title", Input)
        assert title.value == SRI_LANKA
        assert screen.query_one("#input-note", TextArea).text == f"Team: {CODER}\n{ISOLATED}"

        await focus_end(pilot, screen.query_one("#input-contact", Input))
        await type_text(pilot, "Nimal")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, "SELECT title, contact, note FROM deal WHERE contact = 'Nimal'") == [
            (SRI_LANKA, "Nimal", f"Team: {CODER}\n{ISOLATED}")
        ]

        await focus_end(pilot, title)
        await type_text(pilot, " 2")  # typing into the title itself
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert stored(db_file, "title", f"{SRI_LANKA} 2").encode() == f"{SRI_LANKA} 2".encode()

        note = screen.query_one("#input-note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)
        await type_text(pilot, "-ok")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert stored(db_file, "note", f"{SRI_LANKA} 2") == f"Team: {CODER}\n{ISOLATED}-ok"


async def test_a_pasted_emoji_sequence_is_saved_as_pasted(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        title = screen.query_one("#input-title", Input)
        await focus_end(pilot, title)
        await type_text(pilot, " by ")
        title.post_message(events.Paste(CODER))  # as a terminal delivers a paste
        await pilot.pause()
        assert title.value == f"Website redesign by {CODER}"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(
            db_file, "SELECT COUNT(*) FROM deal WHERE title = ?", f"Website redesign by {CODER}"
        ) == [(1,)]


async def test_a_refused_character_stored_by_another_client_is_never_saved_as_an_escape(
    make_app, db_file
):
    with sqlite3.connect(db_file) as connection:  # as another client could
        connection.execute(
            "UPDATE deal SET title = ? WHERE title = 'Website redesign'", ("web\u202eevil",)
        )
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "web\u202eevil")
        title = screen.query_one("#input-title", Input)
        assert title.value == "web\\u202eevil"  # escaped: raw, it would reorder the screen

        await focus_end(pilot, screen.query_one("#input-contact", Input))
        await type_text(pilot, "Jan")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, "SELECT title, contact FROM deal WHERE contact = 'Jan'") == [
            ("web\u202eevil", "Jan")
        ]

        before = query(db_file, "SELECT * FROM deal WHERE contact = 'Jan'")
        await focus_end(pilot, title)
        await type_text(pilot, " 2")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        error = screen.query_one("#error-title", Static)
        assert str(error.content) == (
            "Title contains a bidi embedding or override (U+202E RIGHT-TO-LEFT OVERRIDE);"
            " remove it."
        )
        text = screen_text(app)  # the sentence wraps under the field
        assert "(U+202E" in text and "RIGHT-TO-LEFT OVERRIDE); remove it." in text
        assert query(db_file, "SELECT * FROM deal WHERE contact = 'Jan'") == before


async def test_a_phase_rename_keeps_an_isolate_as_it_is(make_app, db_file):
    phases.rename_phase("Order", ISOLATED)
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_phases(pilot, app)
        await pilot.press("down", "down", "down", "down")  # the last phase: the renamed one
        await pilot.press("e")
        await settle(pilot, app)
        field = app.screen.query_one("#field-name", Input)
        assert field.value == ISOLATED
        await pilot.press("end")
        await type_text(pilot, "b")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen is screen
        assert query(db_file, "SELECT COUNT(*) FROM phase WHERE name = ?", ISOLATED + "b") == [(1,)]


@pytest.mark.parametrize("multiline", [False, True])
def test_every_corpus_value_comes_back_from_its_input_as_stored(multiline):
    for entry in CORPUS:
        value = entry.value
        shown = shown_in_input(value, multiline=multiline)
        assert saved_from_input(shown, value, multiline=multiline) == value, entry.id
        # Typing after it keeps every stored character, never the escapes shown for them.
        assert saved_from_input(shown + "x", value, multiline=multiline) == value + "x", entry.id
        for char in shown:
            assert refused_character(char, multiline=multiline) is None, entry.id
