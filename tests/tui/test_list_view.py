"""Pilot tests of the board's list view: widths follow the terminal, the sort is marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from models.operations import deals
from tests.tui.conftest import at, query, screen_text, settle
from tui.widgets.deal_table import COLUMNS, DealTable
from tui.widgets.table_widths import ColumnFit, fit_widths, header_label

LONG_TITLE = "Managed workplace services for all twelve regional offices"
LONG_ORGANIZATION = "Hoogheemraadschap van Schieland en de Krimpenerwaard"


@pytest.fixture
def long_names(db_file: Path) -> Path:
    """One more open deal whose title and organization cannot fit at 80 columns."""
    deals.create_deal(
        LONG_TITLE,
        actor="tester",
        organization=LONG_ORGANIZATION,
        owner="Dewi",
        value="1234567.89",
        phase="Proposal",
        expected_close="2026-12-20",
        at=at(4),
    )
    return db_file


def header(app) -> str:
    """The list's header line as shown."""
    return next(line for line in screen_text(app).splitlines() if " Title" in line)


def visible_rows(app, table: DealTable) -> list[str]:
    """The shown lines of the rows currently in view."""
    lines = screen_text(app).splitlines()
    start = lines.index(header(app)) + 1
    return lines[start : start + min(table.row_count, table.scrollable_content_region.height - 1)]


def titles(table: DealTable) -> list[str]:
    return [table.get_row_at(row)[1].plain for row in range(table.row_count)]


async def open_list(pilot, app) -> DealTable:
    await settle(pilot, app)
    await pilot.press("t")
    await settle(pilot, app)
    table = app.screen.query_one(DealTable)
    assert app.focused is table
    return table


async def test_every_column_is_on_screen_at_80_columns(make_app, long_names):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, app)
        assert table.row_count == 6
        line = header(app)
        for name in ("#", "Title", "Phase ▲", "Value", "Prob.", "Status", "Close", "Owner"):
            assert name in line, (name, line)
        assert "Organi" in line
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no sideways
        shown = "\n".join(visible_rows(app, table))
        # Numbers, dates and statuses whole; the long title and organization cut with "…".
        for row in range(table.row_count):
            cells = [cell.plain for cell in table.get_row_at(row)]
            for key in ("id", "value", "probability", "status", "close"):
                assert cells[list(COLUMNS).index(key)] in shown, (key, cells)
        assert LONG_TITLE not in shown and LONG_TITLE[:8] in shown and "…" in shown
        assert LONG_ORGANIZATION[:5] in shown
        for owner in ("Anna", "Bram", "Chris", "Dewi"):
            assert owner in shown
        # The biggest value of the database is on screen whole.
        ((biggest,),) = query(long_names, "SELECT MAX(value_cents) FROM deal WHERE status='open'")
        assert biggest == 123456789
        assert "1,234,56" in shown


async def test_widths_follow_a_resize(make_app, long_names):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, app)
        narrow = table.columns[list(table.columns)[1]].width
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        wide = table.columns[list(table.columns)[1]].width
        assert wide > narrow
        assert table.virtual_size.width <= table.scrollable_content_region.width
        shown = "\n".join(visible_rows(app, table))
        assert LONG_TITLE[: wide - 3] in shown
        assert "Organization" in header(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert table.columns[list(table.columns)[1]].width == narrow


async def test_s_and_shift_s_mark_the_sorted_column_at_once(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, app)
        assert "Phase ▲" in header(app)
        await pilot.press("s")
        assert "Title ▲" in header(app) and "Phase ▲" not in header(app)
        assert titles(table) == sorted(titles(table), key=str.casefold)
        await pilot.press("S")
        assert "Title ▼" in header(app)
        assert titles(table) == sorted(titles(table), key=str.casefold, reverse=True)
        assert not app._notifications  # the header says it; no toast covers the rows
        # On to the deal number: s steps through every column but the phase once more.
        for name in ("Organization", "Value", "Prob.", "Status", "Close", "Owner", "#"):
            await pilot.press("s")
            assert f"{name} ▲" in header(app) or f"{name[:5]}" in header(app)
            assert table.sort_column == next(k for k, v in COLUMNS.items() if v == name)
        ids = [int(table.get_row_at(row)[0].plain) for row in range(table.row_count)]
        stored = [row[0] for row in query(db_file, "SELECT id FROM deal WHERE status='open'")]
        assert ids == sorted(stored)
        await pilot.press("S")
        assert "# ▼" in header(app)
        await pilot.press("home", "enter")  # the cursor stays on its deal; the highest on top
        await settle(pilot, app)
        assert f"#{max(stored)}" in screen_text(app)


async def test_status_sort_puts_open_won_lost_in_order(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, app)
        for _ in range(3):  # open → won → lost → all
            await pilot.press("f")
            await settle(pilot, app)
        assert table.row_count == 7
        while table.sort_column != "status":
            await pilot.press("s")
        assert "Status ▲" in header(app)
        statuses = [table.get_row_at(row)[6].plain for row in range(table.row_count)]
        assert statuses == ["open"] * 5 + ["won", "lost"]
        stored = dict(query(db_file, "SELECT status, COUNT(*) FROM deal GROUP BY status"))
        assert stored == {"open": 5, "accepted": 1, "rejected": 1}


async def test_home_and_end_go_to_the_first_and_last_row(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_list(pilot, app)
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        last = table.get_row_at(table.row_count - 1)[1].plain
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("end", "enter")
        await settle(pilot, app)
        assert app.screen.__class__.__name__ == "DealScreen"
        assert last in screen_text(app)
        ((phase,),) = query(
            db_file,
            "SELECT phase.name FROM deal JOIN phase ON phase.id = deal.phase_id"
            " WHERE deal.title = ?",
            last,
        )
        assert phase == "Order"  # phase order: the last row is in the last phase


# -- the width rule alone -------------------------------------------------------------------


def test_numbers_keep_their_width_and_text_shares_the_rest() -> None:
    columns = [
        ColumnFit("id", 3),
        ColumnFit("title", 40, 8, 3.0, grow=True),
        ColumnFit("organization", 30, 6, 2.0),
        ColumnFit("value", 12),
    ]
    widths = fit_widths(columns, 50)
    assert widths["id"] == 3 and widths["value"] == 12
    assert sum(widths.values()) == 50
    assert widths["title"] > widths["organization"] >= 6
    roomy = fit_widths(columns, 120)
    assert roomy["organization"] == 30 and sum(roomy.values()) == 120  # the title grows
    tiny = fit_widths(columns, 20)
    assert tiny == {"id": 3, "title": 8, "organization": 6, "value": 12}  # then it scrolls


def test_a_cut_header_keeps_its_sort_mark() -> None:
    assert header_label("Organization", " ▲", 9) == "Organi… ▲"
    assert header_label("Phase", " ▼", 7) == "Phase ▼"
    assert cell_len(header_label("Organization", " ▲", 6)) == 6
