"""Live refresh by changes on both databases: a change committed elsewhere is patched in."""

from __future__ import annotations

import asyncio
import threading

from models.operations import deals
from models.storage.schema import database_proxy
from tests.tui.conftest import FIXED_NOW, settle
from tui.app import DealboardApp
from tui.widgets.board_view import BoardView


def titles(app: DealboardApp) -> list[str]:
    return [
        card.title
        for card_list in app.screen.query_one(BoardView).lists
        for card in card_list.cards
    ]


def elsewhere(fn, *args, **kwargs) -> None:
    """Run an operation on a thread of its own: its own connection, as another user."""

    def work() -> None:
        with database_proxy.connection_context():
            fn(*args, **kwargs)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


async def test_a_change_from_another_connection_is_patched_in(db, make_deal):
    deal = make_deal("Alpha", phase="Introduction")
    app = DealboardApp(user="tester", clock=lambda: FIXED_NOW, live_refresh=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.5)  # the watcher has taken its starting point
        screen = app.screen
        patches = screen.live.patches
        elsewhere(deals.edit_deal, deal.id, {"title": "Bravo"}, actor="bram")
        for _ in range(100):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if "Bravo" in titles(app):
                break
        assert "Bravo" in titles(app) and "Alpha" not in titles(app)
        assert screen.live.patches > patches  # patched, not reloaded
