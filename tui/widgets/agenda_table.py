"""The Agenda table: a row table whose `enter` opens the deal under the cursor."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from tui.i18n import N_

OPEN_TIP = N_("Open the deal of the selected next step")


class AgendaTable(DataTable[Text]):
    """DataTable with `enter` described as what it does here: open the deal (help lists it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", N_("Open"), id="agenda-open", tooltip=OPEN_TIP),
    ]
