"""Pilot tests: the deal detail, its dialogs and the deal actions speak Dutch in a Dutch session.

Each test runs the app with ``lang="nl"`` at 80×24 on the small English-named pipeline (its
phase, reason and deal names are user data and stay as they are), walks one screen or dialog
with the real keys, and checks the Dutch words it shows, that typical English words of the
app are gone, and what an action wrote to the database.
"""

from __future__ import annotations

import re

from textual.widgets import DataTable, Input

from models.operations import deals
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle, type_text
from tests.tui.test_board import go_to
from tests.tui.test_detail import deal_id, open_detail
from tests.tui.test_new_deal_next_step import _open_form, _tab_to
from tests.tui.test_outcome_switch import closing, show_filter
from tests.tui.test_stale_actions import as_colleague
from tui.app import DealboardApp
from tui.modals.confirm import ConfirmModal
from tui.modals.conflict import ConflictModal
from tui.modals.form import FormModal
from tui.modals.history_entry import HistoryEntryModal
from tui.modals.owner_picker import OwnerPicker
from tui.screens.detail import DealScreen

# English words of the detail screen, its dialogs and toasts, none of which is Dutch.
ENGLISH = re.compile(
    r"\b(Save|Saved|Back|History|Title|Organization|Contact|Owner|Source|Value|Expected"
    r"|Probability|Next step|Note|Reason|Lost to|Closing|weighted|value|phase|closed"
    r"|Accept|Reject|Delete|deleted|Reopen|reopen|stays|Correct|Corrects|corrected|keeps"
    r"|marked|cancels|moves|picks|opens|saves|Before|After|by|When|Who|What|none|empty"
    r"|Changed|meanwhile|someone|Your|input|kept|mine|theirs|editing|discard|Unsaved"
    r"|New deal|created|already|again|yes|no|not|is not)\b"
)
OVERRIDE = "SELECT probability_override, version FROM deal WHERE title = ?"


def dutch_app(*, live_refresh: float | None = None) -> DealboardApp:
    """The app in Dutch; live refresh off unless asked, so only the test's keys change it."""
    return DealboardApp(
        user="tester", clock=lambda: FIXED_NOW, lang="nl", live_refresh=live_refresh
    )


def english_in(text: str) -> list[str]:
    """The English words of the app found in ``text``."""
    return ENGLISH.findall(text)


def lines(text: str) -> list[str]:
    """The screen's lines with borders and padding trimmed, for whole-line checks."""
    return [" ".join(line.strip(" █▀▄▔▁▊▎▌").split()) for line in text.splitlines()]


def prose(text: str) -> str:
    """The screen's text as one line, borders left out: a wrapped sentence is whole again."""
    return " ".join(line for line in lines(text) if line)


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


async def test_accept_reopen_and_reject_dialogs_are_dutch(db_file):
    app = dutch_app()
    target = deal_id(db_file, "Training days")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, app, "Training days")
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, FormModal)
        text = screen_text(app)
        shown = lines(text)
        assert "Accepteren (gewonnen)" in shown
        assert f"#{target} Training days" in shown
        assert "blijft in voortgang Order (100 %)" in shown
        assert any(line.startswith("Reden (geen)") for line in shown)
        assert "Afsluitnotitie" in shown
        # The hint on one line: whole key descriptions, nothing wrapped.
        assert "enter opent lijst · ctrl+s slaat op · escape annuleert · tab verder" in shown
        assert english_in(text) == []
        await pilot.press("tab")
        await pilot.pause()
        assert "enter of ctrl+s slaat op · escape annuleert · tab verder" in lines(screen_text(app))
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert query(db_file, "SELECT status FROM deal WHERE id = ?", target) == [("accepted",)]
        text = screen_text(app)
        assert f"Deal #{target} gemarkeerd als gewonnen." in text
        assert " GEWONNEN · waarde € 3.000,00 · gesloten " in text
        assert "bij afsluiten 100 %" in text

        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert (
            "Deze deal is gewonnen; heropen hem eerst (o) om de voortgang te wijzigen."
            in screen_text(app)
        )
        await pilot.press("a")
        await settle(pilot, app)
        assert f"Deal #{target} is al gewonnen." in screen_text(app)

        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmModal)
        text = prose(screen_text(app))
        assert "Deal heropenen" in text
        assert f"#{target} Training days heropenen? De reden, concurrent" in text
        assert "y / enter: heropenen n / escape: nee" in text
        await pilot.press("y")
        await settle(pilot, app)
        assert query(db_file, "SELECT status FROM deal WHERE id = ?", target) == [("open",)]
        assert f"Deal #{target} is weer open." in screen_text(app)

        await pilot.press("r")
        await settle(pilot, app)
        shown = lines(screen_text(app))
        assert "Afwijzen (verloren)" in shown
        assert any(line.startswith("Reden * (geen)") for line in shown)  # required to reject
        assert "Verloren aan" in shown
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Een reden is verplicht om een deal af te wijzen." in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        assert query(db_file, "SELECT status FROM deal WHERE id = ?", target) == [("open",)]


async def test_the_outcome_switch_is_dutch(db_file):
    app = dutch_app()
    lost = deal_id(db_file, "Data platform")
    before = closing(db_file, "Data platform")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await show_filter(pilot, app, 2)  # lost
        await go_to(pilot, app, "Data platform")
        await pilot.press("enter")
        await settle(pilot, app)
        assert " VERLOREN · waarde € 60.000,00 · gesloten " in screen_text(app)
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, FormModal)
        text = screen_text(app)
        joined = prose(text)
        assert "Uitkomst corrigeren: verloren → gewonnen" in joined
        assert "Corrigeert de uitkomst: verloren → gewonnen. De sluitingsdatum (" in joined
        assert "en de voortgang (Negotiation) blijven; de geschiedenis legt de correctie vast." in (
            joined
        )
        assert "De concurrent (Datalux) wordt gewist." in joined
        assert english_in(text.replace("Data platform", "")) == []
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        assert f"Deal #{lost} gecorrigeerd naar gewonnen; de sluitingsdatum blijft." in (
            screen_text(app)
        )
    after = closing(db_file, "Data platform")
    assert (after[0], after[5]) == ("accepted", "")
    assert after[1:4] == before[1:4]  # the close date, phase and probability at close kept


async def test_the_delete_confirm_and_its_toast_are_dutch(db_file):
    app = dutch_app()
    target = deal_id(db_file, "Support contract")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, app, "Support contract")
        await pilot.press("d")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmModal)
        text = screen_text(app)
        joined = prose(text)
        assert "Deal verwijderen" in joined
        assert f"#{target} Support contract verwijderen? Je kunt de deal terugzetten" in joined
        assert f"(D op het bord) of met `dealboard deal restore {target}`." in joined
        assert "y / enter: verwijderen n / escape: nee" in joined
        assert english_in(text.replace("Support contract", "")) == []
        await pilot.press("y")
        await settle(pilot, app)
        assert not isinstance(app.screen, DealScreen)
        assert f"Deal #{target} verwijderd; Verwijderde deals (D op het bord) zet hem terug." in (
            screen_text(app)
        )
    assert query(db_file, "SELECT deleted_at IS NOT NULL FROM deal WHERE id = ?", target) == [(1,)]


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


async def test_the_new_deal_form_is_dutch_and_saves(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_form(pilot, app)
        assert isinstance(app.screen, FormModal)
        text = screen_text(app)
        shown = lines(text)
        assert "Nieuwe deal in Introduction" in shown
        labels = ("Titel", "Organisatie", "Contactpersoon", "Eigenaar", "Bron", "Volgende stap")
        for label in labels:
            assert any(line.startswith(label) for line in shown), label
        assert "Waarde bijv. 12.500,00" in shown
        assert "Verwachte sluiting DD-MM-JJJJ" in shown
        assert "Datum volgende stap DD-MM-JJJJ" in shown
        assert "enter of ctrl+s slaat op · escape annuleert · tab verder" in shown
        assert english_in(text) == []
        await type_text(pilot, "Kantoorverhuizing")
        await _tab_to(pilot, app, "expected_close")
        await type_text(pilot, "30-02-2027")
        assert "Verwachte sluiting 30-02-2027 is geen bestaande datum." in prose(screen_text(app))
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, FormModal)  # refused: nothing saved
        app.screen.query_one("#field-expected_close", Input).value = "1-3-2027"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        new = query(
            db_file, "SELECT id, expected_close FROM deal WHERE title = ?", "Kantoorverhuizing"
        )
        assert [row[1] for row in new] == ["2027-03-01"]
        assert f"Deal #{new[0][0]} aangemaakt." in screen_text(app)


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


async def test_an_action_on_a_deal_changed_meanwhile_is_refused_in_dutch(db_file):
    app = dutch_app()
    target = deal_id(db_file, "Website redesign")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, app, "Website redesign")
        as_colleague(lambda: deals.edit_deal(target, {"value": "99999"}, actor="bram"))
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)  # no form for a deal that changed
        toasts = [(n.title, n.message) for n in app._notifications]
        assert (
            "Intussen gewijzigd",
            f"Deal #{target} is niet als gewonnen gemarkeerd; intussen: bram heeft waarde"
            " gewijzigd van € 12.500,00 in € 99.999,00. De deal staat nu zoals hij is; doe het"
            " opnieuw als je dat nog wilt.",
        ) in toasts
        assert "waarde € 99.999,00" in screen_text(app)  # shown afresh
    assert query(db_file, "SELECT status FROM deal WHERE id = ?", target) == [("open",)]


async def test_the_owner_picker_is_dutch(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("U")
        await settle(pilot, app)
        assert isinstance(app.screen, OwnerPicker)
        shown = lines(screen_text(app))
        assert "Toon de deals van" in shown
        assert "Alle eigenaren" in shown
        assert "enter: kiezen escape: alle eigenaren" in shown
        assert english_in(screen_text(app)) == []
        await pilot.press("down", "enter")  # the first owner: Anna
        await settle(pilot, app)
        assert not isinstance(app.screen, OwnerPicker)
        assert "Anna" in screen_text(app)


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
