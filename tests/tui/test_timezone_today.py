"""The app's "today" (overdue cards, the management screen) is the database's time zone's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.operations import deals, settings
from models.storage.database import open_database
from tests.tui.conftest import settle
from tui.app import DealboardApp
from tui.screens.management import ManagementScreen
from tui.widgets.card_list import CardList
from tui.widgets.deal_table import DealTable

# 00:30 on 1 February in Amsterdam; still 31 January in UTC.
NOW = dt.datetime(2026, 1, 31, 23, 30)


@pytest.fixture(params=["Europe/Amsterdam", "UTC"])
def zone_db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A database with one open deal due on 31 January, in the parametrized zone."""
    monkeypatch.delenv("DEALBOARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = tmp_path / "zone.sqlite"
    open_database(path)
    settings.set_setting("timezone", request.param)
    deals.create_deal("Due 31 Jan", actor="anna", value="1000", expected_close="2026-01-31", at=NOW)
    open_database(path)
    return request.param


async def test_a_deal_due_yesterday_in_amsterdam_is_overdue_after_its_midnight(zone_db):
    amsterdam = zone_db == "Europe/Amsterdam"
    app = DealboardApp(user="tester", clock=lambda: NOW, live_refresh=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        (shown,) = [lst for lst in app.screen.query(CardList) if lst.cards]
        assert shown.today == (dt.date(2026, 2, 1) if amsterdam else dt.date(2026, 1, 31))
        assert shown.cards[0].is_overdue(shown.today) is amsterdam
        await pilot.press("t")  # the list view marks overdue deals by the same day
        await settle(pilot, app)
        table = app.screen.query_one(DealTable)
        assert table.today == shown.today
        await pilot.press("t")
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        assert isinstance(app.screen, ManagementScreen)
        assert app.screen.report is not None
        assert app.screen.report["overdue"]["count"] == (1 if amsterdam else 0)
