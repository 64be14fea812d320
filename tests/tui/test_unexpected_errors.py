"""A bug behind an "Unexpected error" toast is recorded, so the pilot test that caused it fails.

The autouse fixture ``unexpected_errors`` (tests/conftest.py) collects what ``tui.dbwork``
reports, and a test that ends with anything in it fails. These tests provoke such a bug on
purpose, check that it was recorded (and shown), and then clear the list.
"""

from __future__ import annotations

import logging
import sqlite3

import pytest

from tests.conftest import UNEXPECTED_LOG
from tests.tui.conftest import query, screen_text, settle
from tui import dbwork
from tui.screens import board, board_step


def test_the_suite_listens_where_the_app_reports() -> None:
    assert dbwork.UNEXPECTED_LOG == UNEXPECTED_LOG


async def test_a_bug_in_the_move_worker_is_recorded(
    make_app, db_file, monkeypatch: pytest.MonkeyPatch, unexpected_errors: list[logging.LogRecord]
) -> None:
    real = board_step.step_and_card

    def moved_then_broken(
        deal_id: int, step: int, actor: str, version: int | None, *, at=None
    ) -> None:
        real(deal_id, step, actor, version, at=at)
        raise KeyError("card")

    monkeypatch.setattr(board_step, "step_and_card", moved_then_broken)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        deal_id = app.screen.current_deal_id
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert "KeyError: 'card'" in screen_text(app)
    assert query(db_file, "SELECT phase_id FROM deal WHERE id = ?", deal_id) == [(2,)]
    assert [record.getMessage() for record in unexpected_errors] == ["unexpected KeyError: 'card'"]
    unexpected_errors.clear()  # provoked on purpose


async def test_a_bug_in_a_callback_on_the_ui_thread_is_recorded(
    make_app, unexpected_errors: list[logging.LogRecord]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)

        def broken(_value: object) -> None:
            raise ValueError("callback")

        # Before, a callback that raised ended its worker silently: no toast, nothing failed.
        dbwork.run_db(app.screen, lambda: 1, on_done=broken)
        await settle(pilot, app)
        assert "ValueError: callback" in screen_text(app)
    assert [record.getMessage() for record in unexpected_errors] == [
        "unexpected ValueError: callback"
    ]
    unexpected_errors.clear()  # provoked on purpose


async def test_a_bug_in_a_live_refresh_reload_is_recorded(
    make_app, db_file, monkeypatch: pytest.MonkeyPatch, unexpected_errors: list[logging.LogRecord]
) -> None:
    def broken(_screen: object) -> None:
        raise LookupError("reload")

    monkeypatch.setattr(board.BoardScreen, "refresh_from_database", broken)
    app = make_app(live_refresh=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        with sqlite3.connect(db_file) as connection:  # another client's change
            connection.execute("UPDATE deal SET owner = 'Dora' WHERE id = 1")
        for _ in range(100):  # the live refresh looks every 0.05 s
            await pilot.pause(0.05)
            # The error is logged before its toast is drawn: wait for both.
            if unexpected_errors and "LookupError: reload" in screen_text(app):
                break
        assert "LookupError: reload" in screen_text(app)
    # Before, the exception ended the live-refresh thread: no toast, nothing failed.
    assert [record.getMessage() for record in unexpected_errors] == [
        "unexpected LookupError: reload"
    ]
    unexpected_errors.clear()  # provoked on purpose
