"""Which separator a deals CSV file uses, and the Dutch (Excel) forms its cells may take.

Excel in Dutch (and most European) settings separates columns with ``;`` because the comma
is the decimal sign there; it writes amounts like ``12500,5`` or ``12.500,50`` and, after a
user edits a file, dates like ``31-1-2027``. The header line tells the separator apart: the
column names are fixed (docs/csv.md), so the separator that splits it into the most known
names wins. In a ``;`` file the amount and date cells are read the Dutch way; a ``,`` or tab
file reads them as before.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass

from models.domain.errors import ValidationError
from models.domain.validation import label, parse_date, parse_money, shown

# A dot between groups of three digits is the Dutch thousands separator: 12.500 or 1.250.000.
_DUTCH_AMOUNT_RE = re.compile(r"([0-9]{1,3}(?:\.[0-9]{3})+)(?:,([0-9]{1,2}))?")
_PLAIN_AMOUNT_RE = re.compile(r"[0-9]+(?:[.,][0-9]{1,2})?")
_DUTCH_DATE_RE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")


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
    """Parse an amount from a ``;`` file into cents: a decimal comma and dots between thousands.

    ``12500,50``, ``12.500,50``, ``12.500`` (twelve thousand five hundred) and the plain
    ``12500.50`` are accepted; empty is 0.
    """
    text = cell.strip()
    if not text:
        return 0
    match = _DUTCH_AMOUNT_RE.fullmatch(text)
    if match:
        whole, frac = match.group(1).replace(".", ""), match.group(2)
        return parse_money(whole if frac is None else f"{whole},{frac}")
    if _PLAIN_AMOUNT_RE.fullmatch(text.removeprefix("-")):
        return parse_money(text)  # its own sentences: negative, too large
    raise ValidationError(
        "value",
        f"Value {shown(cell)} is not an amount; in a file separated by semicolons write digits"
        " with a decimal comma and at most two decimals, dots only between thousands, like"
        " 12500,50 or 12.500,50.",
    )


def excel_date(cell: str, field: str) -> dt.date | None:
    """Parse a date from a ``;`` file; empty means none.

    ``31-01-2027`` or ``31-1-2027`` (as Dutch Excel saves one), or ISO ``2027-01-31``.
    """
    text = cell.strip()
    match = _DUTCH_DATE_RE.fullmatch(text)
    if not match:
        try:
            return parse_date(text, field)
        except ValidationError:
            raise ValidationError(
                field,
                f"{label(field)} {shown(cell)} is not a date; write it as 31-01-2027 or"
                " 2027-01-31.",
            ) from None
    day, month, year = (int(part) for part in match.groups())
    try:
        return parse_date(dt.date(year, month, day).isoformat(), field)
    except ValueError:
        raise ValidationError(field, f"{label(field)} {text} is not a real date.") from None
