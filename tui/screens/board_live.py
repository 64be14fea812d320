"""The board's live refresh: apply what others changed, not reload every card.

When live refresh (``tui/live.py``) says the database changed, the board reads which deals
changed since the mark its data was read at and just their cards
(``models.queries.board_changes``) — on the live-refresh thread (``prepare``), or in a worker
when asked by ``refresh_from_database`` — and back on the UI thread it patches its
``BoardData`` and repaints the columns that changed. Phases or settings changed, a new day, many changed
deals, or a board still loading get the whole reload instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from models.queries.board import BoardData, Column
from tui.dbwork import run_db
from tui.running_app import dealboard_app
from tui.widgets.board_view import BoardView, ColumnHeader, PhaseColumn
from tui.widgets.card_list import CARD_HEIGHT, CardList

if TYPE_CHECKING:
    from models.queries.board_changes import BoardChanges
    from tui.screens.board import BoardScreen

GROUP = "board"  # the board's loads: a whole reload started later cancels a patch


class BoardLive:
    """Keeps one board up to date with other people's changes, card by card."""

    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen
        self._again = False  # a change was announced while a patch was being read
        self.patches = 0  # patches applied (for tests and the benchmark)

    def _busy(self) -> bool:
        return any(
            worker.group == GROUP and worker.node is self.screen and not worker.is_finished
            for worker in self.screen.app.workers
        )

    def refresh(self) -> None:
        """Bring the board up to date: patch it when it can be, else reload it whole."""
        screen = self.screen
        data = screen.data
        if data is None or data.mark is None or not data.complete:
            screen.reload()  # still loading: load again, as before
            return
        if self._busy():
            self._again = True  # one patch at a time; the next one follows this one
            return
        # Imported when first needed: not on the way to the board's first frame.
        from models.queries.board_changes import board_changes

        run_db(
            screen,
            board_changes,
            data.mark,
            data.status,
            dealboard_app(screen).now(),
            data.today,
            on_done=lambda changes: self._arrived(data, changes),
            group=GROUP,
            exclusive=True,
        )

    def prepare(self) -> Callable[[], Awaitable[None]] | None:
        """On the live-refresh thread: read what changed; None when only a reload will do."""
        screen = self.screen
        data = screen.data
        if data is None or data.mark is None or not data.complete:
            return None
        from models.queries.board_changes import board_changes

        changes = board_changes(data.mark, data.status, dealboard_app(screen).now(), data.today)
        if changes.whole:
            return None  # refresh_from_database, which reloads it whole
        return partial(self._prepared, data, changes)

    async def _prepared(self, data: BoardData, changes: BoardChanges) -> None:
        if self._busy():  # a load started after the changes were read: load once more
            self.screen.reload()
            return
        await self._arrived(data, changes)

    async def _arrived(self, data: BoardData, changes: BoardChanges) -> None:
        screen = self.screen
        if screen.data is not data:
            return  # a whole reload replaced the data meanwhile
        before = ([(c.serial, c.revision) for c in data.columns], replace(data.summary))
        # What each column's header draws from its cards: a header whose figures stay is
        # not touched (a renamed card changes none of them).
        heads = {c.phase_id: _head(c) for c in data.columns}
        from models.queries.board_changes import apply_changes

        if not apply_changes(data, changes):
            self._again = False
            screen.reload()
            return
        self.patches += 1
        after = ([(c.serial, c.revision) for c in data.columns], data.summary)
        if self._repaint_in_place(data, changes, heads, before[1] != data.summary):
            pass  # only the edited cards' lines on screen, their headers and the summary line
        elif after != before or screen.keep_deal is not None:  # else nothing to repaint
            keep = screen.keep_deal if screen.keep_deal is not None else screen.current_deal_id
            screen.keep_deal = None
            await screen._show(keep)
        if self._again:
            self._again = False
            self.refresh()

    def _repaint_in_place(
        self,
        data: BoardData,
        changes: BoardChanges,
        heads: dict[int, tuple[int, int, int]],
        summary_changed: bool,
    ) -> bool:
        """Repaint just the lines of cards edited where they stand; False if that won't do.

        Only on the board view without search, owner filter or sort, where each column's
        card list shows the data's own list of cards: the patched list is already what it
        shows, so the edited cards' lines, their column headers and the summary line are all
        that can have changed. Of those, only what changed on screen is repainted: a card
        outside its list's visible lines is drawn when it is scrolled to (Textual's
        ``refresh`` of lines off screen still costs a screen update), a header or the summary
        whose figures stayed is left alone, and only the card under the cursor says it changed
        (the footer follows it).
        """
        screen = self.screen
        if changes.reshaped or not changes.in_place or screen.keep_deal is not None:
            return False
        if screen.view != "board" or screen.search:
            return False
        board = screen.query_one(BoardView)
        lists = {card_list.phase_id: card_list for card_list in board.lists}
        columns = {column.phase_id: column for column in data.columns}
        for phase_id, _ in changes.in_place:
            card_list = lists.get(phase_id)
            if card_list is None or card_list.cards is not columns[phase_id].cards:
                return False  # sorted or filtered: the card list holds a copy
        for phase_id, index in changes.in_place:
            card_list, column = lists[phase_id], columns[phase_id]
            card_list.shown = (column.serial, column.revision)
            if _on_screen(card_list, index):
                card_list.refresh_lines(index * CARD_HEIGHT, CARD_HEIGHT)
            if _head(column) != heads.get(phase_id):
                header = card_list.query_ancestor(PhaseColumn).query_one(ColumnHeader)
                header.show(column, board.money, data.status)
            if index == card_list.cursor:  # the card under the cursor changed: say so
                card_list.post_message(CardList.Highlighted(card_list, card_list.current))
        if summary_changed:
            screen._summary()
        return True


def _head(column: Column) -> tuple[int, int, int]:
    """The figures a column's header shows that a patch can change."""
    return (column.count, column.total_cents, column.weighted_total_cents)


def _on_screen(card_list: CardList, index: int) -> bool:
    """Whether any line of the card at ``index`` is within the list's visible lines."""
    top = card_list.scroll_offset.y
    first = index * CARD_HEIGHT
    return first < top + card_list.size.height and first + CARD_HEIGHT > top
