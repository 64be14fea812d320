"""The columns' totals: SQLite's plain sums when they are exact, the two-part sums otherwise."""

from __future__ import annotations

import pytest

from models.queries import board_totals
from models.queries.board_totals import column_totals
from tests.models.queries.board_pipeline import pipeline


def two_part(monkeypatch: pytest.MonkeyPatch, status: str) -> board_totals.Totals:
    """The totals as the two-part sums give them (as on PostgreSQL)."""
    with monkeypatch.context() as patch:
        patch.setattr(board_totals, "is_postgres", lambda db: True)
        return column_totals(status)


def plain_sums(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records whether each plain-sum attempt was kept (True) or fell back (False)."""
    kept: list[bool] = []
    real = board_totals._plain_totals

    def recording(*args: object) -> board_totals.Totals | None:
        totals = real(*args)
        kept.append(totals is not None)
        return totals

    monkeypatch.setattr(board_totals, "_plain_totals", recording)
    return kept


@pytest.mark.parametrize("status", ["open", "accepted", "rejected", "all"])
def test_plain_sums_give_the_two_part_sums(db, make_deal, monkeypatch, status):
    pipeline(make_deal)
    kept = plain_sums(monkeypatch)
    totals = column_totals(status)
    assert totals == two_part(monkeypatch, status)
    assert totals and all(type(value) is int for row in totals.values() for value in row)
    if db.param == "?":  # SQLite: the plain sums were kept
        assert kept == [True]


def insert_open(db, phase_id: int, cents: int, count: int = 1) -> None:
    """Insert open deals of ``cents`` as another client could (past the app's own maximum)."""
    sql = (
        "INSERT INTO deal (title, value_cents, phase_id, status, created_at, updated_at)"
        " VALUES (?, ?, ?, 'open', '2026-06-01 09:00:00', '2026-06-01 09:00:00')"
    ).replace("?", db.param)
    with db.atomic():
        db.cursor().executemany(sql, [(f"Big {n}", cents, phase_id) for n in range(count)])


def first_phase(db) -> int:
    return db.execute_sql("SELECT id FROM phase ORDER BY position, id LIMIT 1").fetchone()[0]


# SQLite only: PostgreSQL always takes the two-part sums (and a product past 64 bits fails).
@pytest.mark.sqlite_only
def test_a_sum_past_64_bits_falls_back_to_the_two_part_sums(db, monkeypatch):
    phase = first_phase(db)
    insert_open(db, phase, 2**62, count=3)  # the value's sum passes 2**63
    kept = plain_sums(monkeypatch)
    totals = column_totals("open")
    assert totals[phase][:2] == (3, 3 * 2**62)
    assert totals == two_part(monkeypatch, "open")
    assert kept == [False]


@pytest.mark.sqlite_only
def test_a_weighted_value_past_64_bits_falls_back_to_the_two_part_sums(db, monkeypatch):
    phase = first_phase(db)
    insert_open(db, phase, 2**61)  # its value times the probability passes 2**63: a float
    kept = plain_sums(monkeypatch)
    totals = column_totals("open")
    assert totals[phase][:2] == (1, 2**61)
    assert totals == two_part(monkeypatch, "open")
    assert kept == [False]
