"""Helpers for the CSV tests: build files in the column order of docs/csv.md, read exports.

``CARRIED`` reads what an export and a new import must carry over, for the round trips.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from models.csv.export import COLUMNS, EXPORT_COLUMNS

HEADER = ",".join(COLUMNS)
# What an export writes: the 14 columns, then the optional ones.
EXPORT_HEADER = ",".join(EXPORT_COLUMNS)
# Every deal field an export then an import keeps, the deleted deals left out (round trips).
CARRIED = (
    "SELECT d.title, d.organization, d.contact, d.owner, d.source, d.value_cents,"
    " p.name AS phase, d.status, r.name AS reason, d.competitor, d.expected_close,"
    " substr(d.created_at, 1, 19) AS created_at, substr(d.closed_at, 1, 19) AS closed_at,"
    " d.note FROM deal d JOIN phase p ON p.id = d.phase_id"
    " LEFT JOIN reason r ON r.id = d.reason_id WHERE d.deleted_at IS NULL ORDER BY d.id"
)


def line(**cells: str) -> str:
    """One CSV line with these cells (the others empty); the title defaults to 'Deal'."""
    cells.setdefault("title", "Deal")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([cells.get(name, "") for name in COLUMNS])
    return out.getvalue()


def csv_text(*rows: dict[str, str]) -> str:
    """A CSV file's text: the header, then one line per row."""
    return HEADER + "\n" + "".join(line(**row) for row in rows)


def write_file(folder: Path, content: str | bytes, name: str = "deals.csv") -> Path:
    """Write text (as UTF-8, line ends untouched) or bytes to ``folder/name``."""
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def read_export(path: Path) -> list[dict[str, str]]:
    """The rows of an exported file as dicts by column name."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def file_text(columns: tuple[str, ...], *rows: dict[str, str]) -> str:
    """A CSV file's text with exactly these columns (an old or a new format), one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([{"title": "Deal", **row}.get(name, "") for name in columns])
    return out.getvalue()
