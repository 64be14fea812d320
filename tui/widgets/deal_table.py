"""The list view of the board: the same deals as a sortable table."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

from models.domain.status import STATUS_LABELS, Status
from models.queries.board import Card, Column
from tui.formatting import Money, long_date, plain
from tui.i18n import N_, _, pgettext
from tui.widgets.card_step import NEXT_STEP_MARK, NO_STEP_MARK, STEP_OVERDUE_MARK
from tui.widgets.table_widths import ColumnFit, fit_widths, header_label

# The component class that colours a status (see ``DealTable.DEFAULT_CSS``).
STATUS_PARTS: dict[str, str] = {
    Status.OPEN: "",
    Status.ACCEPTED: "deal-table--won",
    Status.REJECTED: "deal-table--lost",
}
# The columns in order, with their header names (translated where shown: ``column_name``).
COLUMNS: dict[str, str] = {
    "id": "#",
    "title": N_("Title"),
    "organization": N_("Organization"),
    "phase": N_("Phase"),
    "value": N_("Value"),
    "probability": N_("Prob."),
    "status": N_("Status"),
    "close": "Close",  # translated with a context in ``column_name``: not the Close of a dialog
    "next": "Next",  # nor the Next of a phase
    "owner": N_("Owner"),
}


def column_name(key: str) -> str:
    """A column's header name in the session's language."""
    if key == "close":
        return pgettext("list view column: the expected close date", "Close")
    if key == "next":
        return pgettext("list view column: the next step's date", "Next")
    return _(COLUMNS[key]) if key != "id" else COLUMNS[key]


def column_short_name(key: str) -> str:
    """A narrow column's shorter header name (``Org.`` in Dutch), or "" to cut the whole one.

    English has none (its message is the whole name, cut as before); a language whose name
    would be cut inside a word gives a short form that fits the narrowest column.
    """
    names = {
        "organization": pgettext("narrow list view column", "Organization"),
        "phase": pgettext("narrow list view column", "Phase"),
        "owner": pgettext("narrow list view column", "Owner"),
    }
    short = names.get(key, "")
    return short if short and short != COLUMNS[key] else ""


# The columns `s` steps through, from the default (phase order) on.
SORTS: list[str] = [
    "phase",
    "title",
    "organization",
    "value",
    "probability",
    "status",
    "close",
    "owner",
    "id",
    "next",
]
STATUS_ORDER: dict[str, int] = {Status.OPEN: 0, Status.ACCEPTED: 1, Status.REJECTED: 2}
ASCENDING, DESCENDING = " ▲", " ▼"
# Text columns that give up width when the terminal is narrow: (minimum cells, weight).
# Title and organization take the most of what is left; numbers are never cut.
SHRINKABLE: dict[str, tuple[int, float]] = {
    "title": (8, 3.0),
    "organization": (6, 2.0),
    "phase": (6, 1.5),
    "owner": (6, 1.5),
}
SORTED_MINIMUM = 8  # a cut sorted column still shows a few letters of its name and the mark
RIGHT = frozenset({"id", "value", "probability", "close", "next"})  # right-aligned, as numbers are
# The next step's date gives way first on a narrow terminal: shown only while the title keeps
# this many cells (or its whole text, when shorter), or while the rows are sorted by it.
NEXT_KEEPS_TITLE = 16
GAP = 1  # one blank cell before every column (the table's own padding would take two)


def _cells_wide(text: str) -> int:
    """Cells ``text`` takes on screen (a quick path for plain ASCII, most cells)."""
    return len(text) if text.isascii() else cell_len(text)


def next_text(card: Card, today: dt.date) -> str:
    """An open deal's next step as the list shows it, marked as on the card.

    ``!2026-12-01`` (``!01-12-2026`` in Dutch) when its day has passed, ``→`` for a step without a date, ``→?`` when
    the deal has no next step at all; a closed deal shows nothing.
    """
    if card.status != Status.OPEN:
        return ""
    if not card.has_next_step:
        return NO_STEP_MARK
    if card.next_step_date is None:
        return NEXT_STEP_MARK
    overdue = STEP_OVERDUE_MARK if card.is_step_overdue(today) else ""
    return overdue + long_date(card.next_step_date)


class Cell:
    """A cell's text with one blank cell before it; ``plain`` is the text alone.

    A cell with a ``part`` takes that component class's colour from ``table`` when drawn,
    so a theme change recolours it without refilling the table.
    """

    __slots__ = ("part", "table", "text")

    def __init__(self, text: Text, part: str = "", table: DealTable | None = None) -> None:
        self.text = text
        self.part = part
        self.table = table

    @property
    def plain(self) -> str:
        """The text shown, without the gap."""
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text
        if self.part and self.table is not None:
            text = text.copy()
            text.stylize(self.table.part_style(self.part))
        yield Padding(text, (0, 0, 0, GAP))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        # One line, never wrapped: its width is its text's (the table measures every cell).
        width = _cells_wide(self.text.plain) + GAP
        return Measurement(width, width)


class DealTable(DataTable[Any]):
    """Deals in rows; `s` cycles the sort column and `S` reverses it.

    Column widths follow the table's width: numbers, dates and statuses are always whole,
    and the text columns share what is left (cut with an ellipsis). The sorted column's
    header carries ▲ (ascending) or ▼ (descending).
    """

    DEFAULT_CSS = """
    DealTable {
        scrollbar-size-vertical: 1;
    }
    DealTable > .deal-table--won { color: $text-success; text-style: bold; }
    DealTable > .deal-table--lost { color: $text-error; text-style: bold; }
    DealTable > .deal-table--override { color: $text-warning; text-style: bold; }
    DealTable > .deal-table--overdue { color: $text-error; text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = DataTable.COMPONENT_CLASSES | {
        "deal-table--won",
        "deal-table--lost",
        "deal-table--override",
        "deal-table--overdue",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "cycle_sort", N_("Sort"), id="sort", tooltip=N_("Sort by the next column")),
        Binding(
            "S", "reverse_sort", N_("Reverse"), id="reverse-sort", tooltip=N_("Reverse the sort")
        ),
        Binding("j", "cursor_down", N_("Down"), show=False),
        Binding("k", "cursor_up", N_("Up"), show=False),
        Binding("home", "scroll_top", N_("First"), show=False, tooltip=N_("First row")),
        Binding("end", "scroll_bottom", N_("Last"), show=False, tooltip=N_("Last row")),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=0)
        self.sort_index = 0
        self.sort_reverse = False
        self._cards: list[tuple[Card, int, str]] = []
        # The widest cell of each column (the header without its mark included), in cells.
        self._natural: dict[str, int] = {key: cell_len(column_name(key)) for key in COLUMNS}
        self.money = Money()
        self.today = dt.date.today()

    def on_mount(self) -> None:
        """Add the columns once; widths are set by ``_fit_columns``."""
        for key in COLUMNS:
            name = column_name(key)
            self.add_column(name, key=key, width=cell_len(name) + GAP)
        self._fit_columns()

    @property
    def sort_column(self) -> str:
        """The key of the column the rows are sorted by."""
        return SORTS[self.sort_index]

    def on_resize(self, event: events.Resize) -> None:
        """Widths follow the terminal."""
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Set every column's width and header for the current width and sort."""
        if not self.columns:
            return
        mark = DESCENDING if self.sort_reverse else ASCENDING
        names = {key: column_name(key) for key in COLUMNS}
        needs = []
        for key in COLUMNS:
            natural = self._natural[key]
            if key == self.sort_column:
                natural = max(natural, cell_len(names[key] + mark))
            minimum, weight = SHRINKABLE.get(key, (None, 1.0))
            if minimum is not None and key == self.sort_column:
                minimum = max(minimum, min(cell_len(names[key] + mark), SORTED_MINIMUM))
            needs.append(ColumnFit(key, natural, minimum, weight, grow=key == "title"))
        room = self.size.width - self.styles.scrollbar_size_vertical - GAP * len(COLUMNS)
        widths = fit_widths(needs, room) if self.size.width else {n.key: n.natural for n in needs}
        title = min(self._natural["title"], NEXT_KEEPS_TITLE)
        if self.size.width and self.sort_column != "next" and widths["title"] < title:
            widths = fit_widths([need for need in needs if need.key != "next"], room + GAP)
            widths["next"] = 0
        for key, width in widths.items():
            column = self.columns[ColumnKey(key)]
            if not width:  # dropped: no cells, no gap, no header
                column.width = 0
                column.auto_width = False
                column.label = Text("")
                continue
            column.width = width + GAP
            column.auto_width = False
            sort_mark = mark if key == self.sort_column else ""
            label = header_label(names[key], sort_mark, width, column_short_name(key))
            column.label = Text(" " * GAP + label, justify="right" if key in RIGHT else "left")
        total = sum(column.get_render_width(self) for column in self.columns.values())
        self.virtual_size = Size(total, self.virtual_size.height)
        self.refresh()

    @property
    def current_id(self) -> int | None:
        """The deal under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return int(key.value) if key.value is not None else None

    def show(self, columns: list[Column], money: Money, today: dt.date, keep: int | None) -> None:
        """Fill the table with every card of ``columns``, keeping the cursor on ``keep``."""
        self.money = money
        self.today = today
        position = {column.phase_id: index for index, column in enumerate(columns)}
        names = {column.phase_id: column.name for column in columns}
        self._cards = [
            (card, position[card.phase_id], names[card.phase_id])
            for column in columns
            for card in column.cards
        ]
        self._refill(keep)

    def _sort_key(self, item: tuple[Card, int, str]) -> Any:
        card, phase_position, _ = item
        column = self.sort_column
        if column == "id":
            return card.id
        keys: dict[str, Any] = {
            "phase": phase_position,
            "title": card.title.casefold(),
            "organization": card.organization.casefold(),
            "value": card.value_cents,
            "probability": card.probability,
            "status": STATUS_ORDER.get(card.status, len(STATUS_ORDER)),
            "close": card.expected_close or "9999-12-31",
            "owner": card.owner.casefold(),
            # Dated steps by date, then steps without a date, then deals without a step.
            "next": (0, card.next_step_date)
            if card.next_step_date
            else (1 if card.has_next_step else 2, ""),
        }
        return (keys[column], card.id)

    def part_style(self, part: str) -> Style:
        """The colour and text style of a component class, for text drawn in a cell."""
        style = self.get_visual_style(part).rich_style
        return Style(color=style.color, bold=style.bold, italic=style.italic)

    def _cells(self, card: Card, phase_name: str) -> list[Cell]:
        """One row's cells, in the order of ``COLUMNS``."""
        chance = f"{'◆' if card.override else ''}{card.probability}%"
        close = long_date(card.expected_close)
        overdue = card.is_overdue(self.today)
        texts = [
            Text(str(card.id), justify="right"),
            plain(card.title),
            plain(card.organization),
            plain(phase_name),
            Text(self.money.full(card.value_cents), justify="right"),
            Text(chance, justify="right"),
            Text(STATUS_LABELS[card.status]),
            Text(("!" if overdue else "") + close, justify="right"),
            Text(next_text(card, self.today), justify="right"),
            plain(card.owner),
        ]
        parts = {
            "probability": "deal-table--override" if card.override else "",
            "status": STATUS_PARTS[card.status],
            "close": "deal-table--overdue" if overdue else "",
            "next": "deal-table--overdue" if card.is_step_overdue(self.today) else "",
        }
        return [
            Cell(text, parts.get(key, ""), self) for key, text in zip(COLUMNS, texts, strict=True)
        ]

    def _refill(self, keep: int | None) -> None:
        keep = keep if keep is not None else self.current_id
        self.clear()
        rows = sorted(self._cards, key=self._sort_key, reverse=self.sort_reverse)
        built = [(str(card.id), self._cells(card, phase)) for card, _, phase in rows]
        self._natural = {
            key: max(
                [
                    cell_len(column_name(key)),
                    *(_cells_wide(cells[index].plain) for _, cells in built),
                ]
            )
            for index, key in enumerate(COLUMNS)
        }
        self._fit_columns()
        for row_key, cells in built:
            self.add_row(*cells, key=row_key)
        if keep is not None:
            with suppress(RowDoesNotExist):  # no longer listed: the cursor stays where it is
                self.move_cursor(row=self.get_row_index(str(keep)), animate=False)

    def select_deal(self, deal_id: int) -> bool:
        """Put the cursor on a deal if it is listed."""
        try:
            self.move_cursor(row=self.get_row_index(str(deal_id)), animate=False)
        except RowDoesNotExist:
            return False
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """With no rows, enter is left to the screen (which says that no deal is there)."""
        if action == "select_cursor" and not self.row_count:
            return False
        return super().check_action(action, parameters)

    def action_cycle_sort(self) -> None:
        """Sort by the next column."""
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.sort_reverse = False
        self._refill(None)

    def action_reverse_sort(self) -> None:
        """Reverse the sort order."""
        self.sort_reverse = not self.sort_reverse
        self._refill(None)
