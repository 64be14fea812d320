"""Pilot tests: amounts and dates typed the Dutch way in a Dutch session, at 80×24."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.board_steps import open_form, tab_to
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle, type_text
from tests.tui.detail_steps import open_detail
from tui.app import DealboardApp

DEAL = "SELECT value_cents, expected_close, version FROM deal WHERE title = ?"


def dutch_app(notices: tuple[str, ...] = ()) -> DealboardApp:
    return DealboardApp(user="tester", clock=lambda: FIXED_NOW, lang="nl", notices=notices)


async def test_type_a_dutch_amount_and_date_in_the_detail_and_save(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "ERP implementation")
        value = screen.query_one("#input-value", Input)
        close = screen.query_one("#input-expected_close", Input)
        assert value.value == "85.000,00"  # as the heading above writes it: € 85.000,00
        assert close.value == "01-02-2027"
        assert "€ 85.000,00" in screen_text(app)
        value.focus()
        value.value = ""
        await type_text(pilot, "12.500,00")
        await pilot.press("tab")
        assert app.focused is close
        close.value = ""
        await type_text(pilot, "31-01-2027")
        assert not screen.query_one("#error-value").has_class("-shown")
        assert not screen.query_one("#error-expected_close").has_class("-shown")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, DEAL, "ERP implementation") == [(1250000, "2027-01-31", 3)]
        # Read back as saved, in the same forms: nothing changed, nothing left to save.
        assert value.value == "12.500,00" and close.value == "31-01-2027"
        assert "€ 12.500,00" in screen_text(app)
        assert not screen.dirty


async def test_cents_survive_the_round_trip(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        value = screen.query_one("#input-value", Input)
        value.focus()
        value.value = ""
        await type_text(pilot, "1.234.567,89")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, DEAL, "Website redesign")[0][0] == 123456789
        assert value.value == "1.234.567,89"


async def test_an_english_amount_is_refused_with_the_dutch_forms(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        value = screen.query_one("#input-value", Input)
        value.focus()
        value.value = ""
        await type_text(pilot, "12,500.00")
        error = screen.query_one("#error-value")
        assert error.has_class("-shown")
        shown = " ".join(screen_text(app).split())  # the message wraps at 80 columns
        assert (
            "Waarde '12,500.00' is geen bedrag; schrijf het als 12.500,00, 12500,00 of 12.500"
            in shown
        )
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, DEAL, "Website redesign") == [(1250000, "2026-12-15", 1)]


async def test_the_english_detail_is_as_before(make_app, db_file):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "ERP implementation")
        assert screen.query_one("#input-value", Input).value == "85000.00"
        assert screen.query_one("#input-expected_close", Input).value == "2027-02-01"
        assert "€85,000.00" in screen_text(app)


async def test_a_new_deal_in_dutch(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app)
        assert app.screen.query_one("#field-value", Input).placeholder == "bijv. 12.500,00"
        await type_text(pilot, "Kantoorverhuizing")
        await tab_to(pilot, app, "value")
        await type_text(pilot, "€ 12.500")
        await tab_to(pilot, app, "expected_close")
        await type_text(pilot, "1-3-2027")
        await pilot.press("enter")
        await settle(pilot, app)
        assert query(db_file, DEAL, "Kantoorverhuizing") == [(1250000, "2027-03-01", 1)]


async def test_the_lang_notice_is_a_toast(db_file):
    app = dutch_app(notices=("--lang nl shows this session's screens in Dutch",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        toasts = [notification.message for notification in app._notifications]
        assert toasts == ["--lang nl shows this session's screens in Dutch"]
