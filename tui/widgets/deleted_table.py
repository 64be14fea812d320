"""The Deleted deals table: a row table whose `enter` restores the deal under the cursor."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from tui.i18n import N_

RESTORE_TIP = N_("Restore the selected deal (asks first): it is back on the board")


class DeletedTable(DataTable[Text]):
    """DataTable with `enter` described as what it does here: restore (help lists it so)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", N_("Restore"), show=False, tooltip=RESTORE_TIP),
    ]
