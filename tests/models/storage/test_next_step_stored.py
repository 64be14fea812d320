"""A next step another client stored in a shape dealboard cannot use: named, shown, fixable.

Written as a client that dropped migration 0010's triggers would write it (SQLite only:
PostgreSQL's typed columns never hold such a value).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from models.operations import deals
from models.operations.lookup import find_deal
from models.queries.agenda import load_agenda
from models.queries.board import load_card
from models.queries.deal_views import deal_to_dict
from models.storage.database import open_database
from models.storage.maintenance import check_database
from models.storage.schema import database_proxy

NOW = dt.datetime(2026, 3, 4, 10, 0)


@pytest.fixture
def bad_step(db_path: Path) -> int:
    """A deal whose next step date is '2026-02-30', as another client stored it."""
    open_database(db_path)
    deal = deals.create_deal("Odd", actor="t", next_step="Call", at=NOW).id
    database_proxy.obj.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TRIGGER deal_next_step_shapes_update")
        conn.execute("UPDATE deal SET next_step_date = '2026-02-30' WHERE id = ?", (deal,))
    conn.close()
    open_database(db_path)
    return deal


@pytest.mark.sqlite_only
def test_a_bad_next_step_date_is_named_shown_marked_and_replaced(bad_step):
    result = check_database()
    assert f"Deal #{bad_step}: next step date '2026-02-30' is not a date." in result.problems
    view = deal_to_dict(find_deal(bad_step))
    assert view["next_step_date"].startswith("'2026-02-30' ⚠")
    assert view["problems"] == {"next_step_date": "not a date"}
    [entry] = load_agenda(NOW).entries
    assert entry["group"] == "no_date" and entry["next_step_date"].startswith("'2026-02-30'")
    card = load_card(bad_step)
    assert card is not None and card.has_next_step and card.next_step_date is None
    deals.edit_deal(bad_step, {"next_step_date": "2026-03-05"}, actor="t", at=NOW)
    assert deal_to_dict(find_deal(bad_step))["next_step_date"] == "2026-03-05"
