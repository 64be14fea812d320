"""Probabilities through CSV (docs/csv.md): export → import into a fresh database keeps them.

The source is the test database (SQLite or PostgreSQL); the target a fresh copy of the seeded
SQLite template. A closed deal comes back at its probability at close and without an override
unless it had one; ``--create-missing`` gives a created phase the probability it had.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from models.csv.export import COLUMNS, OPTIONAL_COLUMNS, export_deals
from models.csv.importer import import_deals
from models.domain.errors import CsvImportError
from models.operations import deals, phases
from models.storage.database import open_database
from tests.conftest import query_rows
from tests.models.csv.csv_helpers import file_text, read_export, write_file

ACTOR = "tester"
T0 = dt.datetime(2026, 3, 1, 9, 0)
T1 = dt.datetime(2026, 3, 20, 16, 0)
PROBABILITIES = (
    "SELECT d.title, p.name AS phase, p.probability AS phase_probability, d.status,"
    " d.probability_override, d.probability_at_close FROM deal d"
    " JOIN phase p ON p.id = d.phase_id ORDER BY d.title"
)
OLD_WITH_PROBABILITY = (*COLUMNS, "probability")  # what export wrote before the new columns
CLOSED = {"created_at": "2026-01-01", "closed_at": "2026-01-02"}


@pytest.fixture
def fresh_target(tmp_path: Path, sqlite_template: Path) -> Path:
    """A new seeded SQLite database file (Introduction 10 % … Order 100 %), not yet opened."""
    target = tmp_path / "target.sqlite"
    shutil.copy(sqlite_template, target)
    return target


def _round_trip(source: str, target: Path, tmp_path: Path, **options: Any) -> Any:
    """Export the source's deals, import them into ``target``; return the import's result."""
    open_database(source)
    export_deals(tmp_path / "deals.csv")
    open_database(target)
    return import_deals(tmp_path / "deals.csv", actor="importer", **options)


def _import(target: Path, folder: Path, text: str, **options: Any) -> Any:
    """Import a file with this text into ``target``."""
    open_database(target)
    return import_deals(write_file(folder, text), actor="importer", **options)


def _closed(title: str, outcome: str, phase: str, **kwargs: Any) -> None:
    deal = deals.create_deal(title, actor=ACTOR, value="1000", phase=phase, at=T0, **kwargs)
    reason = "Best price" if outcome == "accepted" else "No budget"
    deals.close_deal(deal.id, outcome, actor=ACTOR, reason=reason, at=T1)


def test_round_trip_keeps_overrides_and_probabilities_at_close(
    db, db_target, fresh_target, tmp_path
):
    deals.create_deal("Open follows its phase", actor=ACTOR, phase="Proposal", at=T0)
    deals.create_deal("Open with 0 %", actor=ACTOR, phase="Proposal", probability_override=0, at=T0)
    deals.create_deal("Open with 65 %", actor=ACTOR, phase="Negotiation", probability_override=65)
    _closed("Lost with an override", "rejected", "Proposal", probability_override=30)
    _closed("Won at its phase's 75 %", "accepted", "Negotiation")
    phases.edit_phase("Presentation", probability=40)
    _closed("Won at 40 %, phase back at 25 %", "accepted", "Presentation")
    _closed("Lost at 40 %, phase back at 25 %", "rejected", "Presentation")
    phases.edit_phase("Presentation", probability=25)
    source = query_rows(db_target, PROBABILITIES)
    assert {row["title"]: row["probability_at_close"] for row in source}[
        "Won at 40 %, phase back at 25 %"
    ] == 40
    _round_trip(db_target, fresh_target, tmp_path)
    assert query_rows(fresh_target, PROBABILITIES) == source
    exported = {row["title"]: row for row in read_export(tmp_path / "deals.csv")}
    assert {  # the old column keeps its meaning: empty where the deal follows its phase
        title: row["probability"] for title, row in exported.items()
    } == {
        "Open follows its phase": "",
        "Open with 0 %": "0",
        "Open with 65 %": "65",
        "Lost with an override": "30",
        "Won at its phase's 75 %": "",
        "Won at 40 %, phase back at 25 %": "40",
        "Lost at 40 %, phase back at 25 %": "40",
    }
    assert exported["Won at its phase's 75 %"]["probability_at_close"] == "75"
    assert exported["Lost with an override"]["probability_override"] == "30"
    assert exported["Open with 65 %"]["probability_at_close"] == ""


def test_a_closed_deal_at_a_probability_the_target_phase_lacks(
    db, db_target, fresh_target, tmp_path
):
    """Closed at its phase's 60 %: the target's Proposal says 50 %, the deal keeps 60 %."""
    phases.edit_phase("Proposal", probability=60)
    _closed("Won at 60 %", "accepted", "Proposal")
    _round_trip(db_target, fresh_target, tmp_path)
    assert query_rows(fresh_target, PROBABILITIES) == [
        {
            "title": "Won at 60 %",
            "phase": "Proposal",
            "phase_probability": 50,
            "status": "accepted",
            "probability_override": None,
            "probability_at_close": 60,
        }
    ]


def test_create_missing_keeps_a_closed_deals_40_percent(db, db_target, fresh_target, tmp_path):
    """The case of the issue: won at its phase's 40 %, the phase absent from the target."""
    phases.add_phase("Pilot", 40)
    _closed("Won in Pilot", "accepted", "Pilot")
    deals.create_deal("Open in Pilot", actor=ACTOR, phase="Pilot", at=T0)
    assert read_export_of(db_target, tmp_path)[0]["probability"] == ""  # equals the phase's
    result = _round_trip(db_target, fresh_target, tmp_path, create_missing=True)
    assert (result.created_phases, result.phase_probabilities) == (["Pilot"], {"Pilot": 40})
    assert query_rows(fresh_target, PROBABILITIES) == [
        {
            "title": "Open in Pilot",
            "phase": "Pilot",
            "phase_probability": 40,
            "status": "open",
            "probability_override": None,
            "probability_at_close": None,
        },
        {
            "title": "Won in Pilot",
            "phase": "Pilot",
            "phase_probability": 40,
            "status": "accepted",
            "probability_override": None,
            "probability_at_close": 40,
        },
    ]


def read_export_of(source: str, folder: Path) -> list[dict[str, str]]:
    """Export ``source`` to a scratch file and return its rows."""
    open_database(source)
    export_deals(folder / "peek.csv")
    return read_export(folder / "peek.csv")


def test_a_closed_deal_gets_no_override_from_its_probability(fresh_target, tmp_path):
    text = file_text(
        OLD_WITH_PROBABILITY,
        {
            "title": "Won at 30 %",
            "phase": "Proposal",
            "status": "accepted",
            "probability": "30",
            **CLOSED,
        },
        {"title": "Open at 30 %", "phase": "Proposal", "probability": "30"},
    )
    _import(fresh_target, tmp_path, text)
    assert query_rows(
        fresh_target, "SELECT title, probability_override, probability_at_close FROM deal"
    ) == [
        {"title": "Won at 30 %", "probability_override": None, "probability_at_close": 30},
        {"title": "Open at 30 %", "probability_override": 30, "probability_at_close": None},
    ]


def test_a_closed_deal_keeps_the_override_the_file_gives(fresh_target, tmp_path):
    columns = (*COLUMNS, "probability", "probability_at_close", "probability_override")
    text = file_text(
        columns,
        {"title": "A", "status": "accepted", "probability_override": "30", **CLOSED},
        {
            "title": "B",
            "status": "rejected",
            "reason": "No budget",
            "probability_at_close": "45",
            **CLOSED,
        },
        {
            "title": "C",
            "status": "accepted",
            "probability": "20",
            "probability_at_close": "20",
            **CLOSED,
        },
    )
    _import(fresh_target, tmp_path, text)
    assert query_rows(
        fresh_target, "SELECT probability_override, probability_at_close FROM deal ORDER BY id"
    ) == [
        {"probability_override": 30, "probability_at_close": 30},  # closed at its override
        {"probability_override": None, "probability_at_close": 45},
        {"probability_override": None, "probability_at_close": 20},
    ]


@pytest.mark.parametrize("columns", [COLUMNS, OLD_WITH_PROBABILITY], ids=["14", "15"])
def test_files_in_the_old_format_import_as_before(fresh_target, tmp_path, columns):
    """Without the new columns: a closed deal at its file probability, else its phase's; 0 %."""
    rows = [
        {"title": "Open", "phase": "Proposal"},
        {"title": "Won", "phase": "Negotiation", "status": "accepted", **CLOSED},
        {
            "title": "Lost in Pilot",
            "phase": "Pilot",
            "status": "rejected",
            "reason": "Gone",
            **CLOSED,
        },
    ]
    if "probability" in columns:
        rows.append({"title": "Open at 5 %", "phase": "Proposal", "probability": "5"})
        rows.append({"title": "Won at 90 %", "status": "accepted", "probability": "90", **CLOSED})
    result = _import(fresh_target, tmp_path, file_text(columns, *rows), create_missing=True)
    assert (result.created_phases, result.phase_probabilities) == (["Pilot"], {"Pilot": 0})
    expected = [
        ("Open", "Proposal", 50, "open", None, None),
        ("Won", "Negotiation", 75, "accepted", None, 75),
        ("Lost in Pilot", "Pilot", 0, "rejected", None, 0),
        ("Open at 5 %", "Proposal", 50, "open", 5, None),
        ("Won at 90 %", "Introduction", 10, "accepted", None, 90),
    ][: len(rows)]
    got = query_rows(fresh_target, PROBABILITIES.replace("ORDER BY d.title", "ORDER BY d.id"))
    assert [tuple(row.values()) for row in got] == expected


NEW = (*COLUMNS, *OPTIONAL_COLUMNS)
BAD = {
    "a probability at close on an open deal": (
        [{"probability_at_close": "40"}],
        [(2, "probability_at_close", "Only a won or lost deal has a probability at close")],
    ),
    "probability and probability_at_close differ": (
        [{"status": "accepted", "probability": "30", "probability_at_close": "40", **CLOSED}],
        [(2, "probability_at_close", "probability says 30 and probability_at_close says 40")],
    ),
    "probability and probability_override differ on an open deal": (
        [{"probability": "30", "probability_override": "35"}],
        [(2, "probability_override", "probability says 30 and probability_override says 35")],
    ),
    "phase_probability not a number": (
        [{"phase": "Pilot", "phase_probability": "40%"}],
        [(2, "phase_probability", r"whole number from 0 to 100, not '40%' \(leave out the %")],
    ),
    "probability_at_close over 100": (
        [{"status": "accepted", "probability_at_close": "140", **CLOSED}],
        [(2, "probability_at_close", "Probability 140 is not between 0 and 100")],
    ),
    "phase_position 0": (
        [{"phase": "Pilot", "phase_position": "0"}],
        [(2, "phase_position", r"Phase position '0' is not a whole number from 1 to 9999")],
    ),
    "phase_position not a number": (
        [{"phase": "Pilot", "phase_position": "third"}],
        [(2, "phase_position", r"Phase position 'third' is not a whole number")],
    ),
    "two positions for one new phase": (
        [{"phase": "Pilot", "phase_position": "3"}, {"phase": "Pilot", "phase_position": "4"}],
        [(3, "phase_position", "Pilot' is new and gets one position, but line 2 gives it 3")],
    ),
    "two probabilities for one new phase": (
        [
            {"phase": "Pilot", "phase_probability": "40"},
            {"phase": "Pilot"},
            {"phase": "pilot", "phase_probability": "45"},
        ],
        [(4, "phase_probability", "line 2 gives it 40 and this row 45")],
    ),
}


@pytest.mark.parametrize(("rows", "problems"), BAD.values(), ids=BAD.keys())
def test_bad_probability_cells_are_one_problem_on_their_row(fresh_target, tmp_path, rows, problems):
    with pytest.raises(CsvImportError) as caught:
        _import(fresh_target, tmp_path, file_text(NEW, *rows), create_missing=True)
    found = [(p.line, p.column, p.message) for p in caught.value.problems]
    assert [(line, column) for line, column, _ in found] == [
        (line, column) for line, column, _ in problems
    ]
    for (_, _, message), (_, _, pattern) in zip(found, problems, strict=True):
        assert re.search(pattern, message), message
    assert query_rows(fresh_target, "SELECT COUNT(*) AS n FROM deal") == [{"n": 0}]


def test_a_phase_probability_for_an_existing_phase_changes_nothing(fresh_target, tmp_path):
    text = file_text(NEW, {"phase": "Proposal", "phase_probability": "80"}, {"phase": "proposal"})
    _import(fresh_target, tmp_path, text)
    assert query_rows(fresh_target, "SELECT probability FROM phase WHERE name = 'Proposal'") == [
        {"probability": 50}
    ]


def test_create_missing_puts_phases_back_where_they_were(db, db_target, fresh_target, tmp_path):
    """Pilot sat between Presentation and Proposal, Legal review after Order: so again."""
    phases.add_phase("Legal review", 90)
    phases.add_phase("Pilot", 30, position=3)
    _closed("Won after legal review", "accepted", "Legal review")
    deals.create_deal("Open in Pilot", actor=ACTOR, phase="Pilot", at=T0)
    order = "SELECT name, probability, position FROM phase ORDER BY position"
    source = query_rows(db_target, order)
    assert [row["name"] for row in source][2:4] == ["Pilot", "Proposal"]
    result = _round_trip(db_target, fresh_target, tmp_path, create_missing=True)
    assert result.created_phases == ["Pilot", "Legal review"]
    assert query_rows(fresh_target, order) == source


def test_a_position_past_the_end_puts_the_phase_at_the_end(fresh_target, tmp_path):
    text = file_text(NEW, {"phase": "Pilot", "phase_position": "40"}, {"phase": "Intro 2"})
    _import(fresh_target, tmp_path, text, create_missing=True)
    assert query_rows(fresh_target, "SELECT name, position FROM phase ORDER BY position")[-2:] == [
        {"name": "Pilot", "position": 6},
        {"name": "Intro 2", "position": 7},
    ]
