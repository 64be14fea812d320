"""The demo gives most open deals a next step, so the agenda of ``--demo`` is never empty."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from models.queries.agenda import load_agenda
from models.storage import database as database_module
from models.storage.database import open_database
from models.storage.schema import database_proxy

NOW = dt.datetime(2026, 5, 1, 12, 0)  # a Friday


def test_the_demo_agenda_has_overdue_today_and_later_steps(tmp_path: Path, demo_copy) -> None:
    path = tmp_path / "demo.sqlite"
    demo_copy(path, deals=300, seed=1, now=NOW)  # build_demo's, shared (tests/models/conftest.py)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        steps = connection.execute(
            "SELECT status, deleted_at IS NULL, next_step IS NOT NULL, COUNT(*) FROM deal"
            " GROUP BY 1, 2, 3"
        ).fetchall()
        latest = connection.execute(
            "SELECT COUNT(*) FROM deal d WHERE next_step IS NOT NULL AND d.updated_at <"
            " (SELECT MAX(at) FROM deal_event e WHERE e.deal_id = d.id)"
        ).fetchone()
    connection.close()
    with_step = {(status, live): n for status, live, has, n in steps if has}
    without = {(status, live): n for status, live, has, n in steps if not has}
    assert set(with_step) == {("open", 1)}  # only open, live deals
    assert with_step[("open", 1)] > 2 * without[("open", 1)]  # most, not all
    assert latest == (0,)  # set by the deal's last change
    saved = (database_proxy.obj, database_module._info)
    try:
        open_database(path)
        groups = {entry["group"] for entry in load_agenda(NOW).entries}
    finally:
        database_proxy.obj.close()
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]
    assert groups == {"overdue", "today", "this_week", "later", "no_date"}
