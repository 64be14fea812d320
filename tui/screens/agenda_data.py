"""What the Agenda screen reads and shows: its rows, their cells, widths and texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text

from models.domain.i18n import format_date
from models.queries.agenda import Agenda, AgendaGroup
from models.queries.view_types import AgendaEntry
from tui.formatting import plain, safe
from tui.i18n import N_, _
from tui.widgets.card_step import step_day

# The columns' keys; their headers, marked here, are translated when shown (``column_labels``).
COLUMNS = ("When", "Date", "Next step", "Deal", "Organization", "Owner")
LABELS = {
    "When": N_("When"),
    "Date": N_("Date"),
    "Next step": N_("Next step"),
    "Deal": N_("Deal"),
    "Organization": N_("Organization"),
    "Owner": N_("Owner"),
}
SHORT_LABELS = {"Organization": N_("Org.")}  # a header wider than its column
DATE_WIDTH = len("Mar '28")  # step_day's longest form; "today" and "03 Dec" are shorter
OWNER_WIDTH = (len("Owner"), 16)  # at least the header, at most this
MIN_TEXT = 6  # next step, deal and organization never narrower than this
CELL_PADDING = 2  # DataTable's default padding, one column on each side
SCROLLBAR = 1
GROUP_STYLES = {AgendaGroup.OVERDUE: "bold red", AgendaGroup.TODAY: "bold"}


@dataclass(frozen=True)
class AgendaData:
    """The agenda as read, and whether it holds only the user's deals."""

    agenda: Agenda
    mine: bool

    @property
    def rows(self) -> list[AgendaEntry]:
        """The entries in the order shown."""
        return self.agenda.entries


def load_agenda_data(now: dt.datetime, user: str, mine: bool) -> AgendaData:
    """Read the agenda on ``now``, only ``user``'s deals when ``mine`` (runs in a worker)."""
    from models.queries.agenda import load_agenda

    return AgendaData(load_agenda(now, user=user if mine else None), mine)


def when_width() -> int:
    """The group column's width: its header or longest group in the current language."""
    return max(len(_(LABELS["When"])), *(len(group.label) for group in AgendaGroup))


def shown_date(entry: AgendaEntry, today: dt.date) -> str:
    """The step's date as the cards show it (``today``, ``03 Dec``), or a stored text marked."""
    value = entry["next_step_date"]
    if value is None:
        return ""
    try:
        return step_day(dt.date.fromisoformat(value), today)
    except ValueError:
        return safe(value)


def cells(entry: AgendaEntry, first: bool, today: dt.date) -> tuple[Text, ...]:
    """One row: the group (on its first row only), date, next step, deal, organization, owner."""
    group = AgendaGroup(entry["group"])
    style = GROUP_STYLES.get(group, "")
    return (
        Text(group.label if first else "", style=style),
        Text(shown_date(entry, today), style=style if group == AgendaGroup.OVERDUE else ""),
        plain(entry["next_step"]),
        plain(f"#{entry['id']} {safe(entry['title'])}"),
        plain(entry["organization"]),
        plain(entry["owner"]),
    )


def table_rows(data: AgendaData) -> list[tuple[AgendaEntry, tuple[Text, ...]]]:
    """Every entry with its cells, the group named on the first row of each group."""
    rows = []
    previous = None
    for entry in data.rows:
        rows.append((entry, cells(entry, entry["group"] != previous, data.agenda.today)))
        previous = entry["group"]
    return rows


def column_widths(width: int, rows: list[AgendaEntry]) -> tuple[int, ...]:
    """Widths that fill ``width`` columns: group, date and owner fit their values, the rest shared.

    The owner takes at most ``OWNER_WIDTH[1]`` and a seventh of the width (at least its
    header); next step, deal and organization share what is left, four to three to two.
    """
    least = max(OWNER_WIDTH[0], len(_(LABELS["Owner"])))
    owner = max([least, *(len(safe(row["owner"])) for row in rows)])
    owner = min(owner, max(OWNER_WIDTH[1], least), max(least, width // 7))
    group = when_width()
    fixed = (group, DATE_WIDTH, owner)
    left = width - SCROLLBAR - CELL_PADDING * len(COLUMNS) - sum(fixed)
    step = max(MIN_TEXT, left * 4 // 9)
    deal = max(MIN_TEXT, left * 3 // 9)
    organization = max(MIN_TEXT, left - step - deal)
    return (group, DATE_WIDTH, step, deal, organization, owner)


def column_labels(widths: tuple[int, ...]) -> list[str]:
    """The headers in the current language, shortened where a column is narrower than one."""
    labels = []
    for key, width in zip(COLUMNS, widths, strict=True):
        label = _(LABELS[key])
        short = SHORT_LABELS.get(key)
        labels.append(_(short) if short is not None and len(label) > width else label)
    return labels


def title_text(data: AgendaData, width: int | None = None) -> str:
    """The line on top: what is listed and how many, per group.

    When the whole line is wider than ``width``, the word "Agenda" gives way first (the
    screen's name is in the palette and help), so every count stays whole.
    """
    scope = _("Agenda · my deals") if data.mine else _("Agenda · every owner")
    groups = data.agenda.groups()
    if not groups:
        return scope
    counts = " · ".join(f"{len(entries)} {group.label.lower()}" for group, entries in groups)
    line = f"{scope} · {counts}"
    if width is not None and len(line) > width:
        short = _("My deals") if data.mine else _("Every owner")
        line = f"{short} · {counts}"
    return line


def whole_date(value: str) -> str:
    """A stored step date as the language writes dates: ``20-11-2026`` / ``2026-11-20``.

    Any other stored text is shown marked, as it is.
    """
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return safe(value)
    return format_date(day) if day.isoformat() == value else safe(value)


def summary(entry: AgendaEntry) -> Text:
    """The selected entry in full: its next step and date, the deal, organization and owner."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(safe(entry["next_step"]), style="bold")
    if entry["next_step_date"]:
        text.append(f" · {whole_date(entry['next_step_date'])}")
    text.append(f"\n#{entry['id']} {safe(entry['title'])}")
    for value in (entry["organization"], entry["owner"]):
        if value:
            text.append(f" · {safe(value)}")
    return text


def empty_text(mine: bool) -> str:
    """What the screen says when no deal is listed."""
    if mine:
        return _("None of your open deals has a next step. u shows every owner's.")
    return _(
        "No open deal has a next step. Give one in a deal's detail screen (Next step) or with"
        " `dealboard deal edit N --next-step TEXT --next-step-date YYYY-MM-DD`."
    )
