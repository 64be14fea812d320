"""Actions on a deal someone else changed since the screen showed it are refused, not applied.

Each test loads a screen, then changes the deal through the domain operations on a
connection of its own (as a colleague's dealboard would), then presses the key. The action
must be refused with a toast naming who changed what, the screen must show the deal as it
is now, and the database must hold only the colleague's change. Live refresh is off, so the
screen cannot have caught up on its own before the key press.
"""

from __future__ import annotations

import threading
from pathlib import Path

from models.operations import deals
from tests.tui.board_steps import focused_card, go_to
from tests.tui.conftest import query, screen_text, settle
from tests.tui.detail_steps import as_colleague, deal_id, open_detail
from tui.modals.form import FormModal
from tui.screens.detail import DealScreen


def phase_of(db_file: Path, deal: int) -> str:
    return query(
        db_file, "SELECT p.name FROM deal d JOIN phase p ON p.id = d.phase_id WHERE d.id = ?", deal
    )[0][0]


def deal_state(db_file: Path, deal: int) -> list[tuple]:
    return query(
        db_file, "SELECT phase_id, status, version, deleted_at FROM deal WHERE id = ?", deal
    )


def events_by(db_file: Path, deal: int, actor: str) -> list[tuple]:
    return query(
        db_file, "SELECT kind, field FROM deal_event WHERE deal_id = ? AND actor = ?", deal, actor
    )


async def test_next_phase_on_a_card_moved_meanwhile_is_refused_then_acts_on_the_fresh_card(
    make_app, db_file
):
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Website redesign")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")  # shown in Proposal
        as_colleague(lambda: deals.move_deal(target, "Negotiation", actor="dora"))
        before = deal_state(db_file, target)
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        text = screen_text(app)
        assert (
            f"Deal #{target} was not moved: dora changed phase from Proposal to Negotiation"
            " meanwhile." in text
        )
        assert deal_state(db_file, target) == before
        assert phase_of(db_file, target) == "Negotiation"
        assert events_by(db_file, target, "tester") == []
        card = focused_card(app)  # the fresh card, where the deal really is
        assert (card.id, card.version) == (target, before[0][2])
        assert card.phase_id == before[0][0]

        await pilot.press("greater_than_sign")  # acting again on what is shown
        await settle(pilot, app)
        assert phase_of(db_file, target) == "Order"
        assert events_by(db_file, target, "tester") == [("phase", "phase")]


async def test_previous_phase_on_a_card_closed_meanwhile_is_refused(make_app, db_file):
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Cloud migration")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Cloud migration")
        as_colleague(lambda: deals.reject_deal(target, actor="dora", reason="Other"))
        before = deal_state(db_file, target)
        await pilot.press("less_than_sign")
        await settle(pilot, app)
        assert f"Deal #{target} was not moved: dora changed status from open to rejected" in (
            screen_text(app)
        )
        assert deal_state(db_file, target) == before
        assert events_by(db_file, target, "tester") == []
        # The board shows open deals: the lost deal's card is gone from it.
        assert focused_card(app) is None or focused_card(app).id != target


async def test_won_on_a_card_changed_meanwhile_opens_no_form(make_app, db_file):
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Website redesign")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")
        as_colleague(lambda: deals.edit_deal(target, {"value": "99999"}, actor="dora"))
        before = deal_state(db_file, target)
        await pilot.press("a")
        await settle(pilot, app)
        assert not isinstance(app.screen, FormModal)
        assert (
            f"Deal #{target} was not marked won: dora changed value from 12500.00 to 99999.00"
            " meanwhile." in screen_text(app)
        )
        assert deal_state(db_file, target) == before
        card = focused_card(app)
        assert (card.id, card.value_cents, card.version) == (target, 9999900, before[0][2])


async def test_lost_form_open_while_someone_changes_the_deal_closes_without_saving(
    make_app, db_file
):
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Website redesign")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, FormModal)
        as_colleague(lambda: deals.move_deal(target, "Negotiation", actor="dora"))
        before = deal_state(db_file, target)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, FormModal)
        assert (
            f"Deal #{target} was not marked lost: dora changed phase from Proposal to"
            " Negotiation meanwhile." in screen_text(app)
        )
        assert deal_state(db_file, target) == before
        assert focused_card(app).phase_id == before[0][0]


async def test_reopen_of_a_card_changed_meanwhile_is_refused(make_app, db_file):
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Intranet")  # won
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f")  # open → won
        await settle(pilot, app)
        await go_to(pilot, app, "Intranet")
        as_colleague(lambda: deals.switch_outcome(target, actor="dora", reason="Other"))
        before = deal_state(db_file, target)
        await pilot.press("o", "y")
        await settle(pilot, app)
        assert (
            f"Deal #{target} was not reopened: dora changed status from accepted to rejected"
            in screen_text(app)
        )
        assert deal_state(db_file, target) == before
        assert before[0][1] == "rejected"


async def test_detail_next_phase_and_delete_on_a_deal_changed_meanwhile_are_refused(
    make_app, db_file
):
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Website redesign")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_detail(pilot, app, "Website redesign")
        as_colleague(lambda: deals.move_deal(target, "Negotiation", actor="dora"))
        before = deal_state(db_file, target)
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert (
            f"Deal #{target} was not moved: dora changed phase from Proposal to Negotiation"
            " meanwhile." in screen_text(app)
        )
        assert deal_state(db_file, target) == before
        assert "phase Negotiation" in screen_text(app)  # the heading shows the fresh deal
        assert screen.data["version"] == before[0][2]

        as_colleague(lambda: deals.edit_deal(target, {"owner": "Dora"}, actor="dora"))
        before = deal_state(db_file, target)
        await pilot.press("d", "y")
        await settle(pilot, app)
        assert isinstance(app.screen, DealScreen)
        assert f"Deal #{target} was not deleted: dora changed owner from Anna to Dora" in (
            screen_text(app)
        )
        assert deal_state(db_file, target) == before
        assert events_by(db_file, target, "tester") == []
        assert screen.query_one("#input-owner").value == "Dora"


async def test_a_second_press_before_the_first_move_is_saved_is_not_blamed_on_someone_else(
    make_app, db_file, monkeypatch
):
    from tui.screens import board_step

    real = board_step.step_and_card
    second_done = threading.Event()
    calls: list[int | None] = []

    def in_reverse_order(deal: int, step: int, actor: str, version: int | None, *, at=None):
        calls.append(version)
        if len(calls) == 1:  # the first move's worker is slow to get the database
            second_done.wait(timeout=10)
            return real(deal, step, actor, version, at=at)
        try:
            return real(deal, step, actor, version, at=at)
        finally:
            second_done.set()

    monkeypatch.setattr(board_step, "step_and_card", in_reverse_order)
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Website redesign")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")  # Proposal, version 1
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot, app)
        assert calls == [1, 2]
        text = screen_text(app)
        assert f"Deal #{target} was not moved again: the previous move was still" in text
        assert "someone else" not in text
        assert phase_of(db_file, target) == "Negotiation"  # moved once
        assert focused_card(app).phase_id == deal_state(db_file, target)[0][0]


async def test_a_load_read_before_the_first_move_was_saved_does_not_undo_it_on_screen(
    make_app, db_file, monkeypatch
):
    # The refused second press reloads the board. That load reads the deal before the first
    # move is saved, and its answer arrives after the first move's: the card must stay moved.
    from tui.screens import board, board_step

    real_step, real_load, real_moved = (
        board_step.step_and_card,
        board.load_board,
        board.BoardScreen._moved,
    )
    second_done, reload_read, first_answered = (threading.Event() for _ in range(3))
    calls: list[int | None] = []

    def in_reverse_order(deal: int, step: int, actor: str, version: int | None, *, at=None):
        calls.append(version)
        if len(calls) == 1:
            second_done.wait(timeout=10)
            reload_read.wait(timeout=10)
            return real_step(deal, step, actor, version, at=at)
        try:
            return real_step(deal, step, actor, version, at=at)
        finally:
            second_done.set()

    def load_read_early(*args):
        data = real_load(*args)
        if second_done.is_set():
            reload_read.set()
            first_answered.wait(timeout=10)
        return data

    async def moved(self, card):
        await real_moved(self, card)
        first_answered.set()

    monkeypatch.setattr(board_step, "step_and_card", in_reverse_order)
    monkeypatch.setattr(board, "load_board", load_read_early)
    monkeypatch.setattr(board.BoardScreen, "_moved", moved)
    app = make_app(live_refresh=None)
    target = deal_id(db_file, "Website redesign")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "Website redesign")  # Proposal, version 1
        await pilot.press("greater_than_sign", "greater_than_sign")
        await settle(pilot, app)
        assert calls == [1, 2]
        assert reload_read.is_set() and first_answered.is_set()
        text = screen_text(app)
        assert f"Deal #{target} was not moved again: the previous move was still" in text
        assert "someone else" not in text
        assert phase_of(db_file, target) == "Negotiation"  # moved once
        card = focused_card(app)
        phase, _, version, _ = deal_state(db_file, target)[0]
        assert (card.id, card.phase_id, card.version) == (target, phase, version)

        await pilot.press("greater_than_sign")  # pressed again, as the message says
        await settle(pilot, app)
        assert "someone else" not in screen_text(app)
        assert phase_of(db_file, target) == "Order"
