"""Pilot tests: the deal detail screen speaks Dutch in a Dutch session, English in an English one.

Its labels and footer, typing and saving, leaving with unsaved changes, a history line in full
and a conflicting save: each test runs the app with ``lang="nl"`` at 80×24 on the small
English-named pipeline (its phase, reason and deal names are user data and stay as they are),
walks the screen with the real keys, and checks the Dutch words it shows, that typical English
words of the app are gone, and what a save wrote to the database. The deal actions' dialogs:
test_deal_dialogs_dutch.py, which shares the helpers here.
"""

from __future__ import annotations

from textual.widgets import DataTable, Input

from models.operations import deals
from tests.tui.conftest import query, screen_text, settle, type_text
from tests.tui.detail_steps import as_colleague, deal_id, open_detail
from tests.tui.dutch_detail import dutch_app, english_in, lines, prose
from tui.modals.confirm import ConfirmModal
from tui.modals.conflict import ConflictModal
from tui.modals.history_entry import HistoryEntryModal

OVERRIDE = "SELECT probability_override, version FROM deal WHERE title = ?"


async def test_the_detail_screen_is_dutch_and_its_labels_fit(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        text = screen_text(app)
        heading = text.splitlines()[1]
        # The figures first; the phase (user text) and version may be cut at the edge.
        assert heading.startswith(" open · waarde € 12.500,00 · gewogen € 6.250,00")
        assert "voortgang Proposal (50 %)" in heading
        for label in ("Titel", "Organisatie", "Contactpersoon", "Eigenaar", "Bron", "Waarde"):
            assert f" {label} " in text
        # The longest Dutch labels whole, the inputs after them.
        assert " Verwachte sluiting  15-12-2026" in text
        assert " Datum volgende stap " in text
        assert "Kans %" in text and "voortgang 50 %" in text
        assert " Notitie" in text
        assert english_in(text) == []
        table = screen.query_one("#history", DataTable)
        assert [str(column.label) for column in table.columns.values()] == [
            "Wanneer",
            "Wie",
            "Wat",
        ]
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Niets om op te slaan." in screen_text(app)
        # Every key of an open deal fits the footer in Dutch, help at the right edge.
        footer = text.splitlines()[-1]
        for key in ("^s Opslaan", "esc Terug", "a Gewonnen", "r Verloren", "> Volgende"):
            assert key in footer, footer
        assert "d Verwijderen" in footer and footer.rstrip().endswith("? Hulp"), footer


async def test_typing_saving_and_refusals_are_dutch(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "ERP implementation")
        probability = screen.query_one("#input-probability_override", Input)
        probability.focus()
        probability.value = ""
        await type_text(pilot, "101")
        assert "Kans 101 ligt niet tussen 0 en 100." in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, OVERRIDE, "ERP implementation") == [(60, 2)]
        probability.value = ""
        await type_text(pilot, "70")
        assert "eigen kans 70 % (voortgang 75 %)" in screen_text(app)
        close = screen.query_one("#input-expected_close", Input)
        close.value = "31-02-2027"
        await pilot.pause()
        assert "Verwachte sluiting 31-02-2027 is geen bestaande datum." in screen_text(app)
        close.value = "01-02-2027"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        text = screen_text(app)
        assert query(db_file, OVERRIDE, "ERP implementation") == [(70, 3)]
        assert "Opgeslagen." in text
        # The history line of the change: the field's Dutch label, newest first.
        assert "eigen kans: 60 % → 70 %" in text
        assert english_in(text) == []


async def test_leaving_with_unsaved_changes_asks_in_dutch(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        screen.query_one("#input-contact").focus()
        await type_text(pilot, "Mevrouw X")
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmModal)
        text = screen_text(app)
        assert "Niet-opgeslagen wijzigingen" in text
        assert "Teruggaan en je wijzigingen aan deze deal weggooien?" in text
        assert "y / enter: weggooien en terug    n / escape: verder bewerken" in text
        assert english_in(text) == []
        await pilot.press("n")
        await settle(pilot, app)
        assert app.screen is screen


async def test_a_history_line_in_full_is_dutch(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "ERP implementation")
        assert "eigen kans: (leeg) → 60 %" in screen_text(app)
        screen.query_one("#history", DataTable).focus()
        await pilot.press("enter")  # the newest line: bram's override
        await settle(pilot, app)
        assert isinstance(app.screen, HistoryEntryModal)
        shown = lines(screen_text(app))
        assert shown[shown.index("Eigen kans") + 1].startswith("door bram, ")
        assert shown[shown.index("Oude waarde") + 1] == "(leeg)"
        assert shown[shown.index("Nieuwe waarde") + 1] == "60 %"
        assert "escape sluit · up/down scrollt" in shown
        assert english_in(screen_text(app)) == []
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.screen is screen


async def test_a_conflicting_save_is_explained_in_dutch(db_file):
    app = dutch_app()
    target = deal_id(db_file, "Website redesign")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        title = screen.query_one("#input-title", Input)
        title.focus()
        await pilot.press("end")
        await type_text(pilot, " fase 2")
        as_colleague(lambda: deals.edit_deal(target, {"value": "99999"}, actor="bram"))
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ConflictModal)
        text = screen_text(app)
        shown = lines(text)
        assert f"Deal #{target} is door iemand anders gewijzigd terwijl jij hem bewerkte" in shown
        assert any(line.startswith("• Waarde: € 12.500,00 → € 99.999,00 (bram, ") for line in shown)
        assert "Je invoer blijft staan; van jou is nog niets opgeslagen." in shown
        assert "m: mijn waarden opslaan t: de hunne tonen escape: verder bewerken" in shown
        assert english_in(text) == []
        await pilot.press("escape")
        await settle(pilot, app)
        assert "Je invoer blijft staan. Sla opnieuw op wanneer je klaar bent." in screen_text(app)
        assert title.value == "Website redesign fase 2"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        assert "Opgeslagen." in screen_text(app)
    assert query(db_file, "SELECT title, value_cents FROM deal WHERE id = ?", target) == [
        ("Website redesign fase 2", 9999900)
    ]


async def test_an_english_session_keeps_the_english_words(make_app, db_file):
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Training days")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, app, "Training days")
        text = screen_text(app)
        assert " open · value €3,000.00 · weighted €3,000.00 · phase Order (100 %) · v1" in text
        assert " Expected close " in text and " Next step date " in text
        await pilot.press("a")
        await settle(pilot, app)
        shown = lines(screen_text(app))
        assert "Accept (won)" in shown and "stays in phase Order (100 %)" in shown
        assert "enter opens the list · ctrl+s saves · escape cancels · tab moves" in shown
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        text = prose(screen_text(app))
        assert f"Delete #{target} Training days? It can be restored from Deleted deals" in text
        assert "y / enter: delete n / escape: no" in text
