"""`dealboard copy` carries each deal's next step and its date, on both databases."""

from __future__ import annotations

import datetime as dt

from models.operations import deals
from models.storage.copy import copy_database
from tests.backends import query_rows

AT = dt.datetime(2026, 3, 2, 9, 0)
STEPS = "SELECT id, next_step, next_step_date FROM deal ORDER BY id"


def test_copy_keeps_next_steps(db, db_target, tmp_path):
    deals.create_deal("Dated", actor="t", next_step="Call", next_step_date="2026-03-04", at=AT)
    deals.create_deal("Undated", actor="t", next_step="Mail", at=AT)
    deals.create_deal("Without", actor="t", at=AT)
    target = tmp_path / "copy.sqlite"
    copy_database(str(target))
    assert query_rows(str(target), STEPS) == [
        {"id": 1, "next_step": "Call", "next_step_date": "2026-03-04"},
        {"id": 2, "next_step": "Mail", "next_step_date": None},
        {"id": 3, "next_step": None, "next_step_date": None},
    ]
    assert query_rows(str(target), STEPS) == query_rows(db_target, STEPS)
