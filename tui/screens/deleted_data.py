"""What the Deleted deals screen reads and shows: the rows, their cells and column widths."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text

from models.domain.status import STATUS_LABELS
from models.domain.wording import local_time
from models.queries.view_types import DeletedDeal
from tui.formatting import Money, plain, safe, session_money
from tui.i18n import N_, _

# The columns' keys; their headers, marked here, are translated when shown (``column_labels``).
COLUMNS = ("#", "Title", "Organization", "Value", "Deleted by", "Deleted")
LABELS = {
    "#": "#",
    "Title": N_("Title"),
    "Organization": N_("Organization"),
    "Value": N_("Value"),
    "Deleted by": N_("Deleted by"),
    "Deleted": N_("Deleted"),
}
TIME_WIDTH = len("2026-11-27 10:00")  # local_time's format
MIN_TEXT = 8  # title and organization never narrower than this
SHORT_LABELS = {"Organization": N_("Org.")}  # a header wider than its column
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
    value = max([len(_(LABELS["Value"])), *(len(amount(row, money)) for row in rows)])
    least = max(BY_WIDTH[0], len(_(LABELS["Deleted by"])))
    by = min(max([least, *(len(safe(deleter(row))) for row in rows)]), max(BY_WIDTH[1], least))
    free = width - SCROLLBAR - CELL_PADDING * len(COLUMNS) - number - value - by - TIME_WIDTH
    title = max(MIN_TEXT, free * 3 // 5)
    organization = max(MIN_TEXT, free - title)
    return (number, title, organization, value, by, TIME_WIDTH)


def column_labels(widths: tuple[int, ...]) -> tuple[str, ...]:
    """The headers in the current language, a short one where the full one would be cut."""
    labels = []
    for key, width in zip(COLUMNS, widths, strict=True):
        label = _(LABELS[key]) if key != "#" else key
        short = SHORT_LABELS.get(key)
        labels.append(_(short) if short is not None and len(label) > width else label)
    return tuple(labels)


def summary(row: DeletedDeal, money: Money) -> Text:
    """The selected deal in full under the table: what the narrow columns may cut."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"#{row['id']} ", style="bold")
    text.append(safe(row["title"]), style="bold")
    status = STATUS_LABELS.get(row["status"], safe(row["status"]))
    text.append(" · ")
    text.append(
        _("{status} · phase {phase} · {value}").format(
            status=status, phase=safe(row["phase"]), value=amount(row, money)
        )
    )
    if row["organization"]:
        text.append(f" · {safe(row['organization'])}")
    text.append("\n")
    text.append(
        _("deleted {time} by {who}").format(
            time=shown_time(row["deleted_at"]), who=safe(deleter(row))
        )
    )
    return text


def title_text(count: int) -> str:
    """The line on top: how many deals are deleted, and in which order they are listed."""
    if not count:
        return _("Deleted deals")
    if count == 1:
        return _("Deleted deals · {count}").format(count=count)
    return _("Deleted deals · {count} · the most recently deleted first").format(count=count)
