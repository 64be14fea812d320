"""Correcting a closed deal's outcome in the app: `a` on a lost deal, `r` on a won one.

The switch keeps the close date, the phase and the probability at close, and records the
correction in the history; reopening and closing again would stamp a new close date.
"""

from __future__ import annotations

from models.operations import deals
from tests.tui.board_steps import go_to, show_filter
from tests.tui.conftest import FIXED_NOW, query, screen_text, settle, type_text
from tests.tui.detail_steps import closing, deal_id
from tui.modals.form import FormModal
from tui.screens.detail import DealScreen


def events_since(db_file, deal: int, after: int) -> list[tuple]:
    return query(
        db_file,
        "SELECT kind, field, old_value, new_value, actor FROM deal_event"
        " WHERE deal_id = ? AND id > ? ORDER BY id",
        deal,
        after,
    )


def stamped(db_file, after: int) -> set[str]:
    """When the history lines after event ``after`` say they were written."""
    return {row[0] for row in query(db_file, "SELECT at FROM deal_event WHERE id > ?", after)}


def last_event(db_file, deal: int) -> int:
    return query(db_file, "SELECT MAX(id) FROM deal_event WHERE deal_id = ?", deal)[0][0]


def stays(db_file) -> list[tuple]:
    return query(db_file, "SELECT * FROM deal_stay ORDER BY id")


async def test_a_on_a_lost_card_switches_it_to_won_keeping_the_close_date(make_app, db_file):
    app = make_app()
    lost = deal_id(db_file, "Data platform")
    before = closing(db_file, "Data platform")
    assert before[0] == "rejected" and before[5] == "Datalux"
    seen_event, seen_stays = last_event(db_file, lost), stays(db_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await show_filter(pilot, app, 2)  # lost
        await go_to(pilot, app, "Data platform")
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, FormModal)
        text = screen_text(app)
        assert "Correct outcome: lost → won" in text
        assert "keeps its close date" in text
        assert "Its competitor (Datalux) is cleared." in text
        assert "reopen it first" not in text
        await pilot.press("enter")  # open the reason list
        await pilot.pause()
        await pilot.press("down", "enter")  # the first reason for a won deal (by name)
        await pilot.press("tab")
        await type_text(pilot, "Signed after all")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, FormModal)
        assert f"Deal #{lost} corrected to won" in screen_text(app)
        # The lost filter no longer shows it: it is won now.
        assert "Data platform" not in screen_text(app).split("\n", 3)[3]

    status, closed_at, phase, chance, reason, competitor, note = closing(db_file, "Data platform")
    assert (status, reason, competitor, note) == (
        "accepted",
        "Best fit for their needs",
        "",
        "Signed after all",
    )
    assert (closed_at, phase, chance) == before[1:4]  # close date, phase, probability kept
    assert stays(db_file) == seen_stays  # closed before and after: no stay starts or ends
    assert events_since(db_file, lost, seen_event) == [
        ("status", "status", "rejected", "accepted", "tester"),
        ("field", "reason", "Price too high", "Best fit for their needs", "tester"),
        ("field", "competitor", "Datalux", "", "tester"),
        ("field", "close_note", "", "Signed after all", "tester"),
    ]
    assert stamped(db_file, seen_event) == {str(FIXED_NOW)}  # the app's clock, not the wall's


async def test_r_in_the_detail_of_a_won_deal_switches_it_to_lost(make_app, db_file):
    app = make_app()
    won = deal_id(db_file, "Intranet")
    before = closing(db_file, "Intranet")
    seen_event = last_event(db_file, won)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await show_filter(pilot, app, 1)  # won
        await go_to(pilot, app, "Intranet")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        await pilot.press("r")
        await settle(pilot, app)
        assert "Correct outcome: won → lost" in screen_text(app)
        # A lost deal needs a reason (the setting): refused, nothing written, the form stays.
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, FormModal)
        assert "A reason is required" in screen_text(app)
        assert closing(db_file, "Intranet") == before
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # the first reason for a lost deal (by name)
        await pilot.press("tab")
        await type_text(pilot, "Rivalsoft")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        text = screen_text(app)
        assert "LOST" in text
        assert f"Deal #{won} corrected to lost" in text

    status, closed_at, phase, chance, reason, competitor, _note = closing(db_file, "Intranet")
    assert (status, reason, competitor) == ("rejected", "Bad timing", "Rivalsoft")
    assert (closed_at, phase, chance) == before[1:4]
    assert [row[:4] for row in events_since(db_file, won, seen_event)] == [
        ("status", "status", "accepted", "rejected"),
        ("field", "reason", "Best price", "Bad timing"),
        ("field", "competitor", "", "Rivalsoft"),
    ]


async def test_the_outcome_a_deal_already_has_is_refused_without_a_form(make_app, db_file):
    app = make_app()
    before = closing(db_file, "Intranet")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await show_filter(pilot, app, 1)
        await go_to(pilot, app, "Intranet")
        await pilot.press("a")
        await settle(pilot, app)
        assert not isinstance(app.screen, FormModal)
        assert "is already won" in screen_text(app)
    assert closing(db_file, "Intranet") == before


async def test_a_switch_meanwhile_closes_the_form_and_writes_nothing(make_app, db_file):
    app = make_app()
    lost = deal_id(db_file, "Data platform")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await show_filter(pilot, app, 2)
        await go_to(pilot, app, "Data platform")
        await pilot.press("r")  # already lost: said so, nothing opens
        await settle(pilot, app)
        assert "is already lost" in screen_text(app)
        await pilot.press("a")
        await settle(pilot, app)
        assert isinstance(app.screen, FormModal)
        # Someone else corrects it from the command line while the form is open.
        deals.switch_outcome(lost, actor="bram", reason="Other")
        after_bram = closing(db_file, "Data platform")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, FormModal)
        assert f"Deal #{lost} was not switched to won" in screen_text(app)
    assert closing(db_file, "Data platform") == after_bram
    assert query(
        db_file, "SELECT COUNT(*) FROM deal_event WHERE deal_id = ? AND actor = 'tester'", lost
    ) == [(0,)]
