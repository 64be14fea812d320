"""Read a deals CSV file into rows of named cells, without checking what the cells say.

``read_csv`` turns a file into rows of named cells with the physical line each row starts
on, refusing (with ``CsvImportError``) what cannot be a deals file at all: a missing or
unreadable file, text that is not UTF-8, an empty file, a wrong header or delimiter. The
separator is a comma, a semicolon or a tab, told apart by the header (``models.csv.dialect``);
in a semicolon file (Excel in Dutch settings) amounts take the decimal comma. What the cells
say is checked by ``models.csv.rows``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from models.csv.dialect import sniff
from models.csv.export import COLUMNS, OPTIONAL_COLUMNS, restore
from models.domain.errors import CsvImportError, RowProblem
from models.domain.i18n import N_, _, ngettext

MAX_CELL_CHARS = 1_000_000  # far above the longest field (a 20,000-character note)
MAX_FILE_BYTES = 256 * 1024 * 1024
EXCEL_HINT = N_('save it as UTF-8 (in Excel: "CSV UTF-8 (comma delimited)") and import again')
SHORT_CELL = 40  # longer than any amount, status or date: shown cut, never in full


@dataclass(frozen=True)
class CsvRow:
    """One data row: the line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]
    decimal_comma: bool = False  # a ``;`` file: Dutch amounts and dates (models.csv.dialect)


def shown_cell(text: str) -> str:
    """Quote a cell for a message, cut short so a huge cell never floods the screen."""
    text = text.strip()
    return repr(text if len(text) <= SHORT_CELL else text[: SHORT_CELL - 1] + "…")


def _read_text(path: Path) -> str:
    """Return the file's text without a UTF-8 byte-order mark, or refuse the file."""
    try:
        if path.is_dir():
            raise CsvImportError(
                _("The path {path} is a directory, not a CSV file.").format(path=path)
            )
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CsvImportError(
                _(
                    "The file {path} is larger than {max_file_bytes_2_20} MB; split it and import the parts."
                ).format(path=path, max_file_bytes_2_20=MAX_FILE_BYTES // 2**20)
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvImportError(_("There is no file {path}.").format(path=path)) from None
    except PermissionError:
        raise CsvImportError(
            _("Cannot read {path}: permission denied.").format(path=path)
        ) from None
    except OSError as exc:
        raise CsvImportError(
            _("Cannot read {path}: {exc_strerror_or_exc}.").format(
                path=path, exc_strerror_or_exc=exc.strerror or exc
            )
        ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvImportError(
            _("The file {path_name} is UTF-16 text, not UTF-8; {excel_hint}.").format(
                path_name=path.name, excel_hint=_(EXCEL_HINT)
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CsvImportError(
            _(
                "The file {path_name} is not UTF-8 text: line {line} has the byte 0x{data_exc_start:02X}, which UTF-8 does not allow; {excel_hint}."
            ).format(
                path_name=path.name,
                line=line,
                data_exc_start=data[exc.start],
                excel_hint=_(EXCEL_HINT),
            )
        ) from None
    # Excel writes a byte-order mark before UTF-8 CSV; it is not part of the first column.
    return text.removeprefix("\ufeff")


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Set the csv module's (process-wide) cell size limit for the duration of a read."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_error(exc: csv.Error) -> str:
    """Turn the csv module's error into a sentence."""
    if "field larger than field limit" in str(exc):
        return _(
            "A cell starting on this line is longer than {limit} characters; the file was not"
            " read past it."
        ).format(limit=f"{MAX_CELL_CHARS:,}")
    return _("The CSV cannot be read here ({problem}); the file was not read past it.").format(
        problem=exc
    )


def _header_index(header: list[str], name: str) -> dict[str, int]:
    """Map each column to its position; refuse a header that is not exactly the 14 columns."""
    names = [cell.strip().lower() for cell in header]
    expected = _("the first line must name these {count} columns, in any order: {columns}").format(
        count=len(COLUMNS), columns=", ".join(COLUMNS)
    )
    if len(names) == 1:
        for delimiter in ("|", ":"):
            if delimiter in names[0]:
                raise CsvImportError(
                    _(
                        "The file {name} seems to separate its columns with {delimiter!r}; dealboard reads commas, semicolons (;) or tabs."
                    ).format(name=name, delimiter=delimiter)
                )
    if not set(names) & set(COLUMNS):
        raise CsvImportError(
            _(
                "The first line of {name} is not a header (it names none of the columns); {expected}."
            ).format(name=name, expected=expected)
        )
    missing = [column for column in COLUMNS if column not in names]
    known = (*COLUMNS, *OPTIONAL_COLUMNS)
    unknown = [cell.strip() for cell, low in zip(header, names, strict=True) if low not in known]
    twice = sorted({low for low in names if low in known and names.count(low) > 1})
    parts = []
    if missing:
        parts.append(
            ngettext(
                "lacks the column {columns}", "lacks the columns {columns}", len(missing)
            ).format(columns=", ".join(missing))
        )
    if unknown:
        shown = [shown_cell(cell) if cell else _("an unnamed one") for cell in unknown[:5]]
        more = _(" and {count} more").format(count=len(unknown) - 5) if len(unknown) > 5 else ""
        parts.append(
            ngettext(
                "has unknown column {columns}{more}",
                "has unknown columns {columns}{more}",
                len(unknown),
            ).format(columns=", ".join(shown), more=more)
        )
    if twice:
        parts.append(_("names {columns} more than once").format(columns=", ".join(twice)))
    if parts:
        raise CsvImportError(
            _("The header of {name} {and_join_parts}; {expected}.").format(
                name=name, and_join_parts=_(" and ").join(parts), expected=expected
            )
        )
    return {column: names.index(column) for column in known if column in names}


def read_csv(path: Path) -> tuple[list[CsvRow], list[RowProblem]]:
    """Read ``path`` into rows of named cells, plus the rows that have the wrong shape.

    Entirely empty rows (spreadsheets leave them behind) are skipped. A cell that starts
    with ``'`` before a formula character loses the apostrophe the export put there.
    """
    text = _read_text(path)
    dialect = sniff(text, (*COLUMNS, *OPTIONAL_COLUMNS))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    rows: list[CsvRow] = []
    problems: list[RowProblem] = []
    with _field_limit(MAX_CELL_CHARS):
        index: dict[str, int] | None = None
        while True:
            start = reader.line_num + 1  # the physical line the next row starts on
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if index is None:
                    raise CsvImportError(
                        _("The header of {path_name} cannot be read.").format(path_name=path.name)
                    ) from None
                problems.append(RowProblem(start, None, _csv_error(exc)))
                break
            if not any(cell.strip() for cell in cells):
                continue
            if index is None:
                index = _header_index(cells, path.name)
                continue
            if len(cells) != len(index):
                problems.append(
                    RowProblem(
                        start,
                        None,
                        _("Expected {len_index} cells, found {len_cells}.").format(
                            len_index=len(index), len_cells=len(cells)
                        ),
                    )
                )
                continue
            named = {name: restore(cells[at]) for name, at in index.items()}
            rows.append(CsvRow(start, named, decimal_comma=dialect.decimal_comma))
    if index is None:
        raise CsvImportError(
            _(
                "The file {path_name} is empty: the header row is missing; the first line must name the columns {join_columns}."
            ).format(path_name=path.name, join_columns=", ".join(COLUMNS))
        )
    return rows, problems
