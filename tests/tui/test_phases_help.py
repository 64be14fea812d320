"""Pilot tests of phase configuration, help, the command palette and a big pipeline."""

from __future__ import annotations

import datetime as dt
import sqlite3

from tests.tui.board_steps import open_phases
from tests.tui.conftest import query, screen_text, settle, type_text
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CardList


async def test_add_phase_error_then_column_in_the_right_place(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        await type_text(pilot, "Qualified")
        await pilot.press("tab")
        await type_text(pilot, "101")
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Probability 101 is not between 0 and 100." in screen_text(app)
        assert query(db_file, "SELECT COUNT(*) FROM phase") == [(5,)]
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "60")
        await pilot.press("tab", "backspace")
        await type_text(pilot, "4")
        await pilot.press("enter")
        await settle(pilot, app)
        assert query(db_file, "SELECT name, probability FROM phase ORDER BY position") == [
            ("Introduction", 10),
            ("Presentation", 25),
            ("Proposal", 50),
            ("Qualified", 60),
            ("Negotiation", 75),
            ("Order", 100),
        ]
        await pilot.press("escape")
        await settle(pilot, app)
        board = app.screen.query_one(BoardView)
        assert len(board.lists) == 6
        assert (
            board.lists[3].phase_id
            == query(db_file, "SELECT id FROM phase WHERE name = ?", "Qualified")[0][0]
        )
        assert "Qualified" in screen_text(app)


async def test_duplicate_name_and_refusals_are_sentences(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        await type_text(pilot, "proposal")
        await pilot.press("tab")
        await type_text(pilot, "50")
        await pilot.press("enter")
        await settle(pilot, app)
        assert "A phase named 'Proposal' already exists." in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        before = query(db_file, "SELECT * FROM phase")
        await pilot.press("x")  # Introduction still has an open deal
        await settle(pilot, app)
        assert "still has 1 open deal;" in screen_text(app)
        await pilot.press("d", "y")  # it has deals: cannot be deleted
        await settle(pilot, app)
        assert "cannot be deleted" in screen_text(app)
        assert query(db_file, "SELECT * FROM phase") == before


async def test_merge_and_archive(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        await pilot.press("down")  # Presentation: one open deal
        await pilot.press("g")
        await settle(pilot, app)
        assert "Merge Presentation into" in screen_text(app)
        await pilot.press("ctrl+s")  # into the neighbour preselected: Proposal
        await settle(pilot, app)
        assert "Merge Presentation into Proposal?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, app)
        assert query(db_file, "SELECT archived FROM phase WHERE name = 'Presentation'") == [(1,)]
        assert query(
            db_file,
            "SELECT p.name FROM deal d JOIN phase p ON p.id = d.phase_id"
            " WHERE d.title = 'Cloud migration'",
        ) == [("Proposal",)]
        assert query(
            db_file,
            "SELECT COUNT(*) FROM deal_event WHERE kind = 'phase' AND old_value = 'Presentation'",
        ) == [(1,)]
        await pilot.press("x")  # Presentation is archived: x brings it back
        await settle(pilot, app)
        assert query(db_file, "SELECT archived FROM phase WHERE name = 'Presentation'") == [(0,)]
        await pilot.press("x")  # and archives it again (no open deals now)
        await settle(pilot, app)
        assert query(db_file, "SELECT archived FROM phase WHERE name = 'Presentation'") == [(1,)]
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(app.screen.query_one(BoardView).lists) == 4


async def test_reasons_are_configured_on_the_same_screen(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_phases(pilot, app)
        await pilot.press("tab")
        await pilot.press("n")
        await settle(pilot, app)
        await type_text(pilot, "Gut feeling")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(
            db_file, "SELECT applies_to, archived FROM reason WHERE name = ?", "Gut feeling"
        ) == [("both", 0)]


async def test_help_lists_the_keys_of_the_current_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = screen_text(app)
        assert "Keys — Pipeline board" in text
        for line in ("shift+right / >", "Accept the deal (won)", "Status filter"):
            assert line in text
        await pilot.press("escape")
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert "Keys — Phase configuration" in screen_text(app)
        assert "Merge" in screen_text(app)


async def test_palette_jumps_to_a_deal(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "nordwind")
        await pilot.pause(0.5)
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert "ERP implementation" in text and "Nordwind GmbH" in text


async def test_twenty_thousand_open_deals_render_without_a_widget_per_deal(tmp_path):
    from models.storage.database import open_database
    from tests.tui.conftest import FIXED_NOW
    from tui.app import DealboardApp

    path = tmp_path / "big.sqlite"
    open_database(path)
    with sqlite3.connect(path) as conn:  # bulk rows: the board, not the writing, is tested
        stamp = (FIXED_NOW - dt.timedelta(days=3)).isoformat(sep=" ")
        conn.executemany(
            "INSERT INTO deal (title, organization, owner, value_cents, phase_id, status,"
            " created_at, updated_at, version) VALUES (?, ?, 'Anna', ?, ?, 'open', ?, ?, 1)",
            [
                (f"Deal {n}", f"Org {n % 700}", n * 100, n % 5 + 1, stamp, stamp)
                for n in range(20_000)
            ],
        )
    app = DealboardApp(user="tester", clock=lambda: FIXED_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        lists = app.screen.query(CardList)
        assert sum(len(card_list.cards) for card_list in lists) == 20_000
        assert len(list(app.screen.walk_children())) < 150
        await pilot.press("end")
        await pilot.pause()
        assert "Deal 19995" in screen_text(app)
        await pilot.press("slash")
        await type_text(pilot, "org 699")
        await pilot.pause()
        # A bare number also finds the deal with that number (ids run from 1: deal n + 1).
        expected = sum(
            1
            for n in range(20_000)
            if "org" in f"deal {n}\norg {n % 700}\n\nanna"
            and ("699" in f"deal {n}\norg {n % 700}\n\nanna" or n + 1 == 699)
        )
        assert sum(len(card_list.cards) for card_list in lists) == expected
