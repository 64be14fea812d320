"""The board's texts: the pipeline summary on top, the status line under it, and its help."""

from __future__ import annotations

from rich.text import Text

from models.domain.status import STATUS_FILTERS, STATUS_LABELS
from models.queries.board import BoardData
from tui.formatting import session_money

# The help screen's explanation of the board, below its list of keys.
BOARD_HELP = (
    "\nOn a card: ◆ = probability override, ! = expected close date has passed,"
    " ◷ = no change for the stale-days setting (default 30), ✓ won, ✗ lost."
    " Beside the organization: →12 Dec = when the next step is due (!→ once that day has"
    " passed, → alone: a step without a date), →? = an open deal without a next step;"
    " g opens the agenda of next steps."
    "\nColumn header: probability · number of deals, Σ total value, ≈ weighted value"
    " (value × probability of the open deals)."
    f"\nThe filter (f) cycles {' → '.join(STATUS_LABELS[word] for word in STATUS_FILTERS)};"
    " closed deals stay in the phase they"
    " closed in. Search (/) narrows by title, organization, contact, owner and deal number"
    " (431 or #431) and puts the cursor on the first match; enter goes to it, and while a"
    " search is active n / N go to the next / previous match (n is New deal again once"
    " escape has cleared the search). On the board s orders the cards (expected close,"
    " value, last change, title, number), u shows only your deals, U one owner's."
    " In the list view (t), s sorts by the next column and S reverses; its Next column"
    " (the next step's date, marked as on the card) is the first to give way on a narrow"
    " terminal such as 80 columns, and shows whenever the list is sorted by it."
)


def summary_text(data: BoardData) -> Text:
    """Open deals, pipeline, weighted forecast and what was won this month."""
    summary = data.summary
    money = session_money(data.currency)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{summary.open_count} open", style="bold")
    text.append(f" · {money.short(summary.open_cents)} pipeline")
    text.append(f" · {money.short(summary.weighted_cents)} weighted", style="bold")
    text.append(
        f" · won this month: {summary.won_this_month_count}"
        f" ({money.short(summary.won_this_month_cents)})"
    )
    return text


def status_text(
    status: str,
    search: str,
    matches: int,
    view: str,
    read_only: bool,
    *,
    owner: str = "",
    order: str = "",
) -> Text:
    """Which deals are shown (filter, owner and search), in which view and order, read-only.

    ``owner`` names the owner filter ("my deals", "owner Anna"); ``order`` the board's card
    order when it is not the default.
    """
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(" Showing ", style="dim")
    text.append(f" {STATUS_LABELS[status]} ", style="bold reverse")
    text.append(" deals", style="dim")
    if owner:
        text.append(" · ", style="dim")
        text.append(owner, style="bold")
    if search:
        text.append(" matching ", style="dim")
        text.append(search, style="bold")
    if search or owner:
        text.append(f" ({matches})", style="dim")
    if order:  # before the view's name, which is what an 80-column line may lose
        text.append(" · by ", style="dim")
        text.append(order, style="bold")
    text.append(f"   {view} view", style="dim")
    if read_only:
        text.append("   READ-ONLY", style="bold red")
    return text
