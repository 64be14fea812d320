"""Examine an SQLite file that cannot be opened: its 100-byte header, then SQLite's own check.

``dealboard check`` uses this when the normal open refuses a file as damaged, so it can say
what it found instead of repeating "run `dealboard check`".
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from models.domain.i18n import _
from models.storage.sqlite_file import SQLITE_HEADER

HEADER_BYTES = 100
MAX_REPORTED = 20


def _header_problems(header: bytes, file_size: int | None) -> list[str]:
    """What is wrong in the fields of SQLite's file header (https://sqlite.org/fileformat.html)."""
    problems = []
    raw_page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if not 512 <= page_size <= 65536 or page_size & (page_size - 1):
        problems.append(
            _(
                "The header gives a page size of {raw_page_size} (bytes 16-17), which is not a power of two from 512 to 65536."
            ).format(raw_page_size=raw_page_size)
        )
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]  # the page count is valid only when these agree
    if file_size is not None and counted and page_size >= 512 and pages * page_size > file_size:
        problems.append(
            _(
                "The header says the file holds {pages:,} pages of {page_size:,} bytes (bytes 28-31), but the file is {file_size:,} bytes long: it was cut short or the header is damaged."
            ).format(pages=pages, page_size=page_size, file_size=file_size)
        )
    if header[18] not in (1, 2) or header[19] not in (1, 2):
        problems.append(
            _(
                "The header gives the file format versions {header_18} and {header_19} (bytes 18-19); SQLite writes 1 or 2."
            ).format(header_18=header[18], header_19=header[19])
        )
    if tuple(header[21:24]) != (64, 32, 32):
        problems.append(
            _(
                "The header gives the payload fractions {header_21}, {header_22} and {header_23} (bytes 21-23); SQLite requires 64, 32 and 32."
            ).format(header_21=header[21], header_22=header[22], header_23=header[23])
        )
    schema_format = int.from_bytes(header[44:48], "big")
    if schema_format not in (0, 1, 2, 3, 4):
        problems.append(
            _(
                "The header gives the schema format {schema_format} (bytes 44-47); SQLite knows 1 to 4."
            ).format(schema_format=schema_format)
        )
    encoding = int.from_bytes(header[56:60], "big")
    if encoding not in (0, 1, 2, 3):
        problems.append(
            _(
                "The header gives the text encoding {encoding} (bytes 56-59); SQLite knows 1 to 3."
            ).format(encoding=encoding)
        )
    return problems


def header_findings(path: Path, *, sizes: bool = False) -> list[str]:
    """Describe what is wrong with the header of the SQLite file at ``path``.

    ``sizes`` also compares the page count in the header with the file's size: only for a
    file that does not open, since a file whose newest pages wait in its ``-wal`` may be
    shorter than its header says.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_BYTES)
            size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        return [f"Cannot read the file: {exc.strerror}."]
    if len(header) < HEADER_BYTES:
        return [
            f"The file holds {len(header)} bytes, fewer than SQLite's {HEADER_BYTES}-byte"
            " header: it is not a database, or it was cut short."
        ]
    if header[:16] != SQLITE_HEADER:
        return [
            "The file does not begin with 'SQLite format 3': it is not an SQLite database, or"
            " its first bytes were overwritten."
        ]
    return _header_problems(header, size if sizes else None)


def examine_file(path: Path) -> list[str]:
    """Describe what is wrong with the SQLite file at ``path``; empty when nothing is found."""
    problems = header_findings(path, sizes=True)
    if problems:
        return problems
    try:
        connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return [f"The file is damaged: SQLite cannot read it ({exc})."]
    if rows == ["ok"]:
        return []
    return [f"Integrity: {row}" for row in rows[:MAX_REPORTED]]
