"""Bad CSV input: each file is refused with readable sentences, and nothing is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models.csv.importer import import_deals
from models.domain.errors import CsvImportError
from models.operations import phases
from tests.conftest import assert_readable
from tests.models.csv.csv_helpers import HEADER, line

CLOSED = {"status": "accepted", "created_at": "2026-01-01", "closed_at": "2026-01-02"}
LOST = {**CLOSED, "status": "rejected", "reason": "No budget"}


@pytest.fixture
def refused_import(db, tmp_path: Path, db_snapshot):
    """Import ``content`` expecting a refusal; check nothing changed; return the error."""

    def attempt(content: str | bytes, **kwargs: object) -> CsvImportError:
        path = tmp_path / "deals.csv"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        before = db_snapshot()
        with pytest.raises(CsvImportError) as caught:
            import_deals(path, actor="tester", **kwargs)
        assert db_snapshot() == before, "the database changed although the import was refused"
        assert_readable(str(caught.value))
        for problem in caught.value.problems:
            assert_readable(problem.message)
        return caught.value

    return attempt


# ------------------------------------------------- the file as a whole: one sentence

BAD_FILES = {
    "empty file": ("", r"is empty: the header row is missing; .*title, organization"),
    "only blank lines": ("\n\n  \n", r"is empty"),
    "only a byte-order mark": (b"\xef\xbb\xbf", r"is empty"),
    "header missing (data first)": (
        line(title="Website", value="5"),
        r"is not a header \(it names none of the columns\)",
    ),
    "header missing columns": (
        "title,organization,value\n",
        r"lacks the columns contact, owner, source, phase, status, reason, competitor,"
        r" expected_close, created_at, closed_at, note;",
    ),
    "header with an unknown column": (
        HEADER + ",amount\n",
        r"has unknown column 'amount'; the first line must name these 14 columns",
    ),
    "header with a misspelt column": (
        HEADER.replace("title", "titel") + "\n",
        r"lacks the column title and has unknown column 'titel'",
    ),
    "header with an unnamed column": (HEADER + ",\n", r"has unknown column an unnamed one"),
    "header naming a column twice": (
        HEADER + ",Title\n",
        r"names title more than once",
    ),
    # `;` and tab files are read since Excel's Dutch CSV is accepted (test_csv_excel.py).
    "pipe delimiter": (
        HEADER.replace(",", "|") + "\nDeal|||||5||||||||\n",
        r"seems to separate its columns with '\|'; dealboard reads commas, semicolons \(;\) or tabs",
    ),
    "not UTF-8 (Latin-1)": (
        (HEADER + "\n" + line(title="Caf\u00e9")).encode("latin-1"),
        r"is not UTF-8 text: line 2 has the byte 0xE9",
    ),
    "UTF-16 (Excel 'Unicode text')": (
        (HEADER + "\n").encode("utf-16"),
        r"is UTF-16 text, not UTF-8",
    ),
}


@pytest.mark.parametrize(("content", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_as_a_whole(refused_import, content, message):
    error = refused_import(content)
    assert re.search(message, str(error)), str(error)
    assert error.problems == []


def test_a_missing_file_and_a_directory(db, tmp_path):
    with pytest.raises(CsvImportError, match=r"There is no file .*nope\.csv\."):
        import_deals(tmp_path / "nope.csv", actor="tester")
    with pytest.raises(CsvImportError, match=r"is a directory, not a CSV file\."):
        import_deals(tmp_path, actor="tester")


# ------------------------------------------------- a bad row: line, column and why

BAD_ROWS = {
    "thousands separator": ({"value": "12.500,00"}, "value", r"Value '12.500,00' is not an amount"),
    "letters as value": ({"value": "abc"}, "value", r"Value 'abc' is not an amount"),
    "negative value": ({"value": "-5"}, "value", r"Value cannot be negative \(-5\)"),
    "three decimals": ({"value": "1.234"}, "value", r"is not an amount"),
    "day-month-year date": (
        {"expected_close": "31-02-2026"},
        "expected_close",
        r"Expected close '31-02-2026' is not a date; write it as YYYY-MM-DD",
    ),
    "a date that does not exist": (
        {"expected_close": "2026-02-31"},
        "expected_close",
        r"2026-02-31 is not a real date",
    ),
    "unknown status": (
        {"status": "won"},
        "status",
        r"Status 'won' is not one of open, accepted, rejected \(in Dutch: open, geaccepteerd"
        r" or gewonnen, afgewezen or verloren\)",
    ),
    "empty title": ({"title": "  ", "organization": "Acme"}, "title", r"Title cannot be empty"),
    "title too long": ({"title": "x" * 501}, "title", r"501 characters long; the limit is 500"),
    "escape code in a title": ({"title": "a\x1b[31mb"}, "title", r"control character"),
    "bad created_at": (
        {"created_at": "yesterday"},
        "created_at",
        r"Created at 'yesterday' is not a date and time; write ISO 8601",
    ),
    "impossible created_at": (
        {"created_at": "2026-02-30T10:00:00Z"},
        "created_at",
        r"is not a real date and time",
    ),
    "closed without closed_at": (
        {**CLOSED, "closed_at": ""},
        "closed_at",
        r"A deal that is accepted needs closed_at",
    ),
    "open with closed_at": (
        {"created_at": "2026-01-01", "closed_at": "2026-01-02"},
        "closed_at",
        r"An open deal has no closed_at",
    ),
    "closed before created": (
        {**CLOSED, "closed_at": "2025-12-31T23:00:00Z"},
        "closed_at",
        r"Closed at 2025-12-31 23:00:00 is before created_at 2026-01-01 00:00:00",
    ),
    "reason on an open deal": ({"reason": "Other"}, "reason", r"Only a won or lost deal has a"),
    "competitor on a won deal": (
        {**CLOSED, "competitor": "Acme"},
        "competitor",
        r"Only a lost \(rejected\) deal has a competitor",
    ),
    "unknown phase": (
        {"phase": "Pilot"},
        "phase",
        r"There is no phase 'Pilot'; add it first, or import with --create-missing",
    ),
    "unknown reason": (
        {**LOST, "reason": "Went bankrupt"},
        "reason",
        r"There is no reason 'Went bankrupt'",
    ),
    "reason for the other outcome": (
        {**LOST, "reason": "Best price"},
        "reason",
        r"Reason 'Best price' applies to accepted deals, not rejected ones",
    ),
    "lost without the required reason": (
        {**LOST, "reason": ""},
        "reason",
        r"A reason is required to reject a deal",
    ),
    "phase name too long for --create-missing": (
        {"phase": "p" * 61},
        "phase",
        r"Phase name is 61 characters long; the limit is 60",
    ),
    "a huge value cell": ({"value": "9" * 5000}, "value", r"5,000 characters long; that is not"),
}


@pytest.mark.parametrize(("cells", "column", "message"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_listed_with_its_line_column_and_why(refused_import, cells, column, message):
    content = HEADER + "\n" + line(title="Good one") + line(**cells)
    error = refused_import(content)
    assert str(error) == "1 row of deals.csv is wrong; nothing was imported."
    assert [(p.line, p.column) for p in error.problems] == [(3, column)]
    assert re.search(message, error.problems[0].message), error.problems[0].message


def test_an_open_deal_in_an_archived_phase(refused_import):
    phases.archive_phase("Order")
    error = refused_import(HEADER + "\n" + line(phase="order"))
    assert [(p.line, p.column) for p in error.problems] == [(2, "phase")]
    assert "Phase 'Order' is archived, so an open deal cannot be in it" in str(
        error.problems[0].message
    )


@pytest.mark.parametrize(
    ("row", "found"),
    [("Deal,,,,,5,,,,,,,\n", 13), ("Deal,,,,,12.500,00,,,,,,,,\n", 15), ("Deal\n", 1)],
)
def test_a_row_with_too_few_or_too_many_cells(refused_import, row, found):
    error = refused_import(HEADER + "\n" + row)
    assert [(p.line, p.column) for p in error.problems] == [(2, None)]
    assert error.problems[0].message.startswith(f"Expected 14 cells, found {found}")


def test_a_ten_megabyte_cell_is_a_problem_not_a_crash(refused_import):
    error = refused_import(HEADER + "\n" + line() + line(note="x" * 10_000_000))
    assert [(p.line, p.column) for p in error.problems] == [(3, None)]
    assert "longer than 1,000,000 characters" in error.problems[0].message


def test_a_long_note_gets_the_field_limit(refused_import):
    error = refused_import(HEADER + "\n" + line(note="x" * 200_000))
    assert error.problems[0].message == "Note is 200000 characters long; the limit is 20000."


def test_every_bad_row_is_listed_with_its_physical_line(refused_import):
    content = (
        HEADER
        + "\n"
        + line(title="Fine", note="one\ntwo\nthree")  # lines 2-4
        + line(value="abc", status="maybe")  # line 5
        + "\n"  # line 6, blank: skipped
        + line(title="Fine too")  # line 7
        + line(title="", expected_close="2026-13-01")  # line 8
        + line(title="Multi", note="a\nb", value="-1")  # lines 9-10
        + line(phase="Nowhere")  # line 11
    )
    error = refused_import(content)
    assert str(error) == "4 rows of deals.csv are wrong; nothing was imported."
    assert [(p.line, p.column) for p in error.problems] == [
        (5, "value"),
        (5, "status"),
        (8, "title"),
        (8, "expected_close"),
        (9, "value"),
        (11, "phase"),
    ]
    assert error.problems[0].describe().startswith("line 5, value: Value 'abc' is not")


def test_a_bad_row_among_good_ones_stops_the_whole_import(refused_import):
    rows = "".join(line(title=f"Deal {n}") for n in range(200))
    error = refused_import(HEADER + "\n" + rows + line(value="abc") + rows)
    assert [p.line for p in error.problems] == [202]


def test_create_missing_does_not_hide_other_problems(refused_import, rows):
    error = refused_import(
        HEADER + "\n" + line(phase="Pilot") + line(phase="Pilot", value="x"),
        create_missing=True,
    )
    assert [(p.line, p.column) for p in error.problems] == [(3, "value")]
    assert rows("SELECT COUNT(*) AS n FROM phase WHERE name = 'Pilot'") == [{"n": 0}]


def test_an_entirely_empty_row_is_skipped_not_refused(db, tmp_path, rows):
    path = tmp_path / "deals.csv"
    path.write_text(HEADER + "\n" + line(title="A") + ",,,,,,,,,,,,,\n" + line(title="B"))
    assert import_deals(path, actor="tester").deals == 2
    assert rows("SELECT title FROM deal ORDER BY id") == [{"title": "A"}, {"title": "B"}]
