"""Pilot tests: the board and its list view in a Dutch session at 80×24, English unchanged.

A Dutch database (its own phase names, ``open_database(..., lang="nl")``) opened by a Dutch
app: the summary, status line, column headers, cards, list view, sort, filter, search, owner
filter, toasts and help speak Dutch, with dates written by Babel (``15 dec``, ``jan '27``,
``15-12-2026``), and every text fits at 80 columns.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from models.domain.i18n import set_language
from models.operations import deals
from models.storage.database import open_database
from models.storage.schema import database_proxy
from tests.tui.board_steps import go_to
from tests.tui.conftest import FIXED_NOW, at, screen_text, settle, type_text
from tui.app import DealboardApp
from tui.formatting import long_date, short_date
from tui.widgets.deal_table import DealTable, column_name, column_short_name
from tui.widgets.key_footer import FooterKey
from tui.widgets.table_widths import header_label

TODAY = FIXED_NOW.date()
# Words of the English board that must not show in a Dutch session.
ENGLISH = (
    "Showing",
    "board view",
    "list view",
    "pipeline",
    "weighted",
    "won this month",
    "No deals",
    " Dec",
    "Jan '27",
)


def build_dutch_pipeline(path: Path) -> None:
    """A Dutch database: its own phases, a card with a date this year and one next year."""
    open_database(path, lang="nl")
    add = deals.create_deal
    add(
        "Website vernieuwen",
        actor="anna",
        organization="Gemeente Utrecht",
        owner="Anna",
        value="12500",
        phase="Voorstel",
        expected_close="2026-12-15",
        next_step="Offerte bellen",
        next_step_date="2026-12-03",
        at=at(20),
    )
    add(
        "Cloudmigratie",
        actor="chris",
        organization="Van der Berg B.V.",
        owner="Chris",
        value="42000",
        phase="Presenteren",
        expected_close="2027-01-10",
        at=at(90),
    )
    add(
        "Trainingsdagen",
        actor="anna",
        organization="Acme",
        owner="Anna",
        value="3000",
        phase="Opdracht",
        at=at(3),
    )
    won = add(
        "Intranet",
        actor="bram",
        organization="Stichting Noord",
        owner="Bram",
        value="20000",
        phase="Voorstel",
        at=at(60),
    )
    deals.accept_deal(won.id, actor="bram", reason="Beste prijs", at=at(2))
    lost = add(
        "Dataplatform",
        actor="chris",
        organization="Polder Data",
        owner="Chris",
        value="60000",
        phase="Onderhandelen",
        at=at(80),
    )
    deals.reject_deal(lost.id, actor="chris", reason="Te duur", at=at(7))
    database_proxy.obj.close()


@pytest.fixture
def dutch_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DEALBOARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = tmp_path / "dutch.sqlite"
    build_dutch_pipeline(path)
    open_database(path)
    return path


def dutch_app() -> DealboardApp:
    return DealboardApp(user="tester", clock=lambda: FIXED_NOW, live_refresh=None, lang="nl")


def lines(app: DealboardApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def toasts(app: DealboardApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def assert_footer_whole(app: DealboardApp) -> None:
    """Every key the footer shows is whole, inside 80 columns."""
    footer = lines(app)[-1]
    keys = list(app.screen.query(FooterKey))
    assert keys
    for key in keys:
        assert f"{key.key_display} {key.description}" in footer, (key.description, footer)
        assert key.region.right <= 80


def assert_no_english(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, (word, text)


# -- the board ---------------------------------------------------------------------------


async def test_dutch_board_speaks_dutch_and_fits(dutch_db):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        shown = lines(app)
        summary, status = shown[0], shown[1]
        assert summary.strip() == (
            "3 open · € 57,5k pijplijn · € 19,8k gewogen · deze maand gewonnen: 1 (€ 20k)"
        )
        assert status.strip() == "Je ziet  open  deals   bordweergave"
        text = screen_text(app)
        for phase in ("Kennismaken", "Presenteren", "Voorstel", "Onderhandelen", "Opdracht"):
            assert phase in text  # the column headers: whole phase names
        # Dutch writes 10 %; where that is too wide for the column, the compact 10% stays.
        assert "10 % 0 deals" in text and "50 % · 1 deal" in text
        assert "Geen deals" in text  # the empty first column
        assert "15 dec" in text and "jan '27" in text  # expected close: Babel's month names
        assert "→03 dec" in text  # the next step's day beside the organization
        assert not re.search(r"[\d€.,]…", text), text  # no figure cut
        assert_no_english(text)
        assert_footer_whole(app)
        for line in shown:
            assert cell_len(line) <= 80


async def test_dutch_filter_sort_and_owner_in_the_status_line(dutch_db):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        assert lines(app)[1].strip() == "Je ziet  gewonnen  deals   bordweergave"
        assert "✓ Intranet" in screen_text(app)
        await pilot.press("f")
        await settle(pilot, app)
        assert "Je ziet  verloren  deals" in lines(app)[1]
        await pilot.press("f")
        await settle(pilot, app)
        assert "Je ziet  alle  deals" in lines(app)[1]
        await pilot.press("s")  # the board's card order
        await settle(pilot, app)
        status = lines(app)[1]
        assert "gesorteerd op verwachte sluiting" in status and "bordweergave" in status
        await pilot.press("u")  # only my deals: tester owns none
        await settle(pilot, app)
        status = lines(app)[1]
        assert "· mijn deals (0) ·" in status, status
        assert lines(app)[0].strip().startswith("Alle eigenaren: 3 open")
        assert (
            "Geen getoonde deal heeft jou (tester) als eigenaar. u toont weer alle eigenaren."
            in toasts(app)
        )
        text = screen_text(app)
        for word in ("Showing", "sorted", "by expected close", "my deals", "All owners"):
            assert word not in text, word
        assert_footer_whole(app)


async def test_dutch_search_says_nothing_matches(dutch_db):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "zzz")
        await settle(pilot, app)
        assert "Je ziet  open  deals met zzz (0)" in lines(app)[1]
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Geen deal gevonden voor 'zzz'." in toasts(app)
        assert "No deal" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("slash")
        await type_text(pilot, "utrecht")
        await pilot.press("enter")
        await settle(pilot, app)
        footer = lines(app)[-1]
        assert "n Volgende treffer" in footer and "Next match" not in footer


async def test_dutch_moves_that_cannot_be_done_say_why(dutch_db):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Trainingsdagen")  # in the last phase
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        deal = app.screen.query_one("#board").current_card.id
        assert f"Deal #{deal} staat al in de laatste voortgangsfase." in toasts(app)
        await pilot.press("f")  # won
        await settle(pilot, app)
        await go_to(pilot, app, "Intranet")
        won = app.screen.query_one("#board").current_card.id
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert (
            f"Deal #{won} is gewonnen; heropen hem eerst (o) om zijn voortgang te wijzigen."
            in toasts(app)
        )
        await pilot.press("o")
        await settle(pilot, app)
        await pilot.press("escape")  # not reopened after all
        await settle(pilot, app)
        assert not any("already" in toast or "reopen it" in toast for toast in toasts(app))


async def test_dutch_help_explains_the_board(dutch_db):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = screen_text(app)
        assert "Pijplijnbord" in text and "Pipeline board" not in text
        assert "Zet de deal in de volgende voortgangsfase" in text
        assert "Move the deal" not in text


# -- the list view -----------------------------------------------------------------------


def header_line(app: DealboardApp) -> str:
    table = app.screen.query_one(DealTable)
    return lines(app)[table.region.y]


async def test_dutch_list_view_headers_whole_and_dates_dutch(dutch_db):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f", "f", "f")  # all: open, won and lost
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        assert "lijstweergave" in lines(app)[1]
        header = header_line(app)
        assert "…" not in header, header  # no header cut inside a word
        for name in ("#", "Titel", "Waarde", "Kans", "Status", "Sluiting"):
            assert name in header, (name, header)
        assert "Fase ▲" in header or "Voortgang ▲" in header, header
        assert "Org." in header or "Organisatie" in header, header
        assert "Eig." in header or "Eigenaar" in header, header
        text = screen_text(app)
        assert "15-12-2026" in text and "10-01-2027" in text  # whole dates, Dutch order
        assert "€ 12.500,00" in text
        assert "gewonnen" in text and "verloren" in text
        for word in ("Title", "Close", "Owner", "2026-12-15", *ENGLISH):
            assert word not in text, word
        table = app.screen.query_one(DealTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert_footer_whole(app)
        footer = lines(app)[-1]
        assert "s Sorteren" in footer and "S Omkeren" in footer
        await pilot.press("s")  # by title
        await settle(pilot, app)
        assert "Titel ▲" in header_line(app)
        for _ in range(8):  # on to the next step's date, the last sort column
            await pilot.press("s")
            await settle(pilot, app)
        header = header_line(app)
        assert table.sort_column == "next"
        assert "Volgende ▲" in header and "…" not in header, header
        assert "03-12-2026" in screen_text(app)


async def test_english_board_and_list_are_as_before(make_app):
    set_language("en")
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        shown = lines(app)
        assert shown[1].strip() == "Showing  open  deals   board view"
        assert "won this month: 1" in shown[0]
        text = screen_text(app)
        assert "15 Dec" in text and "Jan '27" in text and "No deals" not in text
        assert "Je ziet" not in text and "dec" not in text
        await pilot.press("t")
        await settle(pilot, app)
        header = header_line(app)
        assert "Organizat…" in header and "Phase ▲" in header and "Owner" in header
        assert "Org." not in header and "Fase" not in header
        assert "2026-12-15" in screen_text(app) and "list view" in lines(app)[1]


# -- the pieces --------------------------------------------------------------------------


def test_short_dates_follow_the_language():
    dates = (dt.date(2026, 12, 31), dt.date(2027, 3, 5), dt.date(2026, 5, 2))
    assert [short_date(day, TODAY) for day in dates] == ["31 Dec", "Mar '27", "02 May"]
    assert short_date(None, TODAY) == ""
    assert long_date("2026-12-31") == "2026-12-31"
    set_language("nl")
    assert [short_date(day, TODAY) for day in dates] == ["31 dec", "mrt '27", "02 mei"]
    assert long_date("2026-12-31") == "31-12-2026" and long_date(None) == ""


def test_list_headers_take_the_short_form_before_cutting():
    assert column_short_name("organization") == ""  # English: cut as ever
    assert header_label("Organization", " ▲", 9, "") == "Organi… ▲"
    set_language("nl")
    assert column_name("close") == "Sluiting" and column_name("next") == "Volgende"
    assert column_short_name("organization") == "Org."
    assert header_label(column_name("organization"), " ▲", 9, "Org.") == "Org. ▲"
    assert header_label("Organisatie", "", 11, "Org.") == "Organisatie"
    assert header_label("Organisatie", "", 3, "Org.") == "Or…"
