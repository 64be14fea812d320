"""The pipeline board: one column per phase, a header with its totals, its cards below."""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.message import Message

from models.queries.board import BoardData, Card, Column
from tui.formatting import Money, session_money
from tui.widgets.card_focus import hand_focus
from tui.widgets.card_list import CARD_HEIGHT, CardList
from tui.widgets.column_header import ColumnHeader

MIN_COLUMN_WIDTH = 14


class PhaseColumn(Vertical):
    """A header over a card list, for one phase.

    The header of the column with the focus shows it (``ColumnHeader.show_focus``), told by
    its card list as the focus arrives and leaves (``CardList._on_focus``), not through a
    ``:focus-within`` rule: Textual restyles, on a focus change, the subtree of the topmost
    ancestor of the focused widget whose own rules name ``:focus-within``, so a rule on the
    header alone was never applied until the next full restyle, and one on the column
    restyled its card list too, which then finished every line of its cards again (a move
    took twice as long).
    """

    DEFAULT_CSS = """
    PhaseColumn {
        width: 16;
        height: 1fr;
        margin-right: 1;
    }
    """

    def __init__(self, phase_id: int) -> None:
        super().__init__(id=f"phase-{phase_id}")
        self.phase_id = phase_id
        # Kept, not queried: the board reaches a list's header on every move.
        self.header = ColumnHeader()

    def compose(self) -> ComposeResult:
        """A header and the cards."""
        yield self.header
        yield CardList(self.phase_id)


class BoardView(HorizontalScroll, can_focus=False):
    """All phase columns side by side; left/right (h/l) move between them."""

    DEFAULT_CSS = """
    BoardView {
        height: 1fr;
        scrollbar-size-horizontal: 1;
    }
    """

    class CardHighlighted(Message):
        """The deal under the board's cursor changed."""

        def __init__(self, card: Card | None, phase_id: int | None) -> None:
            super().__init__()
            self.card = card
            self.phase_id = phase_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.money = Money()
        self._phase_ids: list[int] = []
        # ``show`` awaits while it rebuilds the columns; a second call (the full load right
        # after the first cards, a reload on resume) must wait, or both rebuild at once.
        self._showing = asyncio.Lock()
        self._last_focused: CardList | None = None  # the column the cursor was last in
        # The card lists, found once per set of columns: a DOM query on every key press and
        # every live refresh was a tenth of their cost.
        self._lists: list[CardList] = []
        self._announced: tuple[Card | None, int | None] | None = None

    @property
    def lists(self) -> list[CardList]:
        """The card lists in column order."""
        # Still ours when each list's column is still a child of this board (Textual's
        # ``is_attached`` walks up to the app for each list, on every key press).
        if len(self._lists) != len(self._phase_ids) or not all(
            card_list.parent is not None and card_list.parent.parent is self
            for card_list in self._lists
        ):
            self._lists = list(self.query(CardList))
        return list(self._lists)

    @property
    def focused_list(self) -> CardList | None:
        """The card list that has (or last had) the cursor."""
        focused = self.screen.focused
        if isinstance(focused, CardList) and focused in self.lists:
            return focused
        return self._last_focused

    @property
    def current_card(self) -> Card | None:
        """The deal under the cursor, if any."""
        card_list = self.focused_list
        return card_list.current if card_list else None

    @property
    def current_phase_id(self) -> int | None:
        """The phase of the focused column."""
        card_list = self.focused_list
        return card_list.phase_id if card_list else None

    async def show(
        self,
        data: BoardData,
        columns: list[Column],
        *,
        keep_deal: int | None,
        keep_phase: int | None,
    ) -> None:
        """Show ``columns``; the cursor stays on ``keep_deal`` (or in ``keep_phase``).

        No frame is drawn until the columns are filled: mounting new columns awaits, and a
        frame drawn meanwhile (empty columns, laid out and painted in full, then at once
        again with their cards) was a fifth of the board's first paint.
        """
        async with self._showing:
            with self.app.batch_update():
                await self._show(data, columns, keep_deal=keep_deal, keep_phase=keep_phase)

    async def _show(
        self,
        data: BoardData,
        columns: list[Column],
        *,
        keep_deal: int | None,
        keep_phase: int | None,
    ) -> None:
        self.money = session_money(data.currency)
        phase_ids = [column.phase_id for column in columns]
        if phase_ids != self._phase_ids:
            had_focus = self.focused_list is not None and self.screen.focused in self.lists
            await self.remove_children()
            await self.mount_all([PhaseColumn(phase_id) for phase_id in phase_ids])
            self._phase_ids = phase_ids
            self._lists = []
            self._size_columns()
            self._last_focused = None
            if had_focus:
                self.call_after_refresh(self.focus_board)
        target: CardList | None = None
        # The deal to keep can only be in the column of its phase: only that list is searched
        # (searching every list of thousands of cards was a fifth of moving a card).
        kept = data.card(keep_deal) if keep_deal is not None else None
        keep_in = kept.phase_id if kept is not None else None
        for column, card_list in zip(columns, self.lists, strict=True):
            unchanged = card_list.shown == (column.serial, column.revision)
            here = keep_deal is not None and column.phase_id == keep_in
            kept_here = keep_deal is not None and here and card_list.index_of(keep_deal) is not None
            if unchanged and not kept_here:
                continue  # e.g. the columns a move did not touch: nothing to repaint
            _column_of(card_list).header.show(column, self.money, data.status)
            card_list.set_cards(
                column.cards,
                keep_id=keep_deal if here else None,
                money=self.money,
                now=data.now,
                today=data.today,
                stale_days=data.stale_days,
                serial=column.serial,
                revision=column.revision,
            )
            if (keep_deal is not None and here and card_list.index_of(keep_deal) is not None) or (
                target is None and column.phase_id == keep_phase
            ):
                target = card_list
        if target is None and self.lists:
            target = self._last_focused if self._last_focused in self.lists else self.lists[0]
        if target is not None:
            self._last_focused = target
            focused = self.screen.focused
            if focused in self.lists:
                # At once, not after the next refresh as ``focus()`` does (which also repaints
                # the whole list again): the frame that shows a moved card shows it focused.
                # Handed on without the focus events' round trip (``hand_focus``).
                if not (isinstance(focused, CardList) and hand_focus(focused, target)):
                    self.screen.set_focus(target, scroll_visible=False)
                self._scroll_to_column(target)
            elif focused is None:
                target.focus(scroll_visible=False)
                self._scroll_to_column(target)
        self._announce()

    def _scroll_to_column(self, card_list: CardList) -> None:
        """Bring a list's column into view, when the columns do not all fit the width."""
        # Every column in view (the board at its usual width): nothing to work out.
        if self.max_scroll_x or self.scroll_x:
            self.scroll_to_widget(_column_of(card_list), animate=False)

    def on_resize(self) -> None:
        """Share the width between the columns (at least MIN_COLUMN_WIDTH cells each)."""
        self._size_columns()

    def _size_columns(self) -> None:
        columns = list(self.query(PhaseColumn))
        if not columns:
            return
        # Each column has a one-cell gap on its right.
        width = max(MIN_COLUMN_WIDTH, self.scrollable_content_region.width // len(columns) - 1)
        for column in columns:
            column.styles.width = width

    def focus_board(self) -> None:
        """Put the keyboard focus on the board (the last used column)."""
        target = self._last_focused if self._last_focused in self.lists else None
        if target is None and self.lists:
            target = self.lists[0]
        if target is not None:
            target.focus()

    def select_deal(self, deal_id: int, *, focus: bool = True) -> bool:
        """Move the cursor to a deal if it is on the board.

        Without ``focus`` the keyboard stays where it is (the search field, while typing):
        the deal's column becomes the one the board's focus returns to.
        """
        for card_list in self.lists:
            index = card_list.index_of(deal_id)
            if index is not None:
                self._last_focused = card_list
                if focus:
                    # At once, not after the next refresh as ``focus()`` does: a reload
                    # arriving meanwhile keeps the cursor on the deal the focused list has.
                    self.screen.set_focus(card_list)
                else:
                    self.scroll_to_widget(card_list.query_ancestor(PhaseColumn), animate=False)
                card_list.cursor = index
                if not focus:
                    self._announce()
                return True
        return False

    def action_column(self, step: int) -> None:
        """Move to the column ``step`` places away, keeping the cursor's height."""
        lists = self.lists
        current = self.focused_list
        if not lists or current is None:
            return
        index = lists.index(current) + step
        if not 0 <= index < len(lists):
            return
        target = lists[index]
        row = current.visible_row()
        top = int(target.scroll_y) // CARD_HEIGHT
        if target.cards:
            target.cursor = max(0, min(top + row, len(target.cards) - 1))
        target.focus()
        self.scroll_to_widget(target.query_ancestor(PhaseColumn), animate=False)

    @on(CardList.ColumnStep)
    def _column_step(self, event: CardList.ColumnStep) -> None:
        event.stop()
        self.action_column(event.step)

    @on(CardList.Highlighted)
    def _card_highlighted(self, event: CardList.Highlighted) -> None:
        event.stop()
        if event.card_list is self.focused_list:
            self._announce()

    def on_descendant_focus(self) -> None:
        """Remember the column that has the cursor."""
        focused = self.screen.focused
        if isinstance(focused, CardList):
            self._last_focused = focused
            self._announce()

    def _announce(self) -> None:
        """Tell the screen what is under the cursor now, if that changed (the footer follows)."""
        now = (self.current_card, self.current_phase_id)
        if now != self._announced:
            self._announced = now
            self.post_message(self.CardHighlighted(*now))


def _column_of(card_list: CardList) -> PhaseColumn:
    """The column a card list is in: its parent (a DOM query walked up for it)."""
    parent = card_list.parent
    return parent if isinstance(parent, PhaseColumn) else card_list.query_ancestor(PhaseColumn)
