"""Pilot tests: a Dutch session shows the history's amounts and dates as Dutch writes them.

History stores ``12500.00`` and ``2026-12-15``; the detail's history list and a history
line in full show ``€ 12.500,00`` and ``15-12-2026`` in Dutch, as the fields above do, and
the stored form in English, as always.
"""

from __future__ import annotations

from textual.widgets import DataTable

from models.operations import deals
from tests.tui.conftest import screen_text, settle
from tests.tui.detail_steps import as_colleague, deal_id, open_detail
from tests.tui.dutch_detail import dutch_app, english_in, lines
from tui.modals.history_entry import HistoryEntryModal

CHANGE = {"value": "99999", "expected_close": "2027-01-31"}


async def test_the_history_shows_dutch_amounts_and_dates(db_file):
    target = deal_id(db_file, "Website redesign")
    as_colleague(lambda: deals.edit_deal(target, CHANGE, actor="bram"))
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        text = screen_text(app)
        assert " Verwachte sluiting  31-01-2027" in text  # the field, as the history says
        assert "verwachte sluiting: 15-12-2026 → 31-01-2027" in text
        assert "2026-12-15" not in text
        table = screen.query_one("#history", DataTable)
        # The value's line, below the fold at 80×24.
        assert str(table.get_row_at(1)[2]) == "waarde: € 12.500,00 → € 99.999,00"
        table.focus()
        table.move_cursor(row=0)  # newest first: the expected close, saved after the value
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, HistoryEntryModal)
        shown = lines(screen_text(app))
        assert "Verwachte sluiting" in shown
        assert shown[shown.index("Oude waarde") + 1] == "15-12-2026"
        assert shown[shown.index("Nieuwe waarde") + 1] == "31-01-2027"
        assert english_in(screen_text(app)) == []
        await pilot.press("escape")
        await settle(pilot, app)
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot, app)
        shown = lines(screen_text(app))
        assert shown[shown.index("Oude waarde") + 1] == "€ 12.500,00"
        assert shown[shown.index("Nieuwe waarde") + 1] == "€ 99.999,00"


async def test_an_english_history_shows_values_as_stored(make_app, db_file):
    target = deal_id(db_file, "Website redesign")
    as_colleague(lambda: deals.edit_deal(target, CHANGE, actor="bram"))
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        text = screen_text(app)
        assert "expected close: 2026-12-15 → 2027-01-31" in text
        table = screen.query_one("#history", DataTable)
        assert str(table.get_row_at(1)[2]) == "value: 12500.00 → 99999.00"
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot, app)
        shown = lines(screen_text(app))
        assert shown[shown.index("Before") + 1] == "2026-12-15"
        assert shown[shown.index("After") + 1] == "2027-01-31"
