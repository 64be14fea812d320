"""CSV from and for Excel in Dutch settings (docs/csv.md): `;`, tabs, the decimal comma."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from models.csv.dialect import COMMA, SEMICOLON, TAB, sniff
from models.csv.export import COLUMNS, EXPORT_COLUMNS, export_deals, write_deals_csv
from models.csv.importer import import_deals
from models.domain.errors import CsvImportError
from models.operations import deals
from models.storage.database import open_database
from tests.conftest import query_rows
from tests.models.csv.csv_helpers import CARRIED, write_file

ACTOR = "tester"
T0 = dt.datetime(2026, 3, 1, 9, 30, 0)
T1 = dt.datetime(2026, 4, 2, 15, 0, 0)


def text_with(delimiter: str, *rows: dict[str, str], end: str = "\n") -> str:
    """A file's text with the 14 columns separated by ``delimiter``, one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=end)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([{"title": "Deal", **row}.get(name, "") for name in COLUMNS])
    return out.getvalue()


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write text (or bytes) to deals.csv in tmp_path and return its path."""
    return lambda content: write_file(tmp_path, content)


# ---------------------------------------------------------------- which separator


@pytest.mark.parametrize(
    ("header", "dialect"),
    [
        (",".join(COLUMNS), COMMA),
        (";".join(COLUMNS), SEMICOLON),
        ("\t".join(COLUMNS), TAB),
        ('"title";"value";"note"', SEMICOLON),
        ("\n\n" + ";".join(EXPORT_COLUMNS), SEMICOLON),  # empty lines before the header
        ("title;organization;contact,note", SEMICOLON),  # more names split by ; than by ,
        ("naam;bedrag", COMMA),  # names no column: commas, and the header check explains
    ],
)
def test_the_header_line_tells_the_separator(header, dialect):
    assert sniff(header + "\nx;y,z\n", EXPORT_COLUMNS) == dialect


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_separator_imports_the_same_deal(db, write_csv, rows, delimiter):
    path = write_csv(text_with(delimiter, {"title": "Web, site; 2", "value": "12500", "note": "a"}))
    assert import_deals(path, actor=ACTOR).deals == 1
    assert rows("SELECT title, value_cents, note FROM deal") == [
        {"title": "Web, site; 2", "value_cents": 1250000, "note": "a"}
    ]


# ---------------------------------------------------------------- the decimal comma


@pytest.mark.parametrize(
    ("cell", "cents"),
    [
        ("12500,50", 1250050),
        ("12.500,50", 1250050),
        ("12.500,5", 1250050),
        ("12.500", 1250000),  # the dot between thousands, as in Dutch
        ("1.250.000", 125000000),
        ("12500", 1250000),
        ("12500.5", 1250050),  # Calc in Dutch settings saves a ; file like this
        (" 7,00 ", 700),
        ("€ 12.500,00", 1250000),  # as the Dutch screens show an amount
        ("", 0),
    ],
)
def test_a_semicolon_file_takes_the_decimal_comma(db, write_csv, rows, cell, cents):
    assert import_deals(write_csv(text_with(";", {"value": cell})), actor=ACTOR).deals == 1
    assert rows("SELECT value_cents FROM deal") == [{"value_cents": cents}]


@pytest.mark.parametrize(
    ("cell", "expected_close"),
    [("31-01-2027", "2027-01-31"), ("31-1-2027", "2027-01-31"), ("2027-01-31", "2027-01-31")],
)
def test_a_semicolon_file_takes_dutch_dates(db, write_csv, rows, cell, expected_close):
    path = write_csv(text_with(";", {"expected_close": cell}))
    assert import_deals(path, actor=ACTOR).deals == 1
    assert rows("SELECT expected_close FROM deal") == [{"expected_close": expected_close}]


def test_a_comma_file_reads_amounts_and_dates_as_before(db, write_csv, db_snapshot):
    """Without `;` the dot is the decimal sign: 12.500,00 stays refused, as docs/csv.md says."""
    before = db_snapshot()
    path = write_csv(text_with(",", {"value": "12.500,00"}, {"expected_close": "31-01-2027"}))
    with pytest.raises(CsvImportError) as caught:
        import_deals(path, actor=ACTOR)
    assert [(p.line, p.column) for p in caught.value.problems] == [
        (2, "value"),
        (3, "expected_close"),
    ]
    assert db_snapshot() == before


def test_bom_crlf_and_semicolons_as_excel_saves_them(db, write_csv, rows):
    text = text_with(
        ";",
        {"title": "Café", "value": "1.234,56", "note": "two\r\nlines"},
        {"title": "Bar", "status": "gewonnen", "created_at": "2026-01-01", "closed_at": ""},
        end="\r\n",
    )
    path = write_csv(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with pytest.raises(CsvImportError) as caught:  # a won deal without closed_at
        import_deals(path, actor=ACTOR)
    assert [(p.line, p.column) for p in caught.value.problems] == [(4, "closed_at")]
    fixed = text.replace("01;;", "01;2026-01-02;")
    assert import_deals(write_csv(b"\xef\xbb\xbf" + fixed.encode()), actor=ACTOR).deals == 2
    assert rows("SELECT title, value_cents, note, status FROM deal ORDER BY id") == [
        {"title": "Café", "value_cents": 123456, "note": "two\nlines", "status": "open"},
        {"title": "Bar", "value_cents": 0, "note": "", "status": "accepted"},
    ]


# ---------------------------------------------------------------- refusals


# The sentence Dutch input gives (models.domain.typed_input), whatever the interface's language.
NOT_DUTCH = (
    r"is not an amount; write it like 12\.500,00, 12500,00 or 12\.500 \(dots between thousands,"
    r" a comma before the cents, at most two decimals\)\.$"
)
BAD_CELLS = {
    "English thousands": ("12,500.00", r"^Value '12,500\.00' " + NOT_DUTCH),
    "misplaced dot": ("1.25,00", r"^Value '1\.25,00' " + NOT_DUTCH),
    "three decimals": ("12,505", r"^Value '12,505' " + NOT_DUTCH),
    "words": ("twaalf", r"^Value 'twaalf' " + NOT_DUTCH),
    "negative": ("-5,00", r"^Value cannot be negative"),
}


@pytest.mark.parametrize(("cell", "message"), BAD_CELLS.values(), ids=BAD_CELLS.keys())
def test_a_bad_amount_in_a_semicolon_file_is_one_sentence_and_nothing_is_written(
    db, write_csv, db_snapshot, cell, message
):
    import re

    before = db_snapshot()
    path = write_csv(text_with(";", {"title": "Good", "value": "5,00"}, {"value": cell}))
    with pytest.raises(CsvImportError, match=r"1 row of deals\.csv is wrong") as caught:
        import_deals(path, actor=ACTOR)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, "value")
    assert re.search(message, problem.message), problem.message
    assert problem.message.count(". ") == 0  # one sentence
    assert db_snapshot() == before


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31-02-2027", r"^Expected close 31-02-2027 is not a real date\.$"),
        (
            "31/01/2027",
            r"^Expected close '31/01/2027' is not a date; write it as 31-01-2027, 31-1-2027 or"
            r" 2027-01-31\.$",
        ),
        ("1-1-1800", r"out of range"),
    ],
)
def test_a_bad_date_in_a_semicolon_file(db, write_csv, db_snapshot, cell, message):
    import re

    before = db_snapshot()
    with pytest.raises(CsvImportError) as caught:
        import_deals(write_csv(text_with(";", {"expected_close": cell})), actor=ACTOR)
    (problem,) = caught.value.problems
    assert problem.column == "expected_close"
    assert re.search(message, problem.message), problem.message
    assert db_snapshot() == before


def test_a_row_with_the_wrong_separator_is_a_problem_on_its_line(db, write_csv, db_snapshot):
    before = db_snapshot()
    text = text_with(";", {"title": "A"}) + "B,,,,,5,,,,,,,,\n"
    with pytest.raises(CsvImportError) as caught:
        import_deals(write_csv(text), actor=ACTOR)
    assert [p.describe() for p in caught.value.problems] == ["line 3: Expected 14 cells, found 1."]
    assert db_snapshot() == before


def test_an_unknown_separator_is_refused_in_one_sentence(db, write_csv):
    with pytest.raises(CsvImportError) as caught:
        import_deals(write_csv("|".join(COLUMNS) + "\nDeal|||||5||||||||\n"), actor=ACTOR)
    assert str(caught.value) == (
        "The file deals.csv seems to separate its columns with '|'; dealboard reads commas,"
        " semicolons (;) or tabs."
    )


# ---------------------------------------------------------------- export --excel


def test_the_excel_export_format(db, tmp_path):
    deal = deals.create_deal(
        "Web;site",
        actor=ACTOR,
        value="12500.5",
        phase="Proposal",
        expected_close="2027-01-31",
        note="=SUM(A1)\nline two",
        at=T0,
    )
    deals.reject_deal(deal.id, actor=ACTOR, reason="No budget", competitor="@acme", at=T1)
    assert export_deals(tmp_path / "x.csv", excel=True).deals == 1
    data = (tmp_path / "x.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 2  # ends of the 2 rows
    header, row = data[3:].decode().split("\r\n", 1)
    assert header == ";".join(EXPORT_COLUMNS)
    cells = dict(zip(EXPORT_COLUMNS, next(csv.reader([row], delimiter=";")), strict=True))
    assert cells["title"] == "Web;site" and row.startswith('"Web;site";')
    assert cells["value"] == "12500,50"
    assert cells["expected_close"] == "2027-01-31"
    assert (cells["created_at"], cells["closed_at"]) == (
        "2026-03-01T09:30:00Z",
        "2026-04-02T15:00:00Z",
    )
    assert cells["note"] == "'=SUM(A1)\nline two" and cells["competitor"] == "'@acme"
    assert cells["phase_probability"].isdigit()


def test_excel_export_to_a_stream_has_the_same_shape(db):
    deals.create_deal("A", actor=ACTOR, value="7")
    out = io.StringIO(newline="")
    assert write_deals_csv(out, excel=True) == 1
    assert out.getvalue().startswith("\ufefftitle;organization;")
    assert ";7,00;" in out.getvalue() and out.getvalue().endswith("\r\n")


def test_the_plain_export_is_unchanged(db, tmp_path):
    deals.create_deal("A", actor=ACTOR, value="7.5")
    export_deals(tmp_path / "x.csv")
    data = (tmp_path / "x.csv").read_bytes()
    assert data.startswith(b"title,") and b"\r" not in data and b",7.50," in data


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, demo_copy) -> Path:
    """A 300-deal demo database: every status, overrides, notes with line breaks."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    # build_demo's, shared with the CSV export tests (tests/models/conftest.py)
    demo_copy(path, deals=300, seed=5, now=dt.datetime(2026, 5, 1, 12, 0))
    return path


def test_excel_export_then_import_into_an_empty_database_gives_the_same_deals(demo_file, tmp_path):
    open_database(demo_file)
    export_deals(tmp_path / "deals.csv", excel=True)
    assert (tmp_path / "deals.csv").read_bytes().startswith(b"\xef\xbb\xbftitle;")
    target = tmp_path / "imported.sqlite"
    open_database(target)
    result = import_deals(tmp_path / "deals.csv", actor="importer")
    original = query_rows(demo_file, CARRIED)
    assert result.deals == len(original) > 250
    assert query_rows(target, CARRIED) == original
    probabilities = (
        "SELECT d.probability_override, d.probability_at_close, p.probability, p.position"
        " FROM deal d JOIN phase p ON p.id = d.phase_id WHERE d.deleted_at IS NULL ORDER BY d.id"
    )
    assert query_rows(target, probabilities) == query_rows(demo_file, probabilities)
