"""What the Deleted deals screen reads and shows: the rows, their cells and column widths."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text

from models.domain.status import STATUS_LABELS
from models.domain.wording import local_time
from models.queries.view_types import DeletedDeal
from tui.formatting import Money, plain, safe, session_money

COLUMNS = ("#", "Title", "Organization", "Value", "Deleted by", "Deleted")
TIME_WIDTH = len("2026-11-27 10:00")  # local_time's format
MIN_TEXT = 8  # title and organization never narrower than this
SHORT_LABELS = {"Organization": "Org."}  # a header wider than its column
BY_WIDTH = (len("Deleted by"), 16)  # who deleted it: at least the header, at most this
CELL_PADDING = 2  # DataTable's default padding, one column on each side
SCROLLBAR = 1


@dataclass(frozen=True)
class DeletedData:
    """The deleted deals and how to show their amounts."""

    rows: list[DeletedDeal]
    money: Money


def load_deleted() -> DeletedData:
    """Read the deleted deals and the currency (runs in a worker)."""
    from models.operations.settings import get_settings
    from models.queries.deleted import deleted_deals

    settings = get_settings()
    return DeletedData(deleted_deals(), session_money(settings["currency"]))


def same_view(old: DeletedData, new: DeletedData) -> bool:
    """True when ``new`` shows exactly what ``old`` does (same rows, same currency)."""
    return old.rows == new.rows and (old.money.currency, old.money.language) == (
        new.money.currency,
        new.money.language,
    )


def shown_time(value: str | None) -> str:
    """A stored UTC time (ISO 8601 with a Z) in the local zone; anything else as it is."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return safe(value)  # a marked value another client stored
    return local_time(moment.replace(tzinfo=None))


def amount(row: DeletedDeal, money: Money) -> str:
    """The exact value, or the marked stored text when it is not an amount."""
    cents = row["value_cents"]
    return money.full(cents) if cents is not None else safe(row["value"])


def deleter(row: DeletedDeal) -> str:
    """Who deleted the deal, or a question mark when the history does not say."""
    return row["deleted_by"] if row["deleted_by"] is not None else "?"


def cells(row: DeletedDeal, money: Money) -> tuple[Text, ...]:
    """One table row: number, title, organization, value, who deleted it and when."""
    return (
        Text(str(row["id"]), justify="right"),
        plain(row["title"]),
        plain(row["organization"]),
        Text(amount(row, money), justify="right"),
        plain(deleter(row)),
        Text(shown_time(row["deleted_at"])),
    )


def column_widths(width: int, rows: list[DeletedDeal], money: Money) -> tuple[int, ...]:
    """Widths that fill ``width`` columns: fixed ones fit their values, the rest is shared.

    Number, value and time take what their longest value needs; who deleted it at most
    ``BY_WIDTH[1]``; title and organization share what is left, three to two.
    """
    number = max([len(COLUMNS[0]), *(len(str(row["id"])) for row in rows)])
    value = max([len(COLUMNS[3]), *(len(amount(row, money)) for row in rows)])
    by = min(max([BY_WIDTH[0], *(len(safe(deleter(row))) for row in rows)]), BY_WIDTH[1])
    free = width - SCROLLBAR - CELL_PADDING * len(COLUMNS) - number - value - by - TIME_WIDTH
    title = max(MIN_TEXT, free * 3 // 5)
    organization = max(MIN_TEXT, free - title)
    return (number, title, organization, value, by, TIME_WIDTH)


def column_labels(widths: tuple[int, ...]) -> tuple[str, ...]:
    """The headers, a short one where the full one would be cut."""
    return tuple(
        SHORT_LABELS.get(label, label) if len(label) > width else label
        for label, width in zip(COLUMNS, widths, strict=True)
    )


def summary(row: DeletedDeal, money: Money) -> Text:
    """The selected deal in full under the table: what the narrow columns may cut."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"#{row['id']} ", style="bold")
    text.append(safe(row["title"]), style="bold")
    status = STATUS_LABELS.get(row["status"], safe(row["status"]))
    text.append(f" · {status} · phase {safe(row['phase'])} · {amount(row, money)}")
    if row["organization"]:
        text.append(f" · {safe(row['organization'])}")
    text.append(f"\ndeleted {shown_time(row['deleted_at'])} by {safe(deleter(row))}")
    return text
