"""The board and the list view at 80x24: every corpus value as typed, even invalid UTF-8."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets.data_table import ColumnKey

from models.storage.database import open_database
from tests.hostile.corpus import BY_ID
from tests.hostile.display_helpers import (
    ACTIVE_PHASES,
    HEIGHT,
    WIDTH,
    Hostiles,
    N,
    Screens,
    literal,
    page_through,
)
from tests.hostile.display_helpers import db_file as db_file  # the database make_app opens
from tests.hostile.display_helpers import hostile_file as hostile_file  # a copy per module
from tests.tui.conftest import FIXED_NOW, settle
from tests.tui.conftest import make_app as make_app  # the app on ``db_file`` above
from tests.tui.conftest import utc_timezone as utc_timezone  # autouse: times shown in UTC
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CARD_HEIGHT
from tui.widgets.deal_table import GAP, DealTable

TEXT_COLUMNS = ("title", "organization", "phase", "owner")

# -- the board and the list view ----------------------------------------------------------


async def test_board_and_list_show_every_value_as_typed(
    make_app: Callable[..., Any], hostile_file: Hostiles
) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        screens = Screens(app)
        board = app.screen.query_one(BoardView)
        assert len(board.lists) == 5 + len(ACTIVE_PHASES)
        for column, card_list in enumerate(board.lists):
            pages = -(-len(card_list.cards) * CARD_HEIGHT // card_list.size.height) + 1
            for page in range(pages):
                screens.look(f"board column {column} page {page}")
                await pilot.press("pagedown")
            await pilot.press("right")
            # The board scrolls to the new column after the next refresh: an empty column is
            # looked at once, so wait for that picture.
            await settle(pilot, app)
        # Columns are 14 cells wide, cards 11: short values are seen whole.
        assert not screens.missing([BY_ID[name].value for name in ACTIVE_PHASES], 11)
        gone = screens.missing(
            literal(hostile_file.shown("title", "organization", "owner"), 10), 10
        )
        assert not gone, "not shown as typed on the board:\n" + "\n".join(gone)

        screens.seen.clear()
        await pilot.press("t")
        await settle(pilot, app)
        table = app.screen.query_one(DealTable)
        assert table.row_count == N
        await pilot.press("home")
        await page_through(pilot, screens, table, N, "list view")
        # At 80 columns every column is on screen: the text columns share what the numbers
        # leave, so each shows as many cells as its width (the last one an ellipsis when cut).
        cells = {key: table.columns[ColumnKey(key)].width - GAP for key in TEXT_COLUMNS}
        assert all(width >= 6 for width in cells.values()), cells
        assert table.virtual_size.width <= table.scrollable_content_region.width
        gone = screens.missing(literal(hostile_file.shown("title"), 20), cells["title"])
        assert not gone, "not shown as typed in the list:\n" + "\n".join(gone)
        for key in ("title", "organization", "owner"):
            gone = screens.missing(hostile_file.shown(key), cells[key])
            assert not gone, f"{key} not shown in the list:\n" + "\n".join(gone)
        screens.verdict()


# -- another client's bytes ---------------------------------------------------------------

# SQLite does not check that text is UTF-8: another client can store any bytes.


async def test_a_row_in_invalid_utf8_does_not_empty_the_board(tmp_path: Path) -> None:
    from tui.app import DealboardApp

    path = tmp_path / "bytes.sqlite"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        for title in ("CAST(x'41eda08042' AS TEXT)", "'Fine deal'"):
            connection.execute(
                "INSERT INTO deal (title, value_cents, phase_id, status, created_at, updated_at,"
                f" version) VALUES ({title}, 0, 1, 'open', ?, ?, 1)",
                (str(FIXED_NOW), str(FIXED_NOW)),
            )
    open_database(path)
    app = DealboardApp(user="tester", clock=lambda: FIXED_NOW)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        screens = Screens(app)
        text = screens.look("board with a bad row")
        assert "Fine deal" in text
        assert "A\ufffd\ufffd\ufffdB" in text  # the bad bytes, shown as replacement characters
        screens.verdict()
