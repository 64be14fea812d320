"""CSV timestamps at the edges of what Python's datetime holds are one sentence each."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.csv.importer import import_deals
from models.domain.errors import CsvImportError
from tests.models.csv.csv_helpers import HEADER, line

EXTREMES = [
    "0001-01-01T00:00+01:00",  # one hour before year 1 in UTC: OverflowError in astimezone
    "9999-12-31T23:59-01:00",  # past year 9999 in UTC
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2999-12-31T23:30-01:00",  # the year 3000 in UTC
]


@pytest.mark.parametrize("stamp", EXTREMES)
@pytest.mark.parametrize("column", ["created_at", "closed_at"])
def test_an_extreme_timestamp_is_a_row_problem(db, tmp_path: Path, stamp: str, column: str):
    cells = {"status": "accepted", "created_at": "2026-01-01", "closed_at": "2026-01-02"}
    cells[column] = stamp
    path = tmp_path / "deals.csv"
    path.write_text(HEADER + "\n" + line(title="Edge", **cells), encoding="utf-8", newline="")
    with pytest.raises(CsvImportError) as caught:
        import_deals(path, actor="tester")
    problems = caught.value.problems
    assert [(problem.line, problem.column) for problem in problems] == [(2, column)]
    assert problems[0].message.endswith("is out of range."), problems[0].message
