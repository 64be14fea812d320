"""The Textual application: for now one screen listing the phases and their open deals."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header


class DealboardApp(App[None]):
    """dealboard in the terminal."""

    TITLE = "dealboard"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, *, user: str, read_only: bool = False) -> None:
        super().__init__()
        self.user = user
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        """Lay out the phase table between header and footer."""
        yield Header()
        yield DataTable(id="phases", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Start loading the phases without blocking the screen."""
        table = self.query_one(DataTable)
        table.add_columns("Phase", "Probability", "Open deals", "Open value")
        self.sub_title = "read-only" if self.read_only else self.user
        self.load_phases()

    @work(thread=True, exclusive=True, group="load")
    def load_phases(self) -> None:
        """Read the phases in a thread, each in its own connection context."""
        from models.money import format_money
        from models.queries import phase_overview
        from models.schema import database_proxy
        from models.settings import get_settings

        with database_proxy.connection_context():
            rows = phase_overview()
            values = get_settings()
        shown = [
            (
                Text(row["name"]),
                f"{row['probability']}%",
                str(row["open_count"]),
                format_money(row["open_value_cents"], values["currency"], values["language"]),
            )
            for row in rows
            if not row["archived"]
        ]
        self.call_from_thread(self._show, shown)

    def _show(self, rows: list[tuple[Any, ...]]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row)
