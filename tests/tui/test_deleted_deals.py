"""The Deleted deals screen: `D` on the board or the palette, who deleted what and when, restore."""

from __future__ import annotations

from models.operations import deals
from tests.tui.board_steps import go_to, wait_for
from tests.tui.conftest import FIXED_NOW, at, query, screen_text, settle, type_text
from tests.tui.detail_steps import deal_id
from tui.modals.confirm import ConfirmModal
from tui.poll import POLL_SECONDS
from tui.screens.board import BoardScreen
from tui.screens.deleted import DeletedScreen
from tui.screens.help import HelpScreen
from tui.widgets.deleted_table import DeletedTable


def delete_two(db_file) -> tuple[int, int]:
    """Anna deleted Support contract yesterday, Bram deleted Cloud migration today."""
    support = deal_id(db_file, "Support contract")
    cloud = deal_id(db_file, "Cloud migration")
    deals.delete_deal(support, actor="anna", at=at(1))
    deals.delete_deal(cloud, actor="bram", at=at(0.5))
    return support, cloud


def listed(app) -> list[str]:
    """The numbers in the table's first column, top to bottom."""
    table = app.screen.query_one(DeletedTable)
    return [str(table.get_row_at(row)[0]) for row in range(table.row_count)]


async def open_deleted(pilot, app) -> None:
    await settle(pilot, app)
    await pilot.press("D")
    await settle(pilot, app)
    assert isinstance(app.screen, DeletedScreen)


async def test_d_lists_deleted_deals_newest_first_and_r_restores_one(make_app, db_file):
    support, cloud = delete_two(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Support contract" not in screen_text(app)
        await open_deleted(pilot, app)
        text = screen_text(app)
        assert "Deleted deals · 2" in text
        assert listed(app) == [str(cloud), str(support)]  # the latest deletion first
        lines = text.splitlines()
        cloud_line = next(line for line in lines if line.lstrip().startswith(str(cloud)))
        assert "€42,000.00" in cloud_line and "bram" in cloud_line
        assert "2026-11-26 21:00" in cloud_line  # local time (UTC in tests), to the minute
        support_line = next(line for line in lines if line.lstrip().startswith(str(support)))
        assert "anna" in support_line and "2026-11-26 09:00" in support_line
        # The selected deal in full under the table.
        assert f"#{cloud} Cloud migration · open · phase Presentation" in text

        await pilot.press("down", "r")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmModal)
        assert f"Restore #{support} Support contract" in screen_text(app)
        await pilot.press("y")
        await settle(pilot, app)
        assert isinstance(app.screen, DeletedScreen)
        assert listed(app) == [str(cloud)]
        assert f"Deal #{support} restored" in screen_text(app)
        assert query(db_file, "SELECT deleted_at FROM deal WHERE id = ?", support) == [(None,)]
        assert query(
            db_file,
            "SELECT kind, actor, old_value, at FROM deal_event WHERE deal_id = ?"
            " ORDER BY id DESC LIMIT 1",
            support,
        ) == [("restored", "tester", "2026-11-26 09:00:00", str(FIXED_NOW))]

        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)
        assert "Support cont" in screen_text(app)  # on the board again
        assert "Cloud migrat" not in screen_text(app)


async def test_enter_asks_too_and_no_keeps_the_deal_deleted(make_app, db_file):
    support, cloud = delete_two(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_deleted(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, DeletedScreen)
        assert query(db_file, "SELECT COUNT(*) FROM deal WHERE deleted_at IS NOT NULL") == [(2,)]
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("enter")  # the confirmation's enter: yes
        await settle(pilot, app)
        assert query(db_file, "SELECT deleted_at FROM deal WHERE id = ?", cloud) == [(None,)]
        assert listed(app) == [str(support)]
        await pilot.press("q")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)


async def test_the_palette_opens_it_and_help_lists_its_keys(make_app, db_file):
    delete_two(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await type_text(pilot, "Deleted deals")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DeletedScreen)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Keys — Deleted deals" in text
        assert "Restore the selected deal" in text
        assert "escape / q" in text


async def test_an_empty_list_says_so_and_restore_is_refused(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_deleted(pilot, app)
        assert "No deleted deals." in screen_text(app)
        await pilot.press("r")
        await settle(pilot, app)
        assert "No deleted deal selected." in screen_text(app)
        assert not isinstance(app.screen, ConfirmModal)


async def test_read_only_shows_the_list_and_refuses_to_restore(make_app, db_file):
    _support, _cloud = delete_two(db_file)
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_deleted(pilot, app)
        assert len(listed(app)) == 2
        await pilot.press("r")
        await settle(pilot, app)
        assert not isinstance(app.screen, ConfirmModal)
        assert "read-only" in screen_text(app)
    assert query(db_file, "SELECT COUNT(*) FROM deal WHERE deleted_at IS NOT NULL") == [(2,)]


async def test_a_deal_restored_meanwhile_is_refused_and_the_list_refreshes(make_app, db_file):
    _support, cloud = delete_two(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_deleted(pilot, app)
        await pilot.pause(POLL_SECONDS * 1.5)  # the watcher has taken its starting point
        # Someone else deletes another deal: it shows up by itself, the cursor stays put.
        deals.delete_deal(deal_id(db_file, "Training days"), actor="chris", at=at(0.1))
        await wait_for(pilot, app, lambda: len(listed(app)) == 3, timeout=POLL_SECONDS * 2 + 1)
        assert app.screen.current["id"] == cloud
        await pilot.press("r")
        await settle(pilot, app)
        deals.restore_deal(cloud, actor="bram")  # while the question is open
        await pilot.press("y")
        await settle(pilot, app)
        assert f"Deal #{cloud} is not deleted." in screen_text(app)
        assert str(cloud) not in listed(app)
    assert query(
        db_file, "SELECT COUNT(*) FROM deal_event WHERE deal_id = ? AND actor = 'tester'", cloud
    ) == [(0,)]


async def test_deleted_in_the_detail_screen_and_restored_from_the_list(make_app, db_file):
    training = deal_id(db_file, "Training days")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Training days")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmModal)
        assert "restored from Deleted deals (D on the board)" in app.screen.message
        await pilot.press("y")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("D")
        await settle(pilot, app)
        assert listed(app) == [str(training)]
        assert "tester" in screen_text(app)
        await pilot.press("r", "y")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert "Training days" in screen_text(app)
    assert query(
        db_file, "SELECT kind FROM deal_event WHERE deal_id = ? ORDER BY id DESC LIMIT 2", training
    ) == [("restored",), ("deleted",)]
