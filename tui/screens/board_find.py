"""Finding and ordering deals on the board: search matches, `n`/`N`, the sort and owner filter.

``BoardViews`` holds the board and the list view, so its keys apply in both (and never
while the search field has the focus, where `n` is a letter):

- While a search is active (text in the search field), the cursor goes to the first match
  as the user types (deal N first for a search ``N`` or ``#N``), and `n` / `N` step to the
  next / previous match; the footer then shows "n Next match". Without a search `n` is the
  screen's New deal: ``check_action`` hides the match keys, so the key falls through.
- `s` (board view only; the list view has its own) cycles the order of the cards within
  every column; `u` shows only the user's deals; `U` picks an owner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import ContentSwitcher

from models.queries.board import BoardData, Column
from models.queries.board_order import Arrangement, Arranger, BoardSort
from models.queries.owners import owner_matches_user, owners_of, user_display_name
from models.queries.search_words import exact_number
from tui.dbwork import run_db
from tui.i18n import N_, _
from tui.running_app import dealboard_app
from tui.widgets.board_view import BoardView

if TYPE_CHECKING:
    from tui.widgets.deal_table import DealTable

# The board's card orders as people read them (``BoardSort``'s values are English words).
ORDER_NAMES: dict[BoardSort, str] = {
    BoardSort.NUMBER: N_("deal number"),
    BoardSort.CLOSE: N_("expected close"),
    BoardSort.VALUE: N_("value"),
    BoardSort.CHANGED: N_("last change"),
    BoardSort.TITLE: N_("title"),
}


def no_deal_message(search: str) -> str:
    """What an action on no deal says: while searching, that nothing matches the text as typed."""
    if search.strip():
        return _("No deal matches '{search}'.").format(search=search)
    return _("No deal selected.")


class BoardViews(ContentSwitcher):
    """The board and the list view, with the keys that find, order and filter their deals.

    The list view's table (id ``list``) is made when the list is first shown
    (``show_list``): the board's first frame then waits neither for the import nor for the
    styling of a DataTable it does not show.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "next_match(1)",
            N_("Next match"),
            id="next-match",
            tooltip=N_("Next deal matching the search (without a search, n is New deal)"),
        ),
        Binding(
            "N",
            "next_match(-1)",
            N_("Previous match"),
            id="previous-match",
            show=False,
            tooltip=N_("Previous deal matching the search"),
        ),
        Binding(
            "s",
            "cycle_sort",
            N_("Sort"),
            id="board-sort",
            show=False,
            tooltip=N_("Order of the cards: expected close → value → last change → title → number"),
        ),
        Binding(
            "u",
            "my_deals",
            N_("Mine"),
            id="my-deals",
            show=False,
            tooltip=N_("Only my deals, or all"),
        ),
        Binding(
            "U",
            "pick_owner",
            N_("Owner"),
            id="pick-owner",
            show=False,
            tooltip=N_("Show one owner's deals"),
        ),
    ]

    class Changed(Message):
        """The order or the owner filter changed: the screen shows its deals again."""

    def __init__(self, *, initial: str, id: str | None = None) -> None:
        super().__init__(initial=initial, id=id)
        self.order = BoardSort.NUMBER
        self.mine = False  # only the user's deals (u)
        self.user_name: str | None = None  # the user's display name (people), mine too
        self.owner: str | None = None  # only this owner's deals (U)
        self._arranger = Arranger()
        self._data: BoardData | None = None

    # -- what the screen shows -------------------------------------------------------------

    def shown_columns(self, data: BoardData, search: str) -> list[Column]:
        """The columns to show: the search's matches, of the chosen owner, in the chosen order."""
        self._data = data
        return self._arranger.arrange(data.filtered(search), self._arrangement())

    def _arrangement(self) -> Arrangement:
        if self.mine:
            user = dealboard_app(self).user
            name = self.user_name
            # The key names the display name too: arranged columns are remembered per key.
            return Arrangement(
                self.order, lambda owner: owner_matches_user(owner, user, name), f"\0me\0{name}"
            )
        if self.owner is not None:
            name = self.owner
            return Arrangement(self.order, lambda owner: owner == name, name)
        return Arrangement(self.order)

    @property
    def owner_label(self) -> str:
        """The owner filter for the status line ("my deals", "owner Anna"), or ""."""
        if self.mine:
            return _("my deals")
        return _("owner {name}").format(name=self.owner) if self.owner is not None else ""

    @property
    def order_label(self) -> str:
        """The card order for the status line when it is not the default, or ""."""
        if self.order is BoardSort.NUMBER or self.current == "list":
            return ""
        return _(ORDER_NAMES[self.order])

    async def show_list(self) -> DealTable:
        """The list view's table, mounted on first use (hidden until ``current`` is "list")."""
        from tui.widgets.deal_table import DealTable

        tables = self.query_children(DealTable)
        if tables:
            return tables.first()
        table = DealTable(id="list")
        table.display = False  # as ContentSwitcher leaves a child that is not current
        await self.mount(table)
        return table

    def table(self) -> DealTable:
        """The list view's table; only while the list is shown (``show_list`` made it)."""
        from tui.widgets.deal_table import DealTable

        return self.query_one(DealTable)

    def scoped(self, summary: Text) -> Text:
        """The summary line, saying it counts every owner while the board shows fewer."""
        if not (self.mine or self.owner is not None):
            return summary
        scoped = Text(_("All owners: "), style="dim", no_wrap=True, overflow="ellipsis")
        scoped.append_text(summary)
        return scoped

    # -- search matches --------------------------------------------------------------------

    def search_changed(self, search: str) -> None:
        """Put the cursor on the first match (deal N for ``N`` / ``#N``), keeping the focus."""
        self.screen.refresh_bindings()  # `n` is Next match only while searching
        if not search.strip():
            return
        number = exact_number(search)
        if self.current == "list":
            table = self.table()
            if table.row_count and not (number is not None and table.select_deal(number)):
                table.move_cursor(row=0, animate=False)
            return
        board = self.query_one(BoardView)
        if number is not None and board.select_deal(number, focus=False):
            return
        first = next((card for lst in board.lists for card in lst.cards), None)
        if first is not None:
            board.select_deal(first.id, focus=False)

    def cursor_on_a_deal(self) -> None:
        """After the owner filter changed: an empty column's cursor goes to the first deal."""
        board = self.query_one(BoardView)
        if self.current == "board" and board.current_card is None:
            first = next((card for lst in board.lists for card in lst.cards), None)
            if first is not None:
                searching = self.screen.focused is not None and self.screen.focused.id == "search"
                board.select_deal(first.id, focus=not searching)

    def action_next_match(self, step: int) -> None:
        """Go to the next (1) or previous (-1) match, from the last back to the first."""
        if self.current == "list":
            table = self.table()
            if table.row_count:
                table.move_cursor(row=(table.cursor_row + step) % table.row_count, animate=False)
                return
        else:
            board = self.query_one(BoardView)
            ids = [card.id for card_list in board.lists for card in card_list.cards]
            if ids:
                current = board.current_card
                position = ids.index(current.id) if current is not None else -step
                board.select_deal(ids[(position + step) % len(ids)])
                return
        self.notify(_("No deal matches the search."), severity="warning", timeout=2)

    # -- order and owner -------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        """Order the cards of every column by the next key."""
        self.order = self.order.next()
        self.post_message(self.Changed())

    def on_mount(self) -> None:
        """Learn the user's display name, whose deals are "mine" too (a worker)."""
        self._read_user_name()

    def _read_user_name(self) -> None:
        def named(name: str | None) -> None:
            if name != self.user_name:
                self.user_name = name
                if self.mine:
                    self.post_message(self.Changed())

        user = dealboard_app(self).user
        run_db(self, user_display_name, user, on_done=named, group="user-name", exclusive=True)

    def action_my_deals(self) -> None:
        """Show only the user's deals, or every owner's again."""
        self._read_user_name()  # a person added or renamed since
        self.mine = not self.mine
        self.owner = None
        if self.mine and self._data is not None:
            user = dealboard_app(self).user
            cards = (card for column in self._data.columns for card in column.cards)
            if not any(owner_matches_user(card.owner, user, self.user_name) for card in cards):
                self.notify(
                    _(
                        "No deal shown has you ({user}) as its owner. u shows every owner again."
                    ).format(user=user),
                    severity="warning",
                    timeout=4,
                    markup=False,
                )
        self.post_message(self.Changed())

    def action_pick_owner(self) -> None:
        """Pick an owner whose deals the board shows (escape: all owners)."""
        data = self._data
        owners = owners_of(
            card.owner for column in (data.columns if data else []) for card in column.cards
        )

        def picked(owner: str | None) -> None:
            self.owner = owner
            self.mine = False
            self.post_message(self.Changed())

        from tui.modals.owner_picker import OwnerPicker  # imported when first used, not at start

        self.app.push_screen(OwnerPicker(owners, self.owner), picked)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Match keys only while searching (else `n` is New deal); `s` on the board view only."""
        if action == "next_match":
            return bool(getattr(self.screen, "search", "").strip())
        if action == "cycle_sort":
            return self.current != "list"
        return True
