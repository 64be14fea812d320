"""Pilot tests of merging a phase: the neighbour preselected, the preview, confirm or back out.

The small pipeline has in Negotiation (75 %) one open deal with its own 60 % (ERP
implementation, €85,000) and one lost deal (Data platform).
"""

from __future__ import annotations

import sqlite3

from textual.widgets import Select

from tests.tui.board_steps import open_phases
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle
from tui.screens.phases_merge import MergeModal, merge_target

EVERYTHING = "SELECT * FROM deal ORDER BY id"
PHASES = "SELECT * FROM phase ORDER BY id"
EVENTS = "SELECT COUNT(*) FROM deal_event"


def phase_of(db_file, title: str) -> str:
    found = query(
        db_file,
        "SELECT p.name FROM deal d JOIN phase p ON p.id = d.phase_id WHERE d.title = ?",
        title,
    )
    return found[0][0]


def phase_id(db_file, name: str) -> int:
    return query(db_file, "SELECT id FROM phase WHERE name = ?", name)[0][0]


async def open_merge(pilot, app, downs: int) -> MergeModal:
    await open_phases(pilot, app)
    for _ in range(downs):
        await pilot.press("down")
    await pilot.press("g")
    await settle(pilot, app)
    assert isinstance(app.screen, MergeModal)
    return app.screen


async def test_the_neighbour_is_preselected_and_the_preview_shown(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await open_merge(pilot, app, downs=3)  # Negotiation
        assert modal.query_one("#field-into", Select).value == phase_id(db_file, "Order")
        text = screen_text(app)
        assert "1 open deal moves from Negotiation to Order: weighted value" in text
        assert "€51,000.00 → €85,000.00 (+€34,000.00)." in text
        assert "1 of them loses its own probability and counts Order's 100%." in text
        assert "1 closed deal is relabelled to Order" in text
        await pilot.press("escape")
        await settle(pilot, app)
        # The last phase merges into the one before it.
        await pilot.press("down", "g")  # Order: the cursor stayed on Negotiation
        await settle(pilot, app)
        modal = app.screen
        assert isinstance(modal, MergeModal)
        assert modal.query_one("#field-into", Select).value == phase_id(db_file, "Negotiation")
        assert "0 open deals move from Order to Negotiation" not in screen_text(app)
        assert "1 open deal moves from Order to Negotiation" in screen_text(app)


async def test_changing_the_target_updates_the_preview_and_backing_out_changes_nothing(
    make_app, db_file
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        before = (query(db_file, EVERYTHING), query(db_file, PHASES), query(db_file, EVENTS))
        await open_merge(pilot, app, downs=3)
        await pilot.press("enter")  # open the choice: Introduction, Presentation, Proposal, Order
        await pilot.press("up", "up", "up", "enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert "1 open deal moves from Negotiation to Introduction" in text
        assert "€51,000.00 → €8,500.00 (-€42,500.00)." in text
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        text = screen_text(app)
        assert "Merge Negotiation into Introduction?" in text
        assert "€51,000.00 → €8,500.00 (-€42,500.00)." in text
        await pilot.press("n")  # back to the form, the choice kept
        await settle(pilot, app)
        assert isinstance(app.screen, MergeModal)
        assert app.screen.query_one("#field-into", Select).value == phase_id(
            db_file, "Introduction"
        )
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await pilot.press("escape")  # escape in the question answers no
        await settle(pilot, app)
        await pilot.press("escape")  # and in the form cancels it
        await settle(pilot, app)
        assert not isinstance(app.screen, MergeModal)
        after = (query(db_file, EVERYTHING), query(db_file, PHASES), query(db_file, EVENTS))
        assert after == before


async def test_confirming_merges_what_the_preview_said(make_app, db_file):
    app = make_app(user="merger")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_merge(pilot, app, downs=3)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "1 open deal moves from Negotiation to Order" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, app)
        assert "Merged: 2 deals moved; Negotiation is archived." in screen_text(app)
        assert phase_of(db_file, "ERP implementation") == "Order"
        assert phase_of(db_file, "Data platform") == "Order"
        assert query(
            db_file,
            "SELECT status, probability_override, probability_at_close FROM deal"
            " WHERE title IN ('ERP implementation', 'Data platform') ORDER BY title",
        ) == [("rejected", None, 75), ("open", None, None)]
        assert query(db_file, "SELECT archived FROM phase WHERE name = 'Negotiation'") == [(1,)]
        assert query(
            db_file,
            "SELECT COUNT(*) FROM deal_event WHERE kind = 'phase' AND actor = 'merger'"
            " AND old_value = 'Negotiation' AND new_value = 'Order' AND at = ?",
            str(FIXED_NOW),  # the app's clock
        ) == [(2,)]


async def test_a_phase_name_with_markup_is_shown_as_typed(make_app, db_file):
    with_markup = "[b]Neg[/b] [/]"
    with sqlite3.connect(db_file) as conn:  # as another client could have named it
        conn.execute("UPDATE phase SET name = ? WHERE name = 'Negotiation'", (with_markup,))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_merge(pilot, app, downs=3)
        assert f"1 open deal moves from {with_markup} to Order" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert f"Merge {with_markup} into Order?" in screen_text(app)


def test_merge_target_skips_archived_phases_and_falls_back_to_the_previous():
    def phase(id_: int, archived: bool = False) -> dict:
        return {"id": id_, "position": id_, "archived": archived}

    phases = [phase(1), phase(2), phase(3, archived=True), phase(4), phase(5, archived=True)]
    assert merge_target(phases, 2) == 4
    assert merge_target(phases, 1) == 2
    assert merge_target(phases, 4) == 2
    assert merge_target(phases, 5) == 4  # an archived phase merges too
    assert merge_target([phase(1)], 1) is None
