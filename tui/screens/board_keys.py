"""The board's keys (docs/app.md lists them); the footer and help read them from here."""

from __future__ import annotations

from textual.binding import Binding, BindingType

BOARD_BINDINGS: list[BindingType] = [
    Binding("enter", "open_deal", "Open", id="open", tooltip="Open the deal's detail screen"),
    Binding("n", "new_deal", "New", id="new", tooltip="New deal in the focused phase"),
    Binding(
        "shift+right,greater_than_sign",
        "step(1)",
        "Next",
        id="next-phase",
        key_display=">",
        tooltip="Move the deal to the next phase",
    ),
    Binding(
        "shift+left,less_than_sign",
        "step(-1)",
        "Previous",
        id="prev-phase",
        key_display="<",
        show=False,
        tooltip="Move the deal to the previous phase",
    ),
    Binding(
        "a",
        "close('accepted')",
        "Won",
        id="accept",
        tooltip="Accept the deal (won), in whatever phase it is; a lost deal is corrected"
        " to won, its close date kept",
    ),
    Binding(
        "r",
        "close('rejected')",
        "Lost",
        id="reject",
        tooltip="Reject the deal (lost), in whatever phase it is; a won deal is corrected"
        " to lost, its close date kept",
    ),
    Binding("o", "reopen", "Reopen", id="reopen", tooltip="Reopen a won or lost deal"),
    Binding(
        "slash",
        "search",
        "Search",
        id="search",
        tooltip="Search title, organization, contact and owner",
    ),
    Binding("escape", "clear_search", "Clear search", show=False, id="clear-search"),
    Binding(
        "f",
        "cycle_filter",
        "Filter",
        id="filter",
        tooltip="Status filter: open → won → lost → all",
    ),
    Binding(
        "t",
        "toggle_view",
        "List",
        id="toggle-view",
        tooltip="Toggle between the board and the list view",
    ),
    Binding("p", "phases", "Phases", id="phases", tooltip="Phase configuration"),
    Binding(
        "m",
        "management",
        "Reports",
        id="management",
        tooltip="Management information: where deals are won and lost, and why",
    ),
    Binding(
        "D",
        "deleted",
        "Deleted",
        id="deleted",
        show=False,
        tooltip="Deleted deals: who deleted which, and when; restore one",
    ),
    Binding(
        "g",
        "agenda",
        "Agenda",
        id="agenda",
        show=False,
        tooltip="Agenda: the open deals' next steps, overdue first",
    ),
    Binding("q", "app.quit", "Quit", id="quit"),
]
