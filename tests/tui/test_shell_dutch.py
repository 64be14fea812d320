"""Pilot tests: the app's shell in a Dutch session at 80×24, and unchanged in an English one.

The shell is what every screen shares: the footer, help (``?``), the command palette
(ctrl+p) with Textual's own system commands, Textual's key descriptions, and the app-wide
toasts. Each Dutch check also checks that the English words are gone.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette
from textual.containers import ScrollableContainer
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, OptionList, Select, Static, Tabs, TextArea
from textual.widgets._footer import FooterKey
from textual.widgets._select import SelectOverlay

from models.domain.errors import DealboardError, ValidationError
from models.domain.i18n import set_language
from models.domain.language import lang_notice
from tests.tui.conftest import FIXED_NOW, screen_text, settle, type_text
from tests.tui.detail_steps import open_detail
from tui.app import DealboardApp
from tui.cli.language import lang_notice_text
from tui.commands import SYSTEM_WORDS
from tui.dbwork import run_db
from tui.i18n import _
from tui.live import LiveRefresh
from tui.screens.help import HelpScreen, help_paragraphs
from tui.textual_words import TEXTUAL_KEY_WORDS
from tui.widgets.key_footer import KeyFooter
from tui.widgets.key_panel import TranslatedBindingsTable

WIDTH = 80


def app_in(lang: str) -> DealboardApp:
    return DealboardApp(user="tester", clock=lambda: FIXED_NOW, lang=lang, live_refresh=None)


def footer_keys(app: DealboardApp) -> list[FooterKey]:
    return list(app.screen.query_one(KeyFooter).query(FooterKey))


def help_text(screen: HelpScreen) -> str:
    """Everything help says, scrolled or not: its title, keys, text and closing line."""
    console = Console(width=74, record=True, file=io.StringIO())
    for static in screen.query(Static):
        console.print(static.content)
    return " ".join(console.export_text().split())  # a wrapped description in one piece


def palette_prompts(app: DealboardApp) -> list[str]:
    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def shown(pilot, app: DealboardApp, text: str, seconds: float = 10.0) -> str:
    """The screen once it shows ``text`` (or after ``seconds``, for the assertion to fail).

    The palette says it found nothing half a second after its search ends, and the search
    ends later on a busy machine: a fixed pause failed under load.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while text not in (screen := screen_text(app)) and loop.time() < deadline:
        await pilot.pause(0.05)
    return screen


async def open_palette(pilot, app: DealboardApp, typed: str = "") -> None:
    await settle(pilot, app)
    await pilot.press("ctrl+p")
    await settle(pilot, app)
    if typed:
        await type_text(pilot, typed)
    await pilot.pause(0.1)
    await settle(pilot, app)


# -- the footer ---------------------------------------------------------------------------


async def test_the_dutch_footer_translates_every_key_and_keeps_help_in_sight(db_file):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await settle(pilot, app)
        keys = footer_keys(app)
        assert keys and keys[-1].key == "question_mark"
        assert keys[-1].description == "Hulp"
        assert str(keys[-1].tooltip) == "Deze hulp"
        for key in keys:
            binding = next(
                active.binding
                for active in app.screen.active_bindings.values()
                if active.binding.action == key.action
            )
            assert key.description == _(binding.description)
            # Whole and inside the screen: Dutch words are longer, nothing is cut.
            assert key.region.right <= WIDTH, key.description
            assert key.region.width >= len(key.key_display) + 1 + len(key.description)
        bottom = screen_text(app).splitlines()[23]
        assert bottom.rstrip().endswith("? Hulp")
        assert "Help" not in bottom


@pytest.mark.parametrize(
    "opener", ["open_phases", "open_management", "open_deleted", "open_agenda"]
)
async def test_every_dutch_screen_keeps_help_and_whole_keys_in_its_footer(db_file, opener):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await settle(pilot, app)
        getattr(app, opener)()
        await settle(pilot, app)
        await pilot.pause()
        keys = footer_keys(app)
        assert len(keys) >= 2 and (keys[-1].key, keys[-1].description) == ("question_mark", "Hulp")
        bottom = screen_text(app).splitlines()[23]
        for key in keys:
            assert key.region.right <= WIDTH
            assert f"{key.key_display} {key.description}" in bottom  # whole, never cut
        assert "Back" not in bottom and "Help" not in bottom


async def test_the_english_footer_is_unchanged(db_file):
    app = app_in("en")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await settle(pilot, app)
        keys = footer_keys(app)
        assert (keys[-1].description, str(keys[-1].tooltip)) == ("Help", "This help")
        assert screen_text(app).splitlines()[23].rstrip().endswith("? Help")


# -- help -----------------------------------------------------------------------------------


async def test_dutch_help_translates_its_title_keys_and_closing_line(db_file):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.screen)
        assert "Toetsen — " in text
        assert "escape, q of ? sluit deze hulp" in text
        assert "Deze hulp" in text  # ?'s tooltip
        assert "Opdrachtpalet: ga naar een deal op naam, of naar een scherm" in text
        assert "Stop de app en ga terug naar de opdrachtregel." in text  # Textual's ctrl+q
        assert "Volgend veld" in text  # Textual's tab
        for english in ("Keys — ", "closes this help", "This help", "Command palette", "Quit"):
            assert english not in text


async def test_dutch_help_from_a_text_field_translates_textuals_keys(db_file):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await open_detail(pilot, app, "ERP implementation")
        app.screen.query_one("#input-title", Input).focus()
        await pilot.pause()
        app.action_help()  # as the palette's "Hulp" does: ? types into the field
        await settle(pilot, app)
        text = help_text(app.screen)
        assert "Cursor naar links" in text and "Alles selecteren" in text
        assert "Move cursor left" not in text and "Select all" not in text


async def test_english_help_is_unchanged(db_file):
    app = app_in("en")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = help_text(app.screen)
        assert "Keys — Pipeline board" in text
        assert "escape, q or ? closes this help" in text
        assert "Quit the app and return to the command prompt." in text
        assert "Toetsen" not in text


async def test_dutch_help_translates_the_headings_of_a_grouped_screen(db_file):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = help_text(app.screen)
        assert "Overal op dit scherm" in text
        assert "Anywhere on this screen" not in text


def test_help_text_is_translated_piece_by_piece():
    set_language("nl")
    # Each piece is looked up on its own and shown on its own line, under a blank line.
    assert help_paragraphs(("Board", "", "Deleted deals")) == "\nBord\n\nVerwijderde deals"
    assert help_paragraphs("\nBoard") == "\nBord"  # marked with its blank line, or without
    assert help_paragraphs("") == "" and help_paragraphs(()) == ""
    set_language("en")
    assert help_paragraphs("\nOn a card: x.") == "\nOn a card: x."  # English as it was


# -- the command palette --------------------------------------------------------------------


async def test_the_dutch_palette_speaks_dutch(db_file):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await open_palette(pilot, app)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "Zoek een opdracht…"
        prompts = "\n".join(palette_prompts(app))
        for dutch in ("Thema", "Stoppen", "Toetsen", "Schermafdruk", "Bord", "Agenda"):
            assert dutch in prompts
        for dutch in ("Verwijderde deals", "Managementinformatie", "Kies een ander thema"):
            assert dutch in prompts
        for english in ("Theme", "Quit", "Keys", "Screenshot", "Board", "Deleted deals"):
            assert english not in prompts
        assert "Search for commands" not in screen_text(app)
        assert "Zoek een opdracht…" in screen_text(app)


async def test_dutch_words_find_dutch_screens_and_nothing_says_so_in_dutch(db_file):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await open_palette(pilot, app, "verwijderd")
        assert "Verwijderde deals" in palette_prompts(app)[0]
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, "zzqx")
        screen = await shown(pilot, app, "Niets gevonden")  # half a second after the search
        assert "Niets gevonden" in screen
        assert "No matches found" not in screen


async def test_the_dutch_theme_search_and_keys_panel(db_file):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await open_palette(pilot, app, "thema")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen.query_one(CommandInput).placeholder == "Zoek een thema…"
        await pilot.press("escape")
        await open_palette(pilot, app, "toetsen")
        await pilot.press("enter")
        await settle(pilot, app)
        table = app.screen.query_one(TranslatedBindingsTable)
        console = Console(width=60, record=True, file=io.StringIO())
        console.print(table.render_bindings_table())
        text = console.export_text()
        assert "Hulp Deze hulp" in text
        assert "This help" not in text


async def test_the_english_palette_is_unchanged(db_file):
    app = app_in("en")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await open_palette(pilot, app)
        assert app.screen.query_one(CommandInput).placeholder == "Search for commands…"
        prompts = "\n".join(palette_prompts(app))
        for english in ("Theme", "Quit", "Keys", "Screenshot", "Board", "Deleted deals"):
            assert english in prompts
        await type_text(pilot, "zzqx")
        assert "No matches found" in await shown(pilot, app, "No matches found")


# -- toasts ---------------------------------------------------------------------------------


async def test_the_app_wide_toasts_speak_dutch(db_file):
    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await settle(pilot, app)
        app.read_only = True
        assert app.refuse_read_only()
        await pilot.press("ctrl+c")  # outside a text field: which key quits

        def refused() -> None:
            raise ValidationError("value", "nee")

        run_db(app.screen, refused)
        await settle(pilot, app)
        app.post_message(events.DeliveryComplete(key="k", path=Path("/s.svg"), name="screenshot"))
        app.post_message(events.DeliveryFailed(key="k", exception=OSError(), name="screenshot"))
        await pilot.pause()
        shown = [(toast.title, toast.message) for toast in app._notifications]
        assert shown == [
            (
                "Alleen-lezen",
                "Deze database is alleen-lezen geopend (--read-only); er kan niets worden"
                " gewijzigd.",
            ),
            ("Wil je stoppen?", "Druk op q om de app te stoppen"),  # the board's q quits
            ("Niet uitgevoerd", "nee"),
            ("Schermafdruk", "Schermafdruk bewaard in /s.svg"),
            ("Schermafdruk", "De schermafdruk kon niet worden bewaard"),
        ]


async def test_live_refresh_says_it_paused_in_dutch(db_file):
    class Failing:
        def changed(self) -> bool:
            raise DealboardError("kapot")

    app = app_in("nl")
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await settle(pilot, app)
        live = LiveRefresh(app, 1.0)
        assert not await asyncio.to_thread(live._look, Failing())  # type: ignore[arg-type]
        await pilot.pause()
        assert [toast.message for toast in app._notifications] == [
            "Live bijwerken gepauzeerd: kapot"
        ]


# -- the --lang notice ----------------------------------------------------------------------


def test_the_lang_notice_in_the_session_language():
    set_language("nl")
    notice = lang_notice_text("nl", "en")
    assert notice is not None and notice.startswith("--lang nl toont de schermen")
    assert "de taalinstelling blijft en" in notice
    assert "dealboard setting set language nl" in notice
    assert "shows" not in notice
    assert lang_notice_text("nl", "nl") is None and lang_notice_text(None, "en") is None
    set_language("en")
    for given, stored in (("nl", "en"), ("nl", None), ("en", "nl")):
        assert lang_notice_text(given, stored) == lang_notice(given, stored)  # as before


# -- Textual's own words, all in the catalog ------------------------------------------------

USED_WIDGETS = (
    App,
    Screen,
    ModalScreen,
    DataTable,
    Input,
    Select,
    SelectOverlay,
    TextArea,
    OptionList,
    Tabs,
    ScrollableContainer,
)


def test_every_textual_key_description_is_marked_for_translation():
    missing = set()
    for widget in USED_WIDGETS:
        for cls in widget.__mro__:
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, tuple):
                    binding = Binding(*binding)
                texts = {binding.description, binding.tooltip} - {""}
                missing |= {text for text in texts if not binding.system} - TEXTUAL_KEY_WORDS
    assert missing == set()


def test_every_textual_system_command_is_marked_for_translation():
    source = inspect.getsource(App.get_system_commands).split('"""')[2]  # not the docstring
    pairs = re.findall(r'SystemCommand\(\s*"([^"]+)",\s*"([^"]+)"', source)
    assert len(pairs) >= 6
    assert {text for pair in pairs for text in pair} <= set(SYSTEM_WORDS)


@pytest.mark.parametrize("words", [TEXTUAL_KEY_WORDS, SYSTEM_WORDS], ids=["keys", "palette"])
def test_textual_words_have_dutch_translations(words):
    set_language("nl")
    same = {"Agenda"}  # the same word in both languages
    assert {word for word in words if _(word) == word} <= same
