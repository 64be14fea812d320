"""Pilot tests: phase configuration, the agenda and the deleted deals in a Dutch session, 80×24.

The test database's phases and reasons are English (its language setting is English): names
people configured stay as they are; everything the app itself says is Dutch.
"""

from __future__ import annotations

import re

from models.operations import deals
from tests.tui.conftest import FIXED_NOW, at, query, screen_text, settle, type_text
from tests.tui.detail_steps import deal_id, give_steps
from tui.app import DealboardApp
from tui.modals.confirm import ConfirmModal
from tui.modals.form import FormModal
from tui.screens.agenda import AgendaScreen
from tui.screens.deleted import DeletedScreen
from tui.screens.help import HelpScreen
from tui.screens.phases import PhasesScreen
from tui.screens.phases_merge import MergeModal

PHASES = "SELECT name, probability, archived FROM phase ORDER BY position"


def dutch_app() -> DealboardApp:
    return DealboardApp(user="tester", clock=lambda: FIXED_NOW, lang="nl")


def footer(app: DealboardApp) -> str:
    """The bottom line of the screen: the footer."""
    return app.screen._compositor.render_strips()[-1].text


def lines(app: DealboardApp) -> list[str]:
    """The screen's lines without the frame a modal draws around them."""
    return [line.strip(" ▊▎█▌▐") for line in screen_text(app).splitlines()]


def flat(app: DealboardApp) -> str:
    """The screen's text with its line breaks (a wrapped sentence) as spaces."""
    return " ".join(" ".join(lines(app)).split())


def assert_no_english(text: str, *words: str) -> None:
    """None of ``words`` appears in ``text`` as a word of its own."""
    found = [word for word in words if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]
    assert not found, (found, text)


async def press(pilot, app: DealboardApp, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot, app)


async def test_the_phase_screen_its_forms_and_merge_speak_dutch(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "p")
        assert isinstance(app.screen, PhasesScreen)
        text = screen_text(app)
        for dutch in (
            "Voortgangsfasen instellen",
            "Voortgang",
            "Kans",
            "Open waarde",
            "Gearchiveerd",
            "Redenen (waarom deals gewonnen of verloren worden)",
            "Geldt voor",
        ):
            assert dutch in text, dutch
        assert " 75 %" in text  # Negotiation's probability, as Dutch writes a percentage
        reasons = {line.split("  ")[0]: line.split()[-1] for line in lines(app) if "  " in line}
        assert reasons["Best price"] == "gewonnen"
        assert reasons["Price too high"] == "verloren"
        assert reasons["Other"] == "beide"
        # Every phase key but the last (Delete) fits beside ? Hulp, as in English.
        line = footer(app)
        for key in ("esc Terug", "n Nieuw", "e Naam", "p Kans", "K/J Volgorde"):
            assert key in line, (key, line)
        assert "x Archiveren" in line and "g Samenvoegen" in line and "? Hulp" in line
        assert_no_english(
            text,
            "Phase configuration",
            "Phase",
            "Prob.",
            "Open value",
            "Archived",
            "Reasons",
            "Applies to",
            "won",
            "lost",
            "both",
            "Back",
            "Add",
            "Rename",
            "Merge",
            "Help",
        )

        # A new phase: Dutch labels, a Dutch refusal, then saved.
        await press(pilot, app, "n")
        assert isinstance(app.screen, FormModal)
        text = flat(app)
        for dutch in ("Nieuwe voortgangsfase", "Naam", "Kans %", "Positie"):
            assert dutch in text, dutch
        assert_no_english(text, "New phase", "Name", "Probability", "Position")
        await type_text(pilot, "Qualified")
        await pilot.press("tab")
        await type_text(pilot, "101")
        await press(pilot, app, "enter")
        assert "Kans 101 ligt niet tussen 0 en 100." in flat(app)
        await pilot.press("backspace", "backspace", "backspace")
        await type_text(pilot, "20")
        await press(pilot, app, "ctrl+s")
        assert isinstance(app.screen, PhasesScreen)
        assert "Voortgangsfase toegevoegd." in screen_text(app)
        assert ("Qualified", 20, 0) in query(db_file, PHASES)

        # Renamed: the cursor is on the new phase, the last one.
        await press(pilot, app, "e")
        assert "Voortgangsfase Qualified hernoemen" in flat(app)
        await pilot.press("end")
        await type_text(pilot, " lead")
        await press(pilot, app, "ctrl+s")
        assert "Voortgangsfase hernoemd." in screen_text(app)
        assert query(db_file, PHASES)[-1] == ("Qualified lead", 20, 0)

        # Deleted after a Dutch question (no deal has ever been in it).
        await press(pilot, app, "d")
        assert isinstance(app.screen, ConfirmModal)
        text = flat(app)
        assert "Voortgangsfase verwijderen" in text
        assert "Voortgangsfase Qualified lead verwijderen?" in text
        assert "verwijderen" in text.split("?")[-1]  # the key's answer, below the question
        assert_no_english(text, "Delete", "delete", "Delete the phase")
        await press(pilot, app, "y")
        assert "Voortgangsfase verwijderd." in screen_text(app)
        assert [row[0] for row in query(db_file, PHASES)] == [
            "Introduction",
            "Presentation",
            "Proposal",
            "Negotiation",
            "Order",
        ]

        # Merge Negotiation into Order: the preview, the question, the toast, all Dutch.
        await press(pilot, app, "up", "g")  # from the last phase, Order, to Negotiation
        assert isinstance(app.screen, MergeModal)
        text = flat(app)
        assert "Negotiation samenvoegen met…" in text
        assert "Met voortgangsfase" in text
        assert "1 open deal gaat van Negotiation naar Order: gewogen waarde" in text
        assert "€ 51.000,00 → € 85.000,00 (+€ 34.000,00)." in text
        assert "1 gesloten deal krijgt voortgang Order" in text
        assert "voegt samen (vraagt eerst)" in text
        assert_no_english(text, "Merge", "Into phase", "moves", "weighted", "merges")
        await press(pilot, app, "ctrl+s")
        assert isinstance(app.screen, ConfirmModal)
        text = flat(app)
        assert "Negotiation samenvoegen met Order?" in text
        assert "samenvoegen" in text.split("archiveerd.")[-1] and "terug" in text
        await press(pilot, app, "y")
        assert isinstance(app.screen, PhasesScreen)
        assert "Samengevoegd: 2 deals verplaatst; Negotiation is gearchiveerd." in screen_text(app)
        assert ("Negotiation", 75, 1) in query(db_file, PHASES)
        assert query(
            db_file,
            "SELECT COUNT(*) FROM deal JOIN phase ON phase.id = deal.phase_id"
            " WHERE phase.name = 'Negotiation'",
        ) == [(0,)]

        # The reasons table: its own keys, and its form.
        await press(pilot, app, "tab")
        line = footer(app)
        for key in ("n Nieuw", "e Wijzigen", "x Archiveren", "esc Terug", "? Hulp"):
            assert key in line, (key, line)
        assert "g Samenvoegen" not in line
        await press(pilot, app, "enter")
        text = flat(app)
        assert "Reden wijzigen" in text and "Geldt voor verloren" in text  # Bad timing, first
        assert_no_english(text, "Edit reason", "Applies to", "lost")
        await press(pilot, app, "escape")

        # Help: the title, the groups and the text in Dutch.
        await press(pilot, app, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = flat(app)
        assert "Toetsen — Voortgangsfasen instellen" in text
        assert "In de tabel met voortgangsfasen" in text
        assert "Verplaats de voortgangsfase omhoog" in text
        assert_no_english(text, "On the phases table", "Move the phase up", "Back to the board")


async def test_the_agenda_speaks_dutch(db_file):
    give_steps(db_file)
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "g")
        assert isinstance(app.screen, AgendaScreen)
        text = screen_text(app)
        title = text.splitlines()[0].strip()
        # Too long for 80 columns with the word Agenda: it gives way, every count stays whole.
        assert title == "Iedereen · 1 te laat · 1 vandaag · 1 deze week · 1 later · 1 geen datum"
        for dutch in ("Wanneer", "Datum", "Volgende stap", "Eigenaar", "Te laat", "Deze week"):
            assert dutch in text, dutch
        assert "Geen datum" in text and "Vandaag" in text
        assert "20 nov" in text and "vandaag" in text  # the dates, as Dutch writes them
        # The selected step in full: its date as Dutch writes a date.
        assert "Call Anna about the offer · 20-11-2026" in text
        line = footer(app)
        assert "u Mijn deals" in line and "esc Terug" in line and "? Hulp" in line
        assert_no_english(
            text,
            "When",
            "Date",
            "Next step",
            "Owner",
            "Overdue",
            "Today",
            "today",
            "This week",
            "No date",
            "every owner",
            "overdue",
            "My deals",
            "Back",
        )

        await press(pilot, app, "u")
        text = screen_text(app)
        assert "Agenda: jouw deals." in text
        assert "Agenda · mijn deals" in text
        assert "Geen van jouw open deals heeft een volgende stap." in flat(app)
        assert_no_english(text, "your deals", "my deals", "None of your")

        await press(pilot, app, "question_mark")
        text = flat(app)
        assert "Toetsen — Agenda" in text and "Alleen jouw deals" in text
        assert "De open deals met een volgende stap, in groepen" in text
        assert_no_english(text, "Only your deals", "The open deals")


async def test_the_deleted_deals_speak_dutch_and_restore_one(db_file):
    support = deal_id(db_file, "Support contract")
    cloud = deal_id(db_file, "Cloud migration")
    deals.delete_deal(support, actor="anna", at=at(1))
    deals.delete_deal(cloud, actor="bram", at=at(0.5))
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "D")
        assert isinstance(app.screen, DeletedScreen)
        text = screen_text(app)
        assert "Verwijderde deals · 2 · de laatst verwijderde eerst" in text
        for dutch in ("Titel", "Org.", "Waarde", "Verwijderd door", "Verwijderd"):
            assert dutch in text, dutch
        assert "€ 42.000,00" in text
        assert f"#{cloud} Cloud migration · open · voortgang Presentation · € 42.000,00" in text
        assert "verwijderd 26-11-2026 21:00 door bram" in text  # Dutch date order
        line = footer(app)
        assert "r Terugzetten" in line and "esc Terug" in line and "? Hulp" in line
        assert_no_english(
            text,
            "Deleted deals",
            "the most recently deleted first",
            "Title",
            "Value",
            "Deleted by",
            "Deleted",
            "deleted",
            "phase",
            "by",
            "Restore",
            "Back",
        )

        await press(pilot, app, "down", "r")
        assert isinstance(app.screen, ConfirmModal)
        text = flat(app)
        assert "Deal terugzetten" in text
        assert (
            f"#{support} Support contract (open, voortgang Introduction) terugzetten? De deal"
            " staat dan weer op het bord, met zijn geschiedenis."
        ) in text
        assert_no_english(text, "Restore", "restore", "phase", "history")
        await press(pilot, app, "y")
        assert isinstance(app.screen, DeletedScreen)
        text = screen_text(app)
        assert f"Deal #{support} teruggezet; hij staat weer op het bord." in text
        assert "Verwijderde deals · 1" in text
        assert "de laatst verwijderde eerst" not in text
        assert query(db_file, "SELECT deleted_at FROM deal WHERE id = ?", support) == [(None,)]

        await press(pilot, app, "down", "r", "y")  # the last one: the list is empty
        assert query(db_file, "SELECT deleted_at FROM deal WHERE id = ?", cloud) == [(None,)]
        text = flat(app)
        assert "Geen verwijderde deals. Een deal die op zijn detailscherm (d) is verwijderd" in text
        await press(pilot, app, "r")
        assert "Er is geen verwijderde deal gekozen." in screen_text(app)
        assert_no_english(text, "No deleted deals", "restored")


async def test_the_english_screens_are_as_before(make_app, db_file):
    """The same screens in an English session keep their English words."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "p")
        text = screen_text(app)
        assert "Phase configuration" in text and "Open value" in text and "75%" in text
        assert "Reasons (why deals are won or lost)" in text and " both" in text
        assert "g Merge" in footer(app) and "e Rename" in footer(app)
        await press(pilot, app, "escape", "g")
        assert "Agenda · every owner" in screen_text(app)
        await press(pilot, app, "escape", "D")
        assert "No deleted deals." in flat(app)
