"""A deal's next step through CSV: exported last, imported back, older files still import."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from models.csv.export import COLUMNS, EXPORT_COLUMNS, export_deals
from models.csv.importer import import_deals
from models.domain.errors import CsvImportError
from models.operations import deals
from models.storage.database import open_database
from tests.conftest import query_rows
from tests.models.csv.csv_helpers import file_text, read_export, write_file

ACTOR = "tester"
T0 = dt.datetime(2026, 3, 1, 9, 0)
STEPS = "SELECT title, next_step, next_step_date FROM deal ORDER BY title"


@pytest.fixture
def fresh_target(tmp_path: Path, sqlite_template: Path) -> Path:
    """A new seeded SQLite database file, not yet opened."""
    target = tmp_path / "target.sqlite"
    shutil.copy(sqlite_template, target)
    return target


def test_the_next_step_columns_come_last(db):
    assert EXPORT_COLUMNS[-2:] == ("next_step", "next_step_date")


def test_next_steps_round_trip(db, db_target, fresh_target, tmp_path):
    deals.create_deal(
        "With a step", actor=ACTOR, next_step="=Call Anna", next_step_date="2026-03-04", at=T0
    )
    deals.create_deal("Undated", actor=ACTOR, next_step="Send the offer", at=T0)
    deals.create_deal("Without", actor=ACTOR, at=T0)
    export_deals(tmp_path / "deals.csv")
    exported = {row["title"]: row for row in read_export(tmp_path / "deals.csv")}
    assert exported["With a step"]["next_step"] == "'=Call Anna"  # neutralised
    assert exported["With a step"]["next_step_date"] == "2026-03-04"
    assert (exported["Without"]["next_step"], exported["Without"]["next_step_date"]) == ("", "")
    open_database(fresh_target)
    import_deals(tmp_path / "deals.csv", actor="importer")
    assert query_rows(fresh_target, STEPS) == [
        {"title": "Undated", "next_step": "Send the offer", "next_step_date": None},
        {"title": "With a step", "next_step": "=Call Anna", "next_step_date": "2026-03-04"},
        {"title": "Without", "next_step": None, "next_step_date": None},
    ]


def test_a_file_without_the_columns_still_imports(fresh_target, tmp_path):
    open_database(fresh_target)
    import_deals(write_file(tmp_path, file_text(COLUMNS, {"title": "Old"})), actor="importer")
    assert query_rows(fresh_target, STEPS) == [
        {"title": "Old", "next_step": None, "next_step_date": None}
    ]


def test_bad_next_step_cells_are_listed_and_nothing_is_written(fresh_target, tmp_path):
    columns = (*COLUMNS, "next_step", "next_step_date")
    text = file_text(
        columns,
        {"title": "Bad date", "next_step": "Call", "next_step_date": "2026-02-30"},
        {"title": "Date alone", "next_step_date": "2026-03-04"},
        {"title": "Fine", "next_step": "Call", "next_step_date": "2026-03-04"},
    )
    open_database(fresh_target)
    with pytest.raises(CsvImportError) as caught:
        import_deals(write_file(tmp_path, text), actor="importer")
    problems = [(p.line, p.column) for p in caught.value.problems]
    assert problems == [(2, "next_step_date"), (3, "next_step_date")]
    assert "needs the next step itself" in caught.value.problems[1].message
    assert query_rows(fresh_target, "SELECT COUNT(*) AS n FROM deal") == [{"n": 0}]
