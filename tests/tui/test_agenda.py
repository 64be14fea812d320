"""The Agenda screen: `g` on the board or the palette, next steps grouped, enter opens the deal."""

from __future__ import annotations

from models.operations import deals, people
from tests.tui.board_steps import wait_for
from tests.tui.conftest import query, screen_text, settle, type_text
from tests.tui.detail_steps import deal_id, give_steps
from tui.poll import POLL_SECONDS
from tui.screens.agenda import AgendaScreen
from tui.screens.board import BoardScreen
from tui.screens.detail import DealScreen
from tui.screens.help import HelpScreen
from tui.widgets.agenda_table import AgendaTable


def rows(app) -> list[tuple[str, ...]]:
    """The table's rows as text: group, date, next step, deal, organization, owner."""
    table = app.screen.query_one(AgendaTable)
    return [tuple(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count)]


async def open_agenda(pilot, app) -> AgendaScreen:
    await settle(pilot, app)
    await pilot.press("g")
    await settle(pilot, app)
    assert isinstance(app.screen, AgendaScreen)
    return app.screen


async def test_g_lists_next_steps_overdue_first_and_enter_opens_the_deal(make_app, db_file):
    ids = give_steps(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(pilot, app)
        assert [(row[0], row[1], row[3].split(" ")[0]) for row in rows(app)] == [
            ("Overdue", "20 Nov", f"#{ids['Website redesign']}"),
            ("Today", "today", f"#{ids['Cloud migration']}"),
            ("This week", "29 Nov", f"#{ids['ERP implementation']}"),
            ("Later", "14 Dec", f"#{ids['Training days']}"),
            ("No date", "", f"#{ids['Support contract']}"),
        ]
        text = screen_text(app)
        assert "Agenda · every owner · 1 overdue · 1 today · 1 this week · 1 later" in text
        lines = text.splitlines()
        overdue = next(line for line in lines if line.lstrip().startswith("Overdue"))
        assert "Call Anna about" in overdue and "Gemeente" in overdue and "Anna" in overdue
        # The selected step in full under the table.
        assert "Call Anna about the offer · 2026-11-20" in text
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        assert app.screen.deal_id == ids["Cloud migration"]
        assert app.screen.query_one("#input-next_step").value == "Book the workshop"
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, AgendaScreen)
        assert app.screen.current["id"] == ids["Cloud migration"]  # the cursor stayed
        await pilot.press("q")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)


async def test_a_step_done_in_the_detail_leaves_the_agenda(make_app, db_file):
    ids = give_steps(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(pilot, app)
        await pilot.press("enter")  # the overdue one
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DealScreen)
        screen.query_one("#input-next_step").focus()
        await pilot.press("ctrl+u", "tab", "ctrl+u", "ctrl+s")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, AgendaScreen)
        assert rows(app)[0][3].split(" ")[0] == f"#{ids['Cloud migration']}"
        assert rows(app)[0][0] == "Today"
        assert query(
            db_file, "SELECT next_step FROM deal WHERE id = ?", ids["Website redesign"]
        ) == [(None,)]


async def test_u_shows_only_my_deals_by_login_or_display_name(make_app, db_file):
    ids = give_steps(db_file)
    people.add_person("anna", "Anna")
    app = make_app(user="anna")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(pilot, app)
        assert len(rows(app)) == 5
        await pilot.press("u")
        await settle(pilot, app)
        assert [row[3].split(" ")[0] for row in rows(app)] == [
            f"#{ids[title]}" for title in ("Website redesign", "Training days", "Support contract")
        ]
        assert "Agenda · my deals" in screen_text(app)
        await pilot.press("u")
        await settle(pilot, app)
        assert len(rows(app)) == 5


async def test_an_empty_agenda_says_how_to_give_a_next_step(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(pilot, app)
        text = screen_text(app)
        assert "No open deal has a next step." in text
        await pilot.press("enter", "escape")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)


async def test_another_users_change_shows_by_itself(make_app, db_file):
    ids = give_steps(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_agenda(pilot, app)
        await pilot.pause(POLL_SECONDS * 1.5)  # the watcher has taken its starting point
        deals.edit_deal(
            ids["Training days"], {"next_step_date": "2026-11-02"}, actor="bram"
        )  # now overdue, the oldest
        await wait_for(
            pilot, app, lambda: rows(app)[0][3].startswith(f"#{ids['Training days']}"), 5
        )
        assert rows(app)[0][:2] == ("Overdue", "02 Nov")


async def test_the_palette_opens_it_and_help_lists_its_keys(make_app, db_file):
    give_steps(db_file)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await settle(pilot, app)
        await type_text(pilot, "Agenda")
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, AgendaScreen)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Keys — Agenda" in text
        assert "Open the deal of the selected next step" in text
        assert "Only your deals" in text
        assert "escape / q" in text


async def test_text_that_looks_like_markup_is_shown_as_typed(make_app, db_file):
    website = deal_id(db_file, "Website redesign")
    step = "[b]Call[/b] [red]Anna"
    deals.edit_deal(website, {"next_step": step, "next_step_date": "2026-11-30"}, actor="t")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_agenda(pilot, app)
        assert rows(app)[0][2] == step
        text = screen_text(app)
        assert f"{step} · 2026-11-30" in text  # the selected step in full, literally
