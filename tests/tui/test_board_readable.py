"""The board readable at 60×20, 80×24 and 120×40: amounts and headers never cut inside a
figure, exact cents in the list view and the detail, and a footer that offers what applies to
the deal under the cursor with ``?`` Help always in sight."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from models.domain.i18n import set_language
from models.domain.language import resolve_language
from models.operations import deals, phases
from models.operations.settings import set_setting, stored_language
from models.storage.database import open_database
from models.storage.schema import database_proxy
from tests.full_length import heavy
from tests.tui.board_steps import go_to
from tests.tui.conftest import FIXED_NOW, at, query, screen_text, settle
from tui.app import DealboardApp
from tui.widgets.board_view import ColumnHeader
from tui.widgets.card_list import CARD_HEIGHT, CardList
from tui.widgets.key_footer import FooterKey

SIZES = [(60, 20), (80, 24), (120, 40)]
# Values that cut badly: seven figures with cents, €26,500 (`€26,5…`), €6,040 (`€ 6.0…`).
VALUES = ["1234567.89", "26500", "6040", "18500.50", "999960", "7250", "150005"]
AMOUNT = re.compile(r"(-?)(€ ?)([\d.,]+)([kMB]?)")


def build_board(path: Path, phase_count: int, language: str) -> None:
    """The default phases made ``phase_count`` long, a few deals in each, many in the first."""
    open_database(path)
    if phase_count < 5:
        phases.archive_phase("Order")
    for extra in range(phase_count - 5):
        phases.add_phase(f"Extra phase {extra + 1}", 90, position=2 + extra)
    shown = [p for p in phases.all_phases() if not p.archived]
    for index in range(112):  # a three-figure count in the first column
        deals.create_deal(f"Lead {index}", actor="anna", value="1500", at=at(40))
    for number, phase in enumerate(shown):
        for offset, value in enumerate(VALUES):
            deal = deals.create_deal(
                f"Deal {number}-{offset}",
                actor="anna",
                organization="Gemeente Utrecht",
                owner="Anna de Vries",
                value=value,
                phase=phase,
                expected_close="2026-10-01",
                at=at(45 if offset % 2 else 2),  # every other deal is stale
            )
            if offset == 3:
                deals.edit_deal(deal.id, {"probability_override": 100}, actor="anna", at=at(40))
    set_setting("language", language)
    database_proxy.obj.close()


@pytest.fixture(scope="module")
def boards(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int, str], Path]:
    """Build each (phases, language) database once for the module."""
    built: dict[tuple[int, str], Path] = {}

    def get(phase_count: int, language: str) -> Path:
        if (phase_count, language) not in built:
            path = tmp_path_factory.mktemp("board") / f"{phase_count}-{language}.sqlite"
            build_board(path, phase_count, language)
            built[phase_count, language] = path
        return built[phase_count, language]

    return get


def open_app(path: Path, monkeypatch: pytest.MonkeyPatch) -> DealboardApp:
    monkeypatch.delenv("DEALBOARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(path.parent / "home"))
    open_database(path)
    # The session speaks the database's language, as `dealboard` resolves it.
    lang = resolve_language(None, {}, stored_language())
    return DealboardApp(user="tester", clock=lambda: FIXED_NOW, live_refresh=None, lang=lang)


def amount_of(text: str) -> float:
    """The amount a shown form stands for, in units: ``€ 26,5k`` → 26500."""
    match = AMOUNT.search(text)
    assert match, text
    sign, symbol, number, suffix = match.groups()
    if symbol == "€ ":  # Dutch: 1.234.567,89 and 26,5k
        number = number.replace(".", "").replace(",", ".")
    else:
        number = number.replace(",", "")
    scale = {"": 1, "k": 1e3, "M": 1e6, "B": 1e9}[suffix]
    return float(number) * scale * (-1 if sign else 1)


def close_to(shown: str, cents: int) -> bool:
    """A compact amount may be rounded, at most 5 % (``€27k`` for 26,500), never cut."""
    units = cents / 100
    return abs(amount_of(shown) - units) <= max(0.05 * abs(units), 0.5)


def readability_grid() -> list:
    """Every size, phase count and language; a sweep (tests/full_length.py).

    The default run takes every phase count and language at 80×24 (the size the README
    promises), the tightest board (60×20, seven phases) and the widest (120×40, four); the
    rest of the grid runs with ``--run-heavy`` (CI's own step).
    """
    grid = []
    for language in ("en", "nl"):
        for phase_count in (4, 5, 6, 7):
            for size in SIZES:
                short = size == (80, 24) or (size, phase_count) in {((60, 20), 7), ((120, 40), 4)}
                grid.append(
                    pytest.param(
                        size,
                        phase_count,
                        language,
                        id=f"{language}-{phase_count}-{size[0]}x{size[1]}",
                        marks=() if short else heavy,
                    )
                )
    return grid


@pytest.mark.parametrize(("size", "phase_count", "language"), readability_grid())
async def test_headers_and_card_amounts_are_never_cut_inside_a_figure(
    boards, monkeypatch, size, phase_count, language
):
    app = open_app(boards(phase_count, language), monkeypatch)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        # The defect: an ellipsis right after a figure or a currency sign.
        assert not re.search(r"[\d€.,]…", text), text
        headers = list(app.screen.query(ColumnHeader))
        assert len(headers) == phase_count
        columns = {column.phase_id: column for column in app.screen.data.columns}
        for header in headers:
            column, _, _ = header.shown
            width = header.content_size.width
            lines = header.render().plain.split("\n")
            assert len(lines) == 4
            for line in lines[1:]:
                assert cell_len(line) <= width, (line, width)
                assert "…" not in line
            count, total, weighted = lines[1:]
            assert re.fullmatch(
                rf"({column.probability} ?%( · | ))?{column.count} d(eals?|\.)", count
            )
            assert total.startswith("Σ ") and close_to(total, column.total_cents)
            assert weighted.startswith("≈ ")
            assert close_to(weighted, columns[column.phase_id].weighted_total_cents)
            if header.region.right <= size[0]:  # a column scrolled off is not on screen
                assert count in text
        for card_list in app.screen.query(CardList):
            width = card_list.scrollable_content_region.width
            for index, card in enumerate(card_list.cards[:3]):
                line = card_list.render_line(index * CARD_HEIGHT + 2).text
                assert cell_len(line) == width
                assert "…" not in line
                assert close_to(line, card.value_cents), line
                assert line.rstrip().endswith("%") or width < 14, line


async def test_wide_columns_show_the_whole_amount(boards, monkeypatch):
    app = open_app(boards(4, "nl"), monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        # 29 cells per column at 120 columns: whole amounts with the stale mark and chance.
        assert "€ 1.234.568" in text and "€ 26.500" in text and "€ 6.040" in text
        assert "10 % · 119 deals" in text  # Dutch writes a space before the percent sign


async def test_narrow_columns_show_compact_amounts_english_and_dutch(boards, monkeypatch):
    app = open_app(boards(5, "en"), monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "€1.2M" in text and "€26.5k" in text
    app = open_app(boards(5, "nl"), monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "€ 1,2M" in text and "€ 6.040" in text
        # The header's count, shorter (the compact 10% before the word deals goes), never
        # `119 dea…`.
        assert "10% 119 deals" in text


# -- exact cents in the list view and the detail -----------------------------------------


async def test_list_view_and_detail_show_the_exact_cents(make_app, db_file):
    deals.create_deal("Cents deal", actor="anna", value="18500.50", phase="Proposal")
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        text = screen_text(app)
        assert "€18,500.50" in text and "€18,501" not in text
        assert "€12,500.00" in text  # Website redesign
        table = app.screen.query_one("#list")
        table.select_deal(query(db_file, "SELECT id FROM deal WHERE title = 'Cents deal'")[0][0])
        await pilot.press("enter")
        await settle(pilot, app)
        heading = screen_text(app).splitlines()[1]
        assert "value €18,500.50" in heading and "weighted €9,250.25" in heading
    assert query(db_file, "SELECT value_cents FROM deal WHERE title = 'Cents deal'") == [(1850050,)]


async def test_dutch_list_view_and_detail_show_the_exact_cents(make_app, db_file):
    deals.create_deal("Cents deal", actor="anna", value="18500.50", phase="Proposal")
    set_setting("language", "nl")
    set_language("nl")  # the session speaks the database's language, as `dealboard` resolves it
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        assert "€ 18.500,50" in screen_text(app)
        table = app.screen.query_one("#list")
        table.select_deal(query(db_file, "SELECT id FROM deal WHERE title = 'Cents deal'")[0][0])
        await pilot.press("enter")
        await settle(pilot, app)
        assert "waarde € 18.500,50" in screen_text(app).splitlines()[1]


# -- the footer ---------------------------------------------------------------------------


def last_line(app: DealboardApp) -> str:
    """The footer: the screen's last line."""
    strips = app.screen._compositor.render_strips()
    return strips[-1].text


async def test_footer_offers_what_applies_to_the_deal_under_the_cursor(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        shown = last_line(app)
        # An open deal: open, move, accept, reject; no reopen. Help at the right edge.
        assert shown.rstrip().endswith("? Help"), shown
        for key in ("⏎ Open", "n New", "> Next", "a Won", "r Lost", "/ Search", "f Filter"):
            assert key in shown, (key, shown)
        assert "o Reopen" not in shown
        assert cell_len(shown) <= 80
        await pilot.press("f")  # won: Intranet in Proposal, the other columns empty
        await settle(pilot, app)
        await go_to(pilot, app, "Intranet")
        shown = last_line(app)
        assert "o Reopen" in shown and "⏎ Open" in shown and "? Help" in shown
        # A won deal offers the other outcome (a correction), never accepting it again.
        assert "r Lost" in shown, shown
        for key in ("a Won", "> Next"):
            assert key not in shown, (key, shown)
        await pilot.press("left")  # Presentation: no deal
        await settle(pilot, app)
        assert app.screen.query_one("#board").current_card is None
        shown = last_line(app)
        for key in ("⏎ Open", "a Won", "r Lost", "> Next", "o Reopen"):
            assert key not in shown, (key, shown)
        assert "n New" in shown and "f Filter" in shown and shown.rstrip().endswith("? Help")
        await pilot.press("right")  # back on the won deal, and reopen it as the footer offers
        await settle(pilot, app)
        assert "o Reopen" in last_line(app)
        await pilot.press("o")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        await pilot.press("f", "f", "f")  # all
        await settle(pilot, app)
    assert query(db_file, "SELECT status FROM deal WHERE title = 'Intranet'") == [("open",)]


async def test_keys_left_out_of_the_footer_still_answer(make_app, db_file):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")  # won
        await settle(pilot, app)
        await go_to(pilot, app, "Intranet")
        before = query(db_file, "SELECT * FROM deal WHERE title = 'Intranet'")
        assert "> Next" not in last_line(app)
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert "reopen it first" in screen_text(app)
        assert query(db_file, "SELECT * FROM deal WHERE title = 'Intranet'") == before


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_help_is_always_in_sight_and_keys_are_never_cut(make_app, width):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot, app)
        shown = last_line(app)
        assert shown.rstrip().endswith("? Help"), shown
        keys = list(app.screen.query(FooterKey))
        (help_key,) = [key for key in keys if key.key == "question_mark"]
        assert help_key.region.right == width
        for key in keys:
            assert f"{key.key_display} {key.description}" in shown  # each key whole
            if key is not help_key:
                assert key.region.right < help_key.region.x, (key, shown)
        assert len(keys) >= 5
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert "Pipeline board" in screen_text(app)


async def test_list_view_footer_follows_the_row(make_app):
    app = make_app(live_refresh=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f", "f", "f")  # all: open and closed deals
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        table = app.screen.query_one("#list")
        statuses = {}
        for _ in range(table.row_count):
            deal_id = table.current_id
            statuses[deal_id] = last_line(app)
            await pilot.press("down")
            await settle(pilot, app)
        cards = {card.id: card for column in app.screen.data.columns for card in column.cards}
        for deal_id, shown in statuses.items():
            closed = cards[deal_id].status != "open"
            assert ("o Reopen" in shown) == closed, (cards[deal_id], shown)
            status = cards[deal_id].status
            assert ("a Won" in shown) == (status != "accepted"), (cards[deal_id], shown)
            assert ("r Lost" in shown) == (status != "rejected"), (cards[deal_id], shown)
            assert ("> Next" in shown) == (not closed), (cards[deal_id], shown)
            assert shown.rstrip().endswith("? Help")
