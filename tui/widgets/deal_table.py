"""The list view of the board: the same deals as a sortable table."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from models.domain.status import STATUS_LABELS, Status
from models.queries.board import Card, Column
from tui.formatting import Money, plain

STATUS_STYLES: dict[str, str] = {
    Status.OPEN: "",
    Status.ACCEPTED: "bold green",
    Status.REJECTED: "bold red",
}
SORTS: list[tuple[str, str]] = [
    ("phase", "phase"),
    ("title", "title"),
    ("organization", "organization"),
    ("value", "value"),
    ("probability", "probability"),
    ("expected close", "close"),
    ("owner", "owner"),
]


class DealTable(DataTable[Any]):
    """Deals in rows; `s` cycles the sort column and `S` reverses it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "cycle_sort", "Sort", id="sort"),
        Binding("S", "reverse_sort", "Reverse", id="reverse-sort"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.sort_index = 0
        self.sort_reverse = False
        self._cards: list[tuple[Card, int, str]] = []
        self.money = Money()
        self.today = dt.date.today()

    def on_mount(self) -> None:
        """Add the columns once; the numbers come early so they fit at 80 columns."""
        self.add_column("#", key="id")
        self.add_column("Title", key="title", width=22)
        self.add_column("Organization", key="organization", width=14)
        self.add_column("Phase", key="phase", width=11)
        self.add_column("Value", key="value")
        self.add_column("Prob.", key="probability")
        self.add_column("Status", key="status")
        self.add_column("Close", key="close")
        self.add_column("Owner", key="owner", width=14)

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
        column = SORTS[self.sort_index][1]
        keys: dict[str, Any] = {
            "phase": (phase_position, card.id),
            "title": (card.title.casefold(), card.id),
            "organization": (card.organization.casefold(), card.id),
            "value": (card.value_cents, card.id),
            "probability": (card.probability, card.id),
            "close": (card.expected_close or "9999-12-31", card.id),
            "owner": (card.owner.casefold(), card.id),
        }
        return keys[column]

    def _refill(self, keep: int | None) -> None:
        keep = keep if keep is not None else self.current_id
        self.clear()
        rows = sorted(self._cards, key=self._sort_key, reverse=self.sort_reverse)
        for card, _, phase_name in rows:
            chance = f"{'◆' if card.override else ''}{card.probability}%"
            close = card.expected_close or ""
            overdue = card.is_overdue(self.today)
            self.add_row(
                Text(str(card.id), justify="right"),
                plain(card.title),
                plain(card.organization),
                plain(phase_name),
                Text(self.money.whole(card.value_cents), justify="right"),
                Text(chance, justify="right", style="bold yellow" if card.override else ""),
                Text(STATUS_LABELS[card.status], style=STATUS_STYLES[card.status]),
                Text(("!" if overdue else "") + close, style="bold red" if overdue else ""),
                plain(card.owner),
                key=str(card.id),
            )
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

    def action_cycle_sort(self) -> None:
        """Sort by the next column."""
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.sort_reverse = False
        self._refill(None)
        self.notify(f"Sorted by {SORTS[self.sort_index][0]}", timeout=1.5)

    def action_reverse_sort(self) -> None:
        """Reverse the sort order."""
        self.sort_reverse = not self.sort_reverse
        self._refill(None)
