"""The board's keys (docs/app.md lists them); the footer and help read them from here."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.i18n import N_

BOARD_BINDINGS: list[BindingType] = [
    Binding(
        "enter", "open_deal", N_("Open"), id="open", tooltip=N_("Open the deal's detail screen")
    ),
    Binding("n", "new_deal", N_("New"), id="new", tooltip=N_("New deal in the focused phase")),
    Binding(
        "shift+right,greater_than_sign",
        "step(1)",
        N_("Next"),
        id="next-phase",
        key_display=">",
        tooltip=N_("Move the deal to the next phase"),
    ),
    Binding(
        "shift+left,less_than_sign",
        "step(-1)",
        N_("Previous"),
        id="prev-phase",
        key_display="<",
        show=False,
        tooltip=N_("Move the deal to the previous phase"),
    ),
    Binding(
        "a",
        "close('accepted')",
        N_("Won"),
        id="accept",
        tooltip=N_(
            "Accept the deal (won), in whatever phase it is; a lost deal is corrected"
            " to won, its close date kept"
        ),
    ),
    Binding(
        "r",
        "close('rejected')",
        N_("Lost"),
        id="reject",
        tooltip=N_(
            "Reject the deal (lost), in whatever phase it is; a won deal is corrected"
            " to lost, its close date kept"
        ),
    ),
    Binding("o", "reopen", N_("Reopen"), id="reopen", tooltip=N_("Reopen a won or lost deal")),
    Binding(
        "slash",
        "search",
        N_("Search"),
        id="search",
        tooltip=N_("Search title, organization, contact and owner"),
    ),
    Binding("escape", "clear_search", N_("Clear search"), show=False, id="clear-search"),
    Binding(
        "f",
        "cycle_filter",
        N_("Filter"),
        id="filter",
        tooltip=N_("Status filter: open → won → lost → all"),
    ),
    Binding(
        "t",
        "toggle_view",
        N_("List"),
        id="toggle-view",
        tooltip=N_("Toggle between the board and the list view"),
    ),
    Binding("p", "phases", N_("Phases"), id="phases", tooltip=N_("Phase configuration")),
    Binding(
        "m",
        "management",
        N_("Reports"),
        id="management",
        tooltip=N_("Management information: where deals are won and lost, and why"),
    ),
    Binding(
        "D",
        "deleted",
        N_("Deleted"),
        id="deleted",
        show=False,
        tooltip=N_("Deleted deals: who deleted which, and when; restore one"),
    ),
    Binding(
        "g",
        "agenda",
        N_("Agenda"),
        id="agenda",
        show=False,
        tooltip=N_("Agenda: the open deals' next steps, overdue first"),
    ),
    Binding("q", "app.quit", N_("Quit"), id="quit"),
]
