"""The board view shown twice at once (the full load arriving while the first cards are
still being laid out, a reload on resume) ends with one set of columns, the last one asked."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import settle
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CardList


async def test_two_overlapping_shows_do_not_rebuild_the_columns_at_once(make_app):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        board = app.screen.query_one(BoardView)
        data = app.screen.data
        fewer = data.columns[:-1]
        # Before, the second call ran while the first awaited its rebuild: duplicate ids, or
        # columns zipped against lists that were being replaced.
        await asyncio.gather(
            board.show(data, fewer, keep_deal=None, keep_phase=None),
            board.show(data, data.columns, keep_deal=None, keep_phase=None),
            board.show(data, fewer, keep_deal=None, keep_phase=None),
        )
        await pilot.pause()
        assert [card_list.phase_id for card_list in board.query(CardList)] == [
            column.phase_id for column in fewer
        ]
