"""A new deal's owner is the user's display name; free-text inputs suggest values in use.

At 80×24, pressing the real keys; the screen and the database are both checked.
"""

from __future__ import annotations

from textual.widgets import Input

from models.operations import deals, people
from tests.tui.conftest import at, query, screen_text, settle, type_text
from tests.tui.detail_steps import open_detail
from tui.modals.form import FormModal
from tui.widgets.board_view import BoardView


async def open_new_deal_form(pilot, app) -> FormModal:
    await settle(pilot, app)
    await pilot.press("n")
    await settle(pilot, app)
    assert isinstance(app.screen, FormModal)
    return app.screen


async def test_a_new_deal_is_owned_by_the_users_display_name(make_app, db_file):
    people.add_person("tester", "Tess de Tester")
    app = make_app(user="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_deal_form(pilot, app)
        assert form.query_one("#field-owner", Input).value == "Tess de Tester"
        assert "Tess de Tester" in screen_text(app)
        await type_text(pilot, "Office move")
        await pilot.press("enter")
        await settle(pilot, app)
    assert query(db_file, "SELECT owner FROM deal WHERE title = 'Office move'") == [
        ("Tess de Tester",)
    ]
    # History records the login, as before.
    assert query(
        db_file,
        "SELECT e.actor FROM deal_event e JOIN deal d ON d.id = e.deal_id"
        " WHERE d.title = 'Office move'",
    ) == [("tester",)]


async def test_without_a_person_the_owner_is_the_login(make_app, db_file):
    app = make_app(user="root")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_new_deal_form(pilot, app)
        assert form.query_one("#field-owner", Input).value == "root"


async def test_the_new_deal_form_suggests_organizations_and_people_as_you_type(make_app, db_file):
    people.add_person("bram", "Bram Bakker")  # deals still say "Bram"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_deal_form(pilot, app)
        await type_text(pilot, "Office move")
        await pilot.press("tab")  # organization
        await type_text(pilot, "gem")
        await settle(pilot, app)  # the suggestions' worker has answered
        await pilot.pause()
        assert "gemeente Utrecht" in screen_text(app)  # typed "gem", suggested the rest
        await pilot.press("right")  # takes the suggestion, in its own spelling
        for _ in range(4):  # contact, value, expected close, owner
            await pilot.press("tab")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "br")
        await pilot.pause()
        assert "bram Bakker" in screen_text(app)  # the person's name before the old "Bram"
        await pilot.press("right", "enter")
        await settle(pilot, app)
    assert query(db_file, "SELECT organization, owner FROM deal WHERE title = 'Office move'") == [
        ("Gemeente Utrecht", "Bram Bakker")
    ]


async def test_the_detail_screen_suggests_values_in_use(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, app, "Website redesign")
        await settle(pilot, app)
        for _ in range(8):  # tab from the history through the form to the owner
            if app.focused is not None and app.focused.id == "input-owner":
                break
            await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "input-owner"
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "ch")
        await pilot.pause()
        assert "chris" in screen_text(app)  # typed "ch", suggested the rest
        await pilot.press("right", "ctrl+s")
        await settle(pilot, app)
    assert query(db_file, "SELECT owner FROM deal WHERE title = 'Website redesign'") == [("Chris",)]


async def test_my_deals_include_those_owned_by_the_users_display_name(make_app, db_file):
    people.add_person("anna", "Anna de Vries")
    deals.create_deal("Named deal", actor="anna", owner="Anna de Vries", at=at(1))
    app = make_app(user="anna")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("u")
        await settle(pilot, app)
        board = app.screen.query_one(BoardView)
        shown = {card.title for card_list in board.lists for card in card_list.cards}
        assert shown == {"Named deal"}  # deals owned by "Anna" are another person's
        assert "my deals (1)" in screen_text(app)
