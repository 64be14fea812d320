"""Pilot tests: the deal actions' dialogs and their toasts speak Dutch in a Dutch session.

Accept, reopen and reject, the outcome switch, delete, an action on a deal changed meanwhile,
the new-deal form and the owner picker: each test runs the app with ``lang="nl"`` at 80×24 on
the small English-named pipeline, walks the dialog with the real keys, and checks its Dutch
words, that typical English words of the app are gone, and what the action wrote to the
database. The detail screen itself: test_detail_dutch.py.
"""

from __future__ import annotations

from textual.widgets import Input

from models.operations import deals
from tests.tui.board_steps import go_to, open_form, show_filter, tab_to
from tests.tui.conftest import query, screen_text, settle, type_text
from tests.tui.detail_steps import as_colleague, closing, deal_id, open_detail
from tests.tui.dutch_detail import dutch_app, english_in, lines, prose
from tui.modals.confirm import ConfirmModal
from tui.modals.form import FormModal
from tui.modals.owner_picker import OwnerPicker
from tui.screens.detail import DealScreen


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


async def test_the_new_deal_form_is_dutch_and_saves(db_file):
    app = dutch_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, app)
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
        await tab_to(pilot, app, "expected_close")
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
