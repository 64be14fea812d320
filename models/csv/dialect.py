"""Which separator a deals CSV file uses, and the Dutch (Excel) forms its cells may take.

Excel in Dutch (and most European) settings separates columns with ``;`` because the comma
is the decimal sign there; it writes amounts like ``12500,5`` or ``12.500,50`` and, after a
user edits a file, dates like ``31-1-2027``. The header line tells the separator apart: the
column names are fixed (docs/csv.md), so the separator that splits it into the most known
names wins. In a ``;`` file the amount and date cells are read as Dutch input is
(``models.domain.typed_input``), whatever the interface's language; a ``,`` or tab file reads
them in the neutral form as before.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass

from models.domain.typed_input import DUTCH, parse_amount, parse_day


@dataclass(frozen=True)
class Dialect:
    """How a file separates its columns, and whether its cells use the decimal comma."""

    delimiter: str
    described: str  # for messages: "commas", "semicolons (;)", "tabs"

    @property
    def decimal_comma(self) -> bool:
        """True for a ``;`` file: amounts and dates are read the Dutch way."""
        return self.delimiter == ";"


COMMA = Dialect(",", "commas")
SEMICOLON = Dialect(";", "semicolons (;)")
TAB = Dialect("\t", "tabs")
DIALECTS = (COMMA, SEMICOLON, TAB)
# Excel's own spreadsheet line ends, also what `export --excel` writes.
EXCEL_LINE_END = "\r\n"


def sniff(text: str, known: tuple[str, ...]) -> Dialect:
    """Pick the separator that splits the first non-empty line into the most ``known`` names.

    Commas when none names any: the header check then says what is wrong.
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    best, found = COMMA, 0
    for dialect in DIALECTS:
        try:
            cells = next(csv.reader([header], delimiter=dialect.delimiter), [])
        except csv.Error:
            continue
        count = sum(cell.strip().lower() in known for cell in cells)
        if count > found:
            best, found = dialect, count
    return best


def excel_amount(cell: str) -> int:
    """Parse an amount from a ``;`` file into cents, as Dutch input reads one; empty is 0.

    ``12500,50``, ``12.500,50``, ``12.500`` (twelve thousand five hundred) and the plain
    ``12500.50`` (as Calc saves one) are accepted (``models.domain.typed_input``).
    """
    return parse_amount(cell.strip() or "0", DUTCH)


def excel_date(cell: str, field: str) -> dt.date | None:
    """Parse a date from a ``;`` file; empty means none.

    ``31-01-2027`` or ``31-1-2027`` (as Dutch Excel saves one), or ISO ``2027-01-31``.
    """
    return parse_day(cell, DUTCH, field)
