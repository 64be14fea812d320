"""`dealboard export --excel` and importing Excel's Dutch CSV from the shell (docs/csv.md).

The LibreOffice tests open the exported file in Calc (headless) with Dutch settings and check
that amounts arrive as numbers and dates as dates. They are skipped without ``soffice`` and
fail instead in CI (``CI`` set), where .ci/run installs it.
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from models.csv.export import COLUMNS, EXPORT_COLUMNS
from tests.tui.cli.conftest import run_process

# LibreOffice's CSV filter options: separator ; (59), quote " (34), UTF-8 (76), from line 1,
# no column formats, language nl-NL (1043), quoted cells not forced to text, special
# numbers (dates) detected.
DUTCH_CSV_IN = "CSV:59,34,76,1,,1043,false,true"
DUTCH_CSV_OUT = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1043"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def dump(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return [
            (table, *row)
            for table in ("phase", "reason", "deal", "deal_event", "setting")
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1")
        ]


def deals_of(db: Path) -> list[tuple]:
    """What CSV carries of each deal, for comparing two databases."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT d.title, d.organization, d.value_cents, p.name, d.status, r.name,"
            " d.competitor, d.expected_close, substr(d.created_at, 1, 19),"
            " substr(d.closed_at, 1, 19), d.note, d.probability_override"
            " FROM deal d JOIN phase p ON p.id = d.phase_id"
            " LEFT JOIN reason r ON r.id = d.reason_id ORDER BY d.id"
        ).fetchall()


def add_deals(run) -> None:
    run("deal", "add", "Web;site", "--value", "12500.5", "--phase", "proposal")
    run("deal", "edit", "1", "--expected-close", "2027-01-31", "--note", "two\nlines")
    run("deal", "add", "=1+1", "--value", "7", "--organization=-minus")
    run("deal", "add", "Intranet", "--value", "1234567.89", "--phase", "negotiation")
    run("deal", "reject", "3", "--reason", "No budget", "--competitor", "Acme")


def semicolon_file(*rows: dict[str, str]) -> bytes:
    """A file as Excel in Dutch settings saves one: BOM, `;`, CRLF."""
    lines = [";".join(COLUMNS)]
    lines += [";".join({"title": "Deal", **row}.get(name, "") for name in COLUMNS) for row in rows]
    return b"\xef\xbb\xbf" + "\r\n".join([*lines, ""]).encode("utf-8")


# ---------------------------------------------------------------- export --excel


def test_export_excel_writes_what_dutch_excel_opens(run, tmp_path):
    add_deals(run)
    target = tmp_path / "deals.csv"
    result = run("export", str(target), "--excel")
    assert result.code == 0, result.err
    assert (result.out, result.err.strip()) == ("", f"Exported 3 deals to {target}.")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbftitle;organization;contact;")
    assert data.count(b"\r\n") == 4 and b"two\nlines" in data  # row ends; a note keeps its \n
    rows = list(csv.DictReader(data[3:].decode().splitlines(keepends=True), delimiter=";"))
    assert [row["title"] for row in rows] == ["Web;site", "'=1+1", "Intranet"]
    assert [row["value"] for row in rows] == ["12500,50", "7,00", "1234567,89"]
    assert rows[0]["expected_close"] == "2027-01-31" and rows[1]["organization"] == "'-minus"


def test_export_excel_to_standard_output(run):
    add_deals(run)
    result = run("export", "-", "--excel", "--status", "rejected")
    assert result.code == 0, result.err
    header, row = result.out.removeprefix("\ufeff").split("\r\n")[:2]
    assert result.out.startswith("\ufeff") and header == ";".join(EXPORT_COLUMNS)
    assert row.startswith("Intranet;;;tester;;1234567,89;Negotiation;rejected;No budget;Acme;")


def test_export_excel_then_import_into_an_empty_database_gives_the_same_deals(run, tmp_path):
    add_deals(run)
    target = tmp_path / "deals.csv"
    assert run("export", str(target), "--excel").code == 0
    empty = tmp_path / "empty.sqlite"
    assert run("init", db=empty).code == 0
    result = run("import", str(target), db=empty)
    assert result.code == 0, result.err
    assert result.out == "3\n"
    assert result.err.strip() == "Imported 3 deals (2 open, 0 won, 1 lost)."
    assert deals_of(empty) == deals_of(tmp_path / "deals.sqlite")


# ---------------------------------------------------------------- import of a ; file


def test_import_of_a_semicolon_file_as_a_real_command(run, cli_db, tmp_path):
    run("phase", "list")  # create the database
    source = tmp_path / "excel.csv"
    source.write_bytes(
        semicolon_file(
            {"title": "Gemeente", "value": "12.500,50", "expected_close": "31-1-2027"},
            {
                "title": "Café",
                "value": "7,5",
                "status": "afgewezen",
                "closed_at": "2026-01-02",
                "created_at": "2026-01-01",
                "reason": "No budget",
            },
        )
    )
    env = {"DEALBOARD_DB": "", "HOME": str(tmp_path)}
    done = run_process("import", str(source), "--db", str(cli_db), "--user", "ann", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "2\n"
    assert done.stderr.strip() == "Imported 2 deals (1 open, 0 won, 1 lost)."
    with sqlite3.connect(cli_db) as conn:
        assert conn.execute(
            "SELECT title, value_cents, expected_close, status FROM deal ORDER BY id"
        ).fetchall() == [
            ("Gemeente", 1250050, "2027-01-31", "open"),
            ("Café", 750, None, "rejected"),
        ]


def test_a_bad_semicolon_file_writes_nothing_and_lists_each_row(run, cli_db, tmp_path):
    run("phase", "list")
    before = dump(cli_db)
    source = tmp_path / "excel.csv"
    source.write_bytes(
        semicolon_file(
            {"title": "Good", "value": "5,00"},
            {"title": "Bad", "value": "12,500.00"},
            {"title": "Late", "expected_close": "31-02-2027"},
        )
    )
    result = run("import", str(source))
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines() == [
        "dealboard: 2 rows of excel.csv are wrong; nothing was imported.",
        "  line 3, value: Value '12,500.00' is not an amount; write it like 12.500,00, 12500,00"
        " or 12.500 (dots between thousands, a comma before the cents, at most two decimals).",
        "  line 4, expected_close: Expected close 31-02-2027 is not a real date.",
    ]
    assert dump(cli_db) == before


# ---------------------------------------------------------------- LibreOffice Calc, Dutch


@pytest.fixture
def soffice() -> str:
    """The LibreOffice binary; skipped without one, a failure in CI (.ci/run installs it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        problem = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if os.environ.get("CI"):  # CI must never pass by skipping the spreadsheet check
            pytest.fail(f"CI must run the LibreOffice test: {problem}", pytrace=False)
        pytest.skip(problem)
    return found


def convert(soffice: str, source: Path, to: str, folder: Path) -> Path:
    """Open ``source`` in Calc with Dutch CSV settings and save it ``to`` a format in ``folder``."""
    profile = folder / "profile"  # its own profile, so parallel runs never share one
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            f"--infilter={DUTCH_CSV_IN}",
            "--convert-to",
            to,
            "--outdir",
            str(folder / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    produced = list((folder / "out").glob("*"))
    assert done.returncode == 0 and len(produced) == 1, done.stdout + done.stderr
    return produced[0]


def sheet_cells(fods: Path) -> list[list[tuple[str, str]]]:
    """Each row of the first sheet as (value type, value) cells: float, date or string."""
    table = ET.parse(fods).getroot().find(".//table:table", NS)
    assert table is not None
    rows = []
    for row in table.iterfind(".//table:table-row", NS):
        cells: list[tuple[str, str]] = []
        for cell in row.iterfind("table:table-cell", NS):
            kind = cell.get(f"{{{NS['office']}}}value-type", "")
            value = {
                "float": cell.get(f"{{{NS['office']}}}value", ""),
                "date": cell.get(f"{{{NS['office']}}}date-value", ""),
            }.get(kind, "\n".join("".join(p.itertext()) for p in cell.iterfind("text:p", NS)))
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            cells += [(kind, value)] * min(repeat, len(EXPORT_COLUMNS))
        rows.append(cells[: len(EXPORT_COLUMNS)])
    return rows


def test_calc_in_dutch_reads_the_excel_export_s_numbers_as_numbers(run, soffice, tmp_path):
    add_deals(run)
    exported = tmp_path / "deals.csv"
    assert run("export", str(exported), "--excel").code == 0
    header, *rows = sheet_cells(convert(soffice, exported, "fods", tmp_path))
    assert [value for _, value in header] == list(EXPORT_COLUMNS)
    by_name = [dict(zip(EXPORT_COLUMNS, row, strict=False)) for row in rows]
    assert [row["value"] for row in by_name] == [
        ("float", "12500.5"),
        ("float", "7"),
        ("float", "1234567.89"),
    ]
    assert by_name[0]["expected_close"] == ("date", "2027-01-31")
    assert by_name[0]["phase_probability"][0] == "float"
    # Text stays text: a ; inside a title, and a formula-like cell is not run.
    assert [row["title"] for row in by_name] == [
        ("string", "Web;site"),
        ("string", "'=1+1"),
        ("string", "Intranet"),
    ]
    assert by_name[1]["organization"] == ("string", "'-minus")
    assert by_name[2]["created_at"][0] == "string"  # ISO UTC with Z: kept exactly as text


def test_a_file_calc_saves_again_in_dutch_imports_the_same_deals(run, soffice, tmp_path):
    add_deals(run)
    exported = tmp_path / "deals.csv"
    assert run("export", str(exported), "--excel").code == 0
    resaved = convert(soffice, exported, DUTCH_CSV_OUT, tmp_path)
    assert resaved.read_text(encoding="utf-8").startswith("title;organization;")
    empty = tmp_path / "empty.sqlite"
    assert run("init", db=empty).code == 0
    result = run("import", str(resaved), db=empty)
    assert result.code == 0, result.err
    assert deals_of(empty) == deals_of(tmp_path / "deals.sqlite")
