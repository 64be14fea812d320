"""Moving a card repaints only the two columns concerned, and leaves what a full reload shows.

The board works out a move from what it showed before (``board_moves.shift_card``) instead
of filtering, sorting and repainting every column again. These pilot tests press the real
keys, then compare the screen and the board's data with a fresh app on the same database,
with a search, a card order and the owner filter active; and count which columns got new
cards. The move is written at the app's clock.
"""

from __future__ import annotations

import pytest

from tests.tui.board_steps import go_to
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle, type_text
from tui.screens.board import BoardScreen
from tui.widgets.board_view import BoardView, ColumnHeader
from tui.widgets.card_list import CardList

# Setups: the keys that arrange the board, the user, and the card moved right.
SETUPS = {
    "plain": ((), "tester", "Website redesign"),
    # Soonest expected close first: the moved card goes before ERP implementation; by value
    # (highest first) after it.
    "sorted": (("s",), "tester", "Website redesign"),
    "sorted by value": (("s", "s"), "tester", "Website redesign"),
    "search": (("slash", "e", "enter"), "tester", "Website redesign"),
    "search and sort": (("slash", "e", "enter", "s"), "tester", "Website redesign"),
    # Only Anna's deals: Cloud migration (Chris) stays hidden in the column the card enters.
    "owner": (("u",), "Anna", "Support contract"),
    "owner and sort": (("u", "s", "s", "s"), "Anna", "Support contract"),
}


async def arrange(pilot, app, keys: tuple[str, ...]) -> None:
    for key in keys:
        focused = app.screen.focused
        if len(key) == 1 and focused is not None and focused.id == "search":
            await type_text(pilot, key)
            continue
        await pilot.press(key)
        await settle(pilot, app)


def board_state(app) -> dict[str, object]:
    """What the board shows and holds: lists, headers, summary, the data's columns, the cursor."""
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    board = screen.query_one(BoardView)
    data = screen.data
    return {
        "lists": [(lst.phase_id, list(lst.cards)) for lst in board.lists],
        "headers": [
            (column.phase_id, column.count, column.total_cents, column.weighted_total_cents)
            for column, _money, _status in (header.shown for header in screen.query(ColumnHeader))
        ],
        "columns": [
            (c.phase_id, list(c.cards), c.count, c.total_cents, c.weighted_total_cents)
            for c in data.columns
        ],
        "summary": data.summary,
        "matches": screen.matches,
        "current": board.current_card,
        "phase": board.current_phase_id,
    }


@pytest.mark.parametrize("setup", list(SETUPS))
async def test_a_move_leaves_the_board_as_a_full_reload_shows_it(make_app, setup):
    keys, user, title = SETUPS[setup]
    app = make_app(user=user, live_refresh=None)  # what the move itself shows, kept
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await arrange(pilot, app, keys)
        await go_to(pilot, app, title)
        await pilot.press("shift+right")
        await settle(pilot, app)
        moved = board_state(app)
        moved_text = screen_text(app)
    assert moved["current"].title == title

    fresh = make_app(user=user, live_refresh=None)
    async with fresh.run_test(size=(80, 24)) as pilot:
        await settle(pilot, fresh)
        await arrange(pilot, fresh, keys)
        await go_to(pilot, fresh, title)
        assert board_state(fresh) == moved
        assert screen_text(fresh) == moved_text


@pytest.mark.parametrize("setup", ["plain", "search and sort", "owner and sort"])
async def test_a_move_gives_new_cards_to_its_two_columns_only(make_app, monkeypatch, setup):
    keys, user, title = SETUPS[setup]
    filled: list[int] = []
    headed: list[int] = []
    set_cards, show_header = CardList.set_cards, ColumnHeader.show

    def counted_set_cards(self, *args, **kwargs):
        filled.append(self.phase_id)
        return set_cards(self, *args, **kwargs)

    def counted_show(self, column, *args, **kwargs):
        headed.append(column.phase_id)
        return show_header(self, column, *args, **kwargs)

    monkeypatch.setattr(CardList, "set_cards", counted_set_cards)
    monkeypatch.setattr(ColumnHeader, "show", counted_show)
    app = make_app(user=user, live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await arrange(pilot, app, keys)
        await go_to(pilot, app, title)
        source = app.screen.query_one(BoardView).current_phase_id
        filled.clear()
        headed.clear()
        await pilot.press("shift+right")
        await settle(pilot, app)  # the saved card shown too
        target = app.screen.query_one(BoardView).current_phase_id
        assert target != source
        # Once each: the card the save returned is the one shown, nothing to repaint then.
        assert sorted(filled) == sorted([source, target]), filled
        assert sorted(headed) == sorted([source, target]), headed


async def test_a_move_is_written_at_the_apps_clock(make_app, db_file):
    app = make_app(live_refresh=None)  # clock=lambda: FIXED_NOW
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")
        await pilot.press("shift+right")
        await settle(pilot, app)
        assert app.screen.query_one(BoardView).current_card.title == "Website redesign"
    rows = query(
        db_file,
        "SELECT e.at, p.name FROM deal_event e JOIN deal d ON d.id = e.deal_id"
        " JOIN phase p ON p.id = e.phase_id"
        " WHERE d.title = 'Website redesign' AND e.kind = 'phase'",
    )
    assert rows == [(str(FIXED_NOW), "Negotiation")]
