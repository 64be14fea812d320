"""The demo's sales team are people: each login's display name is the owner its deals show."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from models.demo import build as demo
from models.demo import bulk as demo_bulk
from models.demo.build import build_demo
from models.demo.data import TEAM
from models.storage.database import open_database
from models.storage.maintenance import check_database
from models.storage.schema import database_proxy

NOW = dt.datetime(2026, 11, 27, 9, 0)


def people_and_owners(path: Path) -> tuple[list[tuple[str, str, int]], set[str]]:
    with sqlite3.connect(path) as conn:
        people = conn.execute("SELECT login, name, archived FROM person ORDER BY id").fetchall()
        owners = {row[0] for row in conn.execute("SELECT DISTINCT owner FROM deal")}
    conn.close()
    return people, owners


@pytest.mark.parametrize("path_kind", ["replayed", "bulk"])
def test_the_team_are_people_and_check_finds_no_look_alike_owners(tmp_path, monkeypatch, path_kind):
    if path_kind == "bulk":
        monkeypatch.setattr(demo, "BULK_ABOVE", 50)  # the bulk path, in blocks of 100
        monkeypatch.setattr(demo_bulk, "BLOCK", 100)
    path = tmp_path / "demo.sqlite"
    build_demo(path, deals=120, seed=2, now=NOW)
    people, owners = people_and_owners(path)
    assert people == [(login, owner, 0) for owner, login, _ in TEAM]
    assert owners <= {owner for owner, _, _ in TEAM}
    saved = database_proxy.obj
    database = open_database(path)
    try:
        assert check_database().warnings == []
    finally:
        database.close()
        database_proxy.initialize(saved)
