"""Live refresh by changes: another process's changes are patched in, not reloaded whole."""

from __future__ import annotations

import pytest

import tui.screens.board as board_module
from tests.tui.board_steps import focused_card, go_to, titles_on_board, wait_for
from tests.tui.cli.conftest import run_process
from tests.tui.conftest import query, screen_text, settle
from tui.poll import POLL_SECONDS
from tui.widgets.board_view import BoardView

WAIT = POLL_SECONDS * 2 + 2


def column_of(app, title: str) -> str | None:
    """The name of the column showing the card with ``title`` on screen (None when not shown)."""
    names = {column.phase_id: column.name for column in app.screen.data.columns}
    for card_list in app.screen.query_one(BoardView).lists:
        if any(card.title == title for card in card_list.cards):
            return names[card_list.phase_id]
    return None


@pytest.fixture
def whole_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the board's whole reloads (every card read again)."""
    calls: list[str] = []
    real = board_module.load_board

    def counting(status, *args, **kwargs):
        calls.append(status)
        return real(status, *args, **kwargs)

    monkeypatch.setattr(board_module, "load_board", counting)
    return calls


def cli(db_file, *args: str) -> str:
    done = run_process(*args, "--db", str(db_file), "--user", "bram")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


async def test_each_kind_of_change_by_another_process_is_patched_in(make_app, db_file, whole_loads):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")
        await pilot.pause(POLL_SECONDS * 1.5)  # the watcher has taken its starting point
        whole_loads.clear()
        screen = app.screen
        patches = screen.live.patches

        new_id = cli(db_file, "deal", "add", "Elsewhere", "--phase", "proposal")
        await wait_for(pilot, app, lambda: column_of(app, "Elsewhere") == "Proposal", WAIT)
        await settle(pilot, app)
        assert "Elsewhere" in screen_text(app)
        assert "6 open" in screen_text(app)  # the summary line too (5 before)

        cli(db_file, "deal", "move", new_id, "negotiation")
        await wait_for(pilot, app, lambda: column_of(app, "Elsewhere") == "Negotiation", WAIT)

        cli(db_file, "deal", "edit", new_id, "--title", "Renamed")
        await wait_for(pilot, app, lambda: column_of(app, "Renamed") == "Negotiation", WAIT)
        assert "Elsewhere" not in titles_on_board(app)
        assert query(db_file, "SELECT title FROM deal WHERE id = ?", int(new_id)) == [("Renamed",)]

        cli(db_file, "deal", "accept", new_id)  # closed: leaves the open board
        await wait_for(pilot, app, lambda: column_of(app, "Renamed") is None, WAIT)
        cli(db_file, "deal", "reopen", new_id)
        await wait_for(pilot, app, lambda: column_of(app, "Renamed") == "Negotiation", WAIT)

        cli(db_file, "deal", "delete", new_id)
        await wait_for(pilot, app, lambda: column_of(app, "Renamed") is None, WAIT)
        assert query(
            db_file, "SELECT deleted_at IS NOT NULL FROM deal WHERE id = ?", int(new_id)
        ) == [(1,)]
        cli(db_file, "deal", "restore", new_id)
        await wait_for(pilot, app, lambda: column_of(app, "Renamed") == "Negotiation", WAIT)

        # The header's count and the summary follow the patched cards.
        negotiation = next(c for c in screen.data.columns if c.name == "Negotiation")
        assert negotiation.count == len(negotiation.cards) == 2
        assert "2 deals" in screen_text(app)
        assert focused_card(app).title == "Website redesign"  # the cursor did not move
        assert whole_loads == []  # no change read the whole board again
        assert screen.live.patches >= patches + 7


async def test_the_status_filter_is_respected(make_app, db_file, whole_loads):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")  # open → won
        await settle(pilot, app)
        await pilot.pause(POLL_SECONDS * 1.5)
        whole_loads.clear()
        screen = app.screen
        assert screen.status_filter == "accepted"
        deal = query(db_file, "SELECT id FROM deal WHERE title = 'Cloud migration'")[0][0]
        cli(db_file, "deal", "edit", str(deal), "--title", "Cloud 2")  # open: not shown
        await pilot.pause(POLL_SECONDS * 2)
        assert column_of(app, "Cloud 2") is None
        cli(db_file, "deal", "accept", str(deal))  # won: shown
        await wait_for(pilot, app, lambda: column_of(app, "Cloud 2") == "Presentation", WAIT)
        assert query(db_file, "SELECT status FROM deal WHERE id = ?", deal) == [("accepted",)]
        assert all(c.status == "accepted" for col in screen.data.columns for c in col.cards)
        assert whole_loads == []


async def test_a_phase_change_by_another_process_reloads_the_whole_board(
    make_app, db_file, whole_loads
):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.pause(POLL_SECONDS * 1.5)
        whole_loads.clear()
        cli(db_file, "phase", "edit", "Proposal", "--name", "Offer")
        board = app.screen.query_one(BoardView)
        await wait_for(pilot, app, lambda: "Offer" in screen_text(app), WAIT)
        assert whole_loads == ["open"]
        assert board.lists  # the columns were built again


async def test_an_edit_elsewhere_repaints_the_card_where_it_stands(
    make_app, db_file, whole_loads, monkeypatch
):
    shows: list[int] = []
    real_show = BoardView.show

    async def counting_show(self, *args, **kwargs):
        shows.append(1)
        return await real_show(self, *args, **kwargs)

    monkeypatch.setattr(BoardView, "show", counting_show)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")
        await pilot.pause(POLL_SECONDS * 1.5)
        whole_loads.clear()
        shows.clear()
        deal = query(db_file, "SELECT id FROM deal WHERE title = 'Website redesign'")[0][0]
        cli(db_file, "deal", "edit", str(deal), "--title", "Web 2", "--value", "20000")
        await wait_for(pilot, app, lambda: column_of(app, "Web 2") == "Proposal", WAIT)
        await settle(pilot, app)
        text = screen_text(app)
        assert "Web 2" in text and "€20,000" in text  # the card, redrawn where it stands
        assert "Σ €20k" in text  # its column's total
        assert focused_card(app).title == "Web 2"  # the cursor stayed on it
        assert query(db_file, "SELECT value_cents FROM deal WHERE id = ?", deal) == [(2000000,)]
        assert whole_loads == [] and shows == []  # neither a reload nor a repaint of the board


async def test_an_edit_of_a_card_below_the_visible_ones_updates_the_header_and_shows_when_scrolled_to(
    make_app, db_file, whole_loads, monkeypatch
):
    from models.operations import deals
    from tui.widgets.card_list import CARD_HEIGHT, CardList

    filler = [  # more cards than the first column shows on 24 lines
        deals.create_deal(f"Filler {n}", phase="Introduction", value="1000", actor="bram").id
        for n in range(8)
    ]
    last = deals.create_deal("Far below", phase="Introduction", value="1000", actor="bram").id
    highlighted: list[str] = []
    real_post = CardList.post_message

    def counting_post(self, message):
        if isinstance(message, CardList.Highlighted):
            highlighted.append(message.card.title if message.card else "")
        return real_post(self, message)

    monkeypatch.setattr(CardList, "post_message", counting_post)
    # The lines the lists were asked to repaint: screen_text draws every widget afresh, so
    # only this shows whether a card on screen would reach the terminal.
    repainted: list[int] = []
    real_refresh_lines = CardList.refresh_lines

    def counting_refresh_lines(self, y_start: int, line_count: int = 1) -> None:
        repainted.append(y_start)
        real_refresh_lines(self, y_start, line_count)

    monkeypatch.setattr(CardList, "refresh_lines", counting_refresh_lines)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.pause(POLL_SECONDS * 1.5)  # the watcher has taken its starting point
        whole_loads.clear()
        highlighted.clear()
        repainted.clear()
        screen = app.screen
        intro = next(c for c in screen.data.columns if c.name == "Introduction")
        count, total = intro.count, intro.total_cents
        text = screen_text(app)
        assert f"{count} deals" in text and "Far below" not in text
        assert "Σ €13.8k" in text and "€156.3k pipeline" in text
        patches = screen.live.patches

        cli(db_file, "deal", "edit", str(last), "--title", "Far edited", "--value", "91000")
        await wait_for(pilot, app, lambda: screen.live.patches > patches, WAIT)
        await settle(pilot, app)
        assert intro.total_cents == total + 9_000_000
        text = screen_text(app)
        assert "Far edited" not in text  # still below the visible cards
        assert "Σ €103.8k" in text and "Σ €13.8k" not in text  # the header's total follows
        assert "€246.3k pipeline" in text  # and the summary line
        assert f"{count} deals" in text
        assert highlighted == []  # the card under the cursor did not change: no message
        assert repainted == []  # nor was any card line on screen repainted

        # A card on screen but not under the cursor is redrawn where it stands.
        patches = screen.live.patches
        cli(db_file, "deal", "edit", str(filler[0]), "--title", "Filler zero")
        await wait_for(pilot, app, lambda: screen.live.patches > patches, WAIT)
        await settle(pilot, app)
        assert "Filler zero" in screen_text(app) and "Filler 0" not in screen_text(app)
        assert repainted == [CARD_HEIGHT]  # its lines, the second card's, reach the terminal
        assert highlighted == [] and whole_loads == []

        await pilot.press("end")  # scroll down to the last card of the column
        await settle(pilot, app)
        assert focused_card(app).title == "Far edited"
        assert "Far edited" in screen_text(app) and "€91,000" in screen_text(app)
        assert query(db_file, "SELECT title FROM deal WHERE id = ?", last) == [("Far edited",)]
