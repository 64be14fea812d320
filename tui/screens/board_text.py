"""The board's texts: the pipeline summary on top, the status line under it, and its help."""

from __future__ import annotations

from string import Formatter

from rich.text import Text

from models.domain.status import STATUS_LABELS
from models.queries.board import BoardData
from tui.formatting import session_money
from tui.i18n import N_, _

# The help screen's explanation of the board, below its list of keys: one paragraph each,
# marked here and translated when help shows them (``tui/screens/help.py``).
BOARD_HELP: tuple[str, ...] = (
    N_(
        "On a card: ◆ = probability override, ! = expected close date has passed,"
        " ◷ = no change for the stale-days setting (default 30), ✓ won, ✗ lost."
        " Beside the organization: →12 Dec = when the next step is due (!→ once that day has"
        " passed, → alone: a step without a date), →? = an open deal without a next step;"
        " g opens the agenda of next steps."
    ),
    N_(
        "Column header: probability · number of deals, Σ total value, ≈ weighted value"
        " (value × probability of the open deals)."
    ),
    N_(
        "The filter (f) cycles open → won → lost → all; closed deals stay in the phase they"
        " closed in. Search (/) narrows by title, organization, contact, owner and deal number"
        " (431 or #431) and puts the cursor on the first match; enter goes to it, and while a"
        " search is active n / N go to the next / previous match (n is New deal again once"
        " escape has cleared the search). On the board s orders the cards (expected close,"
        " value, last change, title, number), u shows only your deals, U one owner's."
        " In the list view (t), s sorts by the next column and S reverses; its Next column"
        " (the next step's date, marked as on the card) is the first to give way on a narrow"
        " terminal such as 80 columns, and shows whenever the list is sorted by it."
    ),
)


class Pieces:
    """A line built from styled pieces, each drawn as one segment.

    A translated template's words and fields become pieces of their own; ``prefix`` joins
    the template's first words, so an English line draws exactly as it did before
    translation (one segment per piece: the snapshots compare segments).
    """

    def __init__(self) -> None:
        self.pieces: list[tuple[str, str]] = []

    def add(self, piece: str, style: str) -> None:
        """Append ``piece`` in ``style``."""
        if piece:
            self.pieces.append((piece, style))

    def template(
        self, template: str, style: str, *, prefix: str = "", **fields: tuple[str, str]
    ) -> None:
        """Append a translated ``template``: ``prefix`` and its words in ``style``.

        ``fields`` gives each ``{field}`` its (value, style), so a translation may put the
        fields wherever its language wants them.
        """
        for literal, name, _spec, _conversion in Formatter().parse(template):
            self.add(prefix + literal, style)
            prefix = ""
            if name is not None:
                self.add(*fields[name])
        self.add(prefix, style)

    def text(self) -> Text:
        """The line as one Rich text that never wraps."""
        text = Text(no_wrap=True, overflow="ellipsis")
        for piece, style in self.pieces:
            text.append(piece, style=style)
        return text


def summary_text(data: BoardData) -> Text:
    """Open deals, pipeline, weighted forecast and what was won this month."""
    summary = data.summary
    money = session_money(data.currency)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(_("{count} open").format(count=summary.open_count), style="bold")
    pipeline = _("{amount} pipeline").format(amount=money.short(summary.open_cents))
    text.append(" · " + pipeline)
    weighted = _("{amount} weighted").format(amount=money.short(summary.weighted_cents))
    text.append(" · " + weighted, style="bold")
    won = _("won this month: {count} ({amount})").format(
        count=summary.won_this_month_count, amount=money.short(summary.won_this_month_cents)
    )
    text.append(" · " + won)
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
    line = Pieces()
    label = f" {STATUS_LABELS[status]} "
    line.template(_("Showing {status} deals"), "dim", prefix=" ", status=(label, "bold reverse"))
    if owner:
        line.add(" · ", "dim")
        line.add(owner, "bold")
    if search:
        line.template(_("matching {search}"), "dim", prefix=" ", search=(search, "bold"))
    if search or owner:
        line.add(f" ({matches})", "dim")
    if order:  # before the view's name, which is what an 80-column line may lose
        line.template(_("by {order}"), "dim", prefix=" · ", order=(order, "bold"))
    view_name = _("list view") if view == "list" else _("board view")
    line.add("   " + view_name, "dim")
    if read_only:
        line.add("   " + _("READ-ONLY"), "bold red")
    return line.text()
