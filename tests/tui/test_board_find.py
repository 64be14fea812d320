"""Pilot tests of finding deals: the search's cursor, enter, n / N, deal numbers, the palette."""

from __future__ import annotations

from models.operations import deals
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle, type_text
from tui.screens.detail import DealScreen
from tui.widgets.board_view import BoardView
from tui.widgets.deal_table import DealTable


def cursor_deal(app) -> int | None:
    card = app.screen.query_one(BoardView).current_card
    return card.id if card is not None else None


def deal_id(db_file, title: str) -> int:
    return query(db_file, "SELECT id FROM deal WHERE title = ?", title)[0][0]


async def search(pilot, app, text: str) -> None:
    await pilot.press("slash")
    await type_text(pilot, text)
    await settle(pilot, app)


async def test_the_single_match_opens_with_enter_enter(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert cursor_deal(app) == deal_id(db_file, "Support contract")  # first column
        await search(pilot, app, "utrecht")
        # The cursor is on the match while the search field still has the keyboard.
        assert cursor_deal(app) == deal_id(db_file, "Website redesign")
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press("enter")
        await settle(pilot, app)
        assert cursor_deal(app) == deal_id(db_file, "Website redesign")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        assert app.screen.deal_id == deal_id(db_file, "Website redesign")
        assert "No deal selected" not in screen_text(app)
        assert "Gemeente Utrecht" in screen_text(app)


async def test_n_and_shift_n_step_through_the_matches_across_columns(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "anna")  # owner Anna: Introduction, Proposal and Order
        support, website, training = (
            deal_id(db_file, title)
            for title in ("Support contract", "Website redesign", "Training days")
        )
        assert cursor_deal(app) == support
        await pilot.press("enter")
        await settle(pilot, app)
        assert "n Next match" in screen_text(app)
        assert "n New" not in screen_text(app)
        seen = []
        for key in ("n", "n", "n", "N", "N"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(cursor_deal(app))
        # Forward to the last match, round to the first, and back.
        assert seen == [website, training, support, training, website]
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen) and app.screen.deal_id == website


async def test_without_a_search_n_is_new_deal_again(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "anna")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("escape")  # clears the search
        await settle(pilot, app)
        assert "n New" in screen_text(app) and "Next match" not in screen_text(app)
        before = query(db_file, "SELECT COUNT(*) FROM deal")
        await pilot.press("n")
        await settle(pilot, app)
        assert "New deal in Introduction" in screen_text(app)
        await type_text(pilot, "Office move")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, "SELECT COUNT(*) FROM deal") == [(before[0][0] + 1,)]
        assert query(db_file, "SELECT title FROM deal ORDER BY id DESC LIMIT 1") == [
            ("Office move",)
        ]


async def test_the_list_view_goes_to_the_first_match_and_steps_with_n(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        table = app.screen.query_one(DealTable)
        await pilot.press("end")
        await search(pilot, app, "anna")
        assert table.row_count == 3
        assert table.current_id == deal_id(db_file, "Support contract")  # phase order
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.focused is table
        await pilot.press("n")
        await pilot.pause()
        assert table.current_id == deal_id(db_file, "Website redesign")
        await pilot.press("N", "N")
        await pilot.pause()
        assert table.current_id == deal_id(db_file, "Training days")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        assert app.screen.deal_id == deal_id(db_file, "Training days")


async def test_a_deal_number_is_found_with_or_without_hash(make_app, db_file):
    training = deal_id(db_file, "Training days")
    # A title containing the number, in the first column: the numbered deal still comes first.
    rollout = deals.create_deal(
        f"Rollout {training}", actor="t", phase="Introduction", at=FIXED_NOW
    ).id
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await search(pilot, app, str(training))
        assert f"matching {training} (2)" in screen_text(app)
        assert cursor_deal(app) == training
        await pilot.press("enter", "n")
        await pilot.pause()
        assert cursor_deal(app) == rollout
        await pilot.press("escape")
        await settle(pilot, app)
        await search(pilot, app, f"#{training}")
        assert f"matching #{training} (1)" in screen_text(app)
        await pilot.press("enter", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen) and app.screen.deal_id == training


async def test_the_palette_puts_the_numbered_deal_first(make_app, db_file):
    erp = deal_id(db_file, "ERP implementation")
    deals.create_deal(f"Phase {erp} rollout", actor="t", phase="Introduction", at=FIXED_NOW)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for typed in (str(erp), f"#{erp}"):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await type_text(pilot, typed)
            await pilot.pause(0.5)
            await settle(pilot, app)
            assert f"#{erp} ERP implementation" in screen_text(app)
            await pilot.press("enter")
            await settle(pilot, app)
            assert isinstance(app.screen, DealScreen) and app.screen.deal_id == erp
            await pilot.press("escape")
            await settle(pilot, app)


def test_find_deals_puts_the_numbered_deal_first_on_both_databases(db, make_deal):
    from tui.commands import find_deals

    numbered = [make_deal(f"Deal {n}").id for n in range(3)]
    target = numbered[-1]
    audit = make_deal(f"Audit {target}").id
    assert [row[0] for row in find_deals(str(target))] == [target, audit]
    assert [row[0] for row in find_deals(f"#{target}")] == [target]
    deals.delete_deal(target, actor="anna")
    assert [row[0] for row in find_deals(str(target))] == [audit]
    assert find_deals(f"#{target}") == []
