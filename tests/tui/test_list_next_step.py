"""Pilot tests of the list view's Next column: the next step's date, overdue marked, sortable."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.operations import deals
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle
from tui.widgets.deal_table import COLUMNS, DealTable

NEXT = list(COLUMNS).index("next")


@pytest.fixture
def steps(db_file: Path) -> Path:
    """Next steps: one overdue, one ahead, one without a date; the other open deals have none."""
    titles = ("Website redesign", "ERP implementation", "Support contract")
    plans = (("Call Jan", "2026-11-20"), ("Send offer", "2026-12-04"), ("Ask for budget", None))
    for title, (step, day) in zip(titles, plans, strict=True):
        ((deal_id,),) = query(db_file, "SELECT id FROM deal WHERE title = ?", title)
        deals.edit_deal(deal_id, {"next_step": step, "next_step_date": day}, actor="tester")
    return db_file


def header(app) -> str:
    return next(line for line in screen_text(app).splitlines() if " Title" in line)


def next_cells(table: DealTable) -> dict[str, str]:
    return {
        table.get_row_at(row)[1].plain: table.get_row_at(row)[NEXT].plain
        for row in range(table.row_count)
    }


async def open_list(pilot, app, size: tuple[int, int]) -> DealTable:
    await settle(pilot, app)
    await pilot.press("t")
    await settle(pilot, app)
    return app.screen.query_one(DealTable)


async def test_next_column_at_120_columns_marks_and_sorts(make_app, steps):
    app = make_app()
    assert FIXED_NOW.date().isoformat() == "2026-11-27"
    async with app.run_test(size=(120, 30)) as pilot:
        table = await open_list(pilot, app, (120, 30))
        assert " Next " in header(app) + " "
        cells = next_cells(table)
        assert cells["Website redesign"] == "!2026-11-20"  # overdue, marked as on the card
        assert cells["ERP implementation"] == "2026-12-04"
        assert cells["Support contract"] == "→"
        assert "→?" in cells.values()  # an open deal without any next step
        shown = screen_text(app)
        assert "!2026-11-20" in shown and "2026-12-04" in shown
        assert table.virtual_size.width <= table.scrollable_content_region.width
        while table.sort_column != "next":
            await pilot.press("s")
        assert "Next ▲" in header(app)
        order = [table.get_row_at(row)[1].plain for row in range(table.row_count)]
        assert order[:3] == ["Website redesign", "ERP implementation", "Support contract"]
        stored = query(
            steps,
            "SELECT title FROM deal WHERE status = 'open' AND next_step_date IS NOT NULL"
            " ORDER BY next_step_date",
        )
        assert [title for (title,) in stored] == order[:2]


async def test_next_column_gives_way_first_at_80_columns(make_app, steps):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, app, (80, 24))
        line = header(app)
        assert "Next" not in line
        for name in ("#", "Title", "Value", "Status", "Close", "Owner"):
            assert name in line, (name, line)
        assert "!2026-11-20" not in screen_text(app)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        while table.sort_column != "next":  # sorted by it: it shows, with its mark
            await pilot.press("s")
        assert "Next ▲" in header(app)
        assert "!2026-11-20" in screen_text(app)
        await pilot.press("s")  # back to the phase order: it gives way again
        assert "Next" not in header(app)
