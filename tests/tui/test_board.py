"""Pilot tests of the board: the real keys, then both the screen and the database."""

from __future__ import annotations

from models.operations import deals
from tests.tui.board_steps import focused_card, go_to
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle, type_text
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CardList
from tui.widgets.deal_table import DealTable


async def test_board_shows_columns_headers_cards_and_summary(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        for name in ("Introduction", "Presentation", "Proposal", "Negotiation", "Order"):
            assert name in text
        assert "50% · 1 deal" in text
        assert "Website rede" in text
        assert "5 open" in text
        assert "won this month: 1" in text
        # Only the visible cards are widgets: one list per phase, not one widget per deal.
        assert len(app.screen.query(CardList)) == 5


async def test_create_move_twice_and_accept_in_proposal(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.screen.query_one(BoardView).current_phase_id == 1  # Introduction
        await pilot.press("n")
        await settle(pilot, app)
        await type_text(pilot, "Office move")
        await pilot.press("tab")
        await type_text(pilot, "Hanze Logistics")
        await pilot.press("tab", "tab")
        await type_text(pilot, "9500,50")
        await pilot.press("enter")
        await settle(pilot, app)
        rows = query(
            db_file,
            "SELECT id, phase_id, value_cents, owner, status FROM deal WHERE title = 'Office move'",
        )
        assert rows and rows[0][1:] == (1, 950050, "tester", "open")
        deal_id = rows[0][0]
        assert focused_card(app).id == deal_id
        assert "Office move" in screen_text(app)

        await pilot.press("shift+right")
        await settle(pilot, app)
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert query(db_file, "SELECT phase_id FROM deal WHERE id = ?", deal_id) == [(3,)]
        assert focused_card(app).id == deal_id  # the cursor followed the deal

        await pilot.press("a")
        await settle(pilot, app)
        assert "stays in phase Proposal (50 %)" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        row = query(
            db_file,
            "SELECT status, phase_id, probability_at_close, closed_at IS NOT NULL"
            " FROM deal WHERE id = ?",
            deal_id,
        )
        assert row == [("accepted", 3, 50, 1)]
        events = query(
            db_file,
            "SELECT kind, old_value, new_value, actor FROM deal_event"
            " WHERE deal_id = ? ORDER BY id",
            deal_id,
        )
        assert [e[0] for e in events] == ["created", "phase", "phase", "status"]
        assert events[-1] == ("status", "open", "accepted", "tester")
        # Written at the app's clock (the fixed one here), as the screen shows "today".
        assert query(
            db_file,
            "SELECT DISTINCT at FROM deal_event WHERE deal_id = ?",
            deal_id,
        ) == [(str(FIXED_NOW),)]


async def test_reject_in_negotiation_with_reason_and_competitor(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "ERP implementation")
        await pilot.press("r")
        await settle(pilot, app)
        # Without a reason the form refuses and says why.
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "A reason is required to reject a deal" in screen_text(app)
        assert query(db_file, "SELECT status FROM deal WHERE title = 'ERP implementation'") == [
            ("open",)
        ]
        await pilot.press("enter")  # open the reason list
        await pilot.pause()
        await pilot.press("down", "enter")  # the first rejection reason
        await pilot.press("tab")
        await type_text(pilot, "Rivalsoft")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        row = query(
            db_file,
            "SELECT d.status, p.name, d.probability_at_close, d.competitor,"
            " r.applies_to FROM deal d JOIN phase p ON p.id = d.phase_id"
            " JOIN reason r ON r.id = d.reason_id"
            " WHERE d.title = 'ERP implementation'",
        )
        # The override (60 %) was the effective probability at close.
        assert row == [("rejected", "Negotiation", 60, "Rivalsoft", "rejected")]


async def test_a_closed_deal_cannot_move_and_can_be_reopened(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")  # won
        await settle(pilot, app)
        assert "Intranet" in screen_text(app)
        await go_to(pilot, app, "Intranet")
        before = query(db_file, "SELECT * FROM deal WHERE title = 'Intranet'")
        await pilot.press("shift+right")
        await settle(pilot, app)
        assert "reopen it first" in screen_text(app)
        assert query(db_file, "SELECT * FROM deal WHERE title = 'Intranet'") == before
        await pilot.press("o")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        assert query(
            db_file,
            "SELECT status, reason_id, closed_at, probability_at_close FROM deal"
            " WHERE title = 'Intranet'",
        ) == [("open", None, None, None)]
        assert query(db_file, "SELECT at FROM deal_event ORDER BY id DESC LIMIT 1") == [
            (str(FIXED_NOW),)  # the reopening, at the app's clock
        ]


async def test_filter_cycles_and_closed_deals_stay_in_their_phase(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        board = app.screen.query_one(BoardView)
        shown = {cl.phase_id: [c.title for c in cl.cards] for cl in board.lists}
        assert all("Intranet" not in titles for titles in shown.values())
        await pilot.press("f")
        await settle(pilot, app)
        assert {cl.phase_id: [c.title for c in cl.cards] for cl in board.lists}[3] == ["Intranet"]
        await pilot.press("f")
        await settle(pilot, app)
        assert {cl.phase_id: [c.title for c in cl.cards] for cl in board.lists}[4] == [
            "Data platform"
        ]
        assert "lost" in screen_text(app)
        await pilot.press("f")
        await settle(pilot, app)
        assert sum(len(cl.cards) for cl in board.lists) == 7


async def test_search_narrows_and_escape_clears(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "nordwind")
        await pilot.pause()
        board = app.screen.query_one(BoardView)
        assert [c.title for cl in board.lists for c in cl.cards] == ["ERP implementation"]
        assert "matching nordwind (1)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert sum(len(cl.cards) for cl in board.lists) == 5


async def test_list_view_sorts_and_opens(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        table = app.screen.query_one(DealTable)
        assert app.focused is table and table.row_count == 5
        for _ in range(3):  # phase → title → organization → value
            await pilot.press("s")
        await pilot.press("S")  # highest value first
        await pilot.pause()
        assert table.get_row_at(0)[1].plain == "ERP implementation"
        # Sorting keeps the cursor on the deal it was on; go to the top row.
        await pilot.press(*["up"] * 5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "ERP implementation" in screen_text(app)
        assert "override 60 % (phase 75 %)" in screen_text(app)


async def test_read_only_refuses_edits(make_app, db_file):
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = query(db_file, "SELECT * FROM deal")
        for key in ("n", "a", "r", "shift+right"):
            await pilot.press(key)
            await settle(pilot, app)
            assert "read-only" in screen_text(app)
            assert app.screen.__class__.__name__ == "BoardScreen"
        assert query(db_file, "SELECT * FROM deal") == before


async def test_hostile_titles_are_shown_literally(make_app, db_file):
    deals.create_deal(
        "[bold red]x[/] [link=http://e.vil]click[/link]",
        actor="t",
        phase="Introduction",
        at=FIXED_NOW,
    )
    deals.create_deal("🚀 Launch — שלום עולם", actor="t", phase="Introduction", at=FIXED_NOW)
    deals.create_deal("L" * 300, actor="t", phase="Introduction", at=FIXED_NOW)
    query(db_file, "SELECT 1")
    import sqlite3

    with sqlite3.connect(db_file) as conn:  # escape codes can only arrive by raw SQL
        conn.execute(
            "UPDATE deal SET organization = 'Evil\x1b[31mRed\x07' WHERE title = ?",
            ("🚀 Launch — שלום עולם",),
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        text = screen_text(app)
        # Literal brackets, not bold red; cut where the list view's Title column ends (the
        # Value column shows cents).
        assert "[bold red]x[/…" in text
        assert "\x1b" not in text
        await pilot.press("slash")
        await type_text(pilot, "launch")
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        text = screen_text(app)
        assert "🚀 Launch — שלום עולם" in text
        assert "Evil\\x1b[31mRed\\x07" in text  # shown escaped, never sent to the terminal
        assert "\x1b" not in text


async def test_q_quits_from_the_board(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running


async def test_a_move_refused_meanwhile_is_undone_on_screen(db_file):
    from tests.tui.cli.conftest import run_process
    from tests.tui.conftest import FIXED_NOW
    from tui.app import DealboardApp

    app = DealboardApp(user="tester", clock=lambda: FIXED_NOW, live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")
        deal_id = query(db_file, "SELECT id FROM deal WHERE title = 'Website redesign'")[0][0]
        # someone else wins it while this board still shows it open
        other = run_process("deal", "accept", str(deal_id), "--db", str(db_file))
        assert other.returncode == 0, other.stderr
        await pilot.press("greater_than_sign")  # shown moved at once, then refused
        await settle(pilot, app)
        board = app.screen.query_one(BoardView)
        text = screen_text(app)
        assert f"Deal #{deal_id} was not moved:" in text
        assert "changed status from open to accepted meanwhile." in text
        assert all(deal_id not in [c.id for c in cl.cards] for cl in board.lists)  # now true
        assert query(db_file, "SELECT status, phase_id FROM deal WHERE id = ?", deal_id) == [
            ("accepted", 3)
        ]
