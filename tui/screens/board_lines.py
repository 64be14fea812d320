"""The board's two lines above the columns: the pipeline summary and the status line.

The summary (open deals, their value and weighted value, won this month) is rebuilt only
when what it says changes: building its text is most of its cost, and a move changes the
weighted value by a little that the short amounts often do not show. The status line says
the filter, the search and its matches, the view, the order and whose deals are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from tui.formatting import session_money
from tui.screens.board_find import BoardViews
from tui.screens.board_text import status_text, summary_text

if TYPE_CHECKING:
    from tui.screens.board import BoardScreen


def show_summary(screen: BoardScreen) -> None:
    """Update the summary line, unless its amounts as written and its scope are the same."""
    if screen.data is None:
        return
    views = screen.query_one(BoardViews)
    summary = screen.data.summary
    money = session_money(screen.data.currency)
    said = (
        summary.open_count,
        money.short(summary.open_cents),
        money.short(summary.weighted_cents),
        summary.won_this_month_count,
        money.short(summary.won_this_month_cents),
        money.currency,
        money.language,
        views.mine,
        views.owner,
    )
    if said == screen.summary_shown:
        return
    screen.summary_shown = said
    screen.query_one("#summary", Static).update(views.scoped(summary_text(screen.data)))


def show_status_line(screen: BoardScreen) -> None:
    """Update the status line: filter, search and matches, view, read-only, owner, order."""
    views = screen.query_one(BoardViews)
    line = status_text(
        screen.status_filter,
        screen.search,
        screen.matches,
        screen.view,
        bool(getattr(screen.app, "read_only", False)),
        owner=views.owner_label,
        order=views.order_label,
    )
    screen.query_one("#status-line", Static).update(line)
