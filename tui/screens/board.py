"""The home screen: the pipeline board (or its list view), with filter, search and actions."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from functools import partial
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input

from models.domain.status import STATUS_FILTERS, Status, StatusFilter
from models.queries.board import BoardData, Card, Column, load_board
from tui import start_gc
from tui.dbwork import run_db
from tui.formatting import session_money
from tui.i18n import N_, _
from tui.running_app import dealboard_app
from tui.screens import board_step
from tui.screens.board_data import all_once_painted, first_then_all, new_deal_phase, wait_painted
from tui.screens.board_find import BoardViews, no_deal_message
from tui.screens.board_footer import cursor_status, follow_cursor, hidden_actions
from tui.screens.board_keys import BOARD_BINDINGS
from tui.screens.board_lines import show_status_line, show_summary
from tui.screens.board_live import BoardLive
from tui.screens.board_moves import keep_saved_moves
from tui.screens.board_text import BOARD_HELP
from tui.widgets.board_view import BoardView
from tui.widgets.fixed_line import FixedLine
from tui.widgets.key_footer import KeyFooter

STATUS_CYCLE = STATUS_FILTERS  # the filter key (f) steps through them in this order


class BoardScreen(Screen[None]):
    """Columns of deals per phase; the keys of docs/app.md."""

    # board.tcss is read with the app's style sheet (DealboardApp.CSS_PATH).
    AUTO_FOCUS = ""  # none: the board takes the focus once its cards are loaded

    BINDINGS: ClassVar[list[BindingType]] = BOARD_BINDINGS
    HELP_TITLE = N_("Pipeline board")
    HELP_TEXT = BOARD_HELP

    # A focus change repaints just the widgets it concerns (each repaints itself on focus and
    # blur); Textual's default repaints the whole screen too, which made moving a card to
    # another column cost several cursor moves (docs/performance.md).
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    status_filter: reactive[str] = reactive(StatusFilter.OPEN.value, init=False)
    search: reactive[str] = reactive("", init=False)
    view: reactive[str] = reactive("board", init=False)  # or "list"
    _resumed = False  # shown before (``on_screen_resume``)

    def __init__(self) -> None:
        super().__init__()
        self.data: BoardData | None = None
        self.keep_deal: int | None = None
        self.matches = 0  # cards shown for the current search
        self.live = BoardLive(self)  # live refresh: patch what others changed
        self.saved_moves: dict[int, Card] = {}  # a load read earlier must not undo these
        # The columns the board shows and what they were worked out from (the data, search,
        # order and owner filter): a move changes them without working them all out again.
        self._shown: tuple[BoardData, tuple[object, ...], list[Column]] | None = None
        # What the summary line says now (``board_lines``): not rebuilt when it is the same.
        self.summary_shown: tuple[object, ...] | None = None

    @property
    def currency(self) -> str | None:
        """The database's currency, once the board has read it (toasts write amounts in it)."""
        return self.data.currency if self.data is not None else None

    def compose(self) -> ComposeResult:
        """Summary, search, the board or list, and the footer."""
        yield FixedLine(id="summary", markup=False)  # no layout pass on update
        yield FixedLine(id="status-line", markup=False)
        yield Input(
            placeholder=_("search title, organization, contact, owner"), id="search", compact=True
        )
        with BoardViews(initial="board", id="views"):
            yield BoardView(id="board")  # the list's table comes when first shown (show_list)
        yield KeyFooter(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        """Paint the first cards of every column at once, then load the rest (one worker).

        The first cards read while the app started (``tui.first_cards``) are shown in the
        screen's first frame when they are there; else the worker waits for them or reads.
        """
        if start_gc.paused():  # turned back on after the first cards' frame, or by then
            self.set_timer(start_gc.LONGEST_PAUSE, start_gc.resume)
        self._status_line()
        reading = dealboard_app(self).take_first_cards(self.status_filter)
        first = reading.ready() if reading is not None else None
        if first is None:
            load = partial(first_then_all, self._show_first, reading)
        else:
            painted = threading.Event()
            await self._first_loaded(first, painted)
            load = partial(all_once_painted, painted)
        run_db(
            self,
            load,
            self.status_filter,
            dealboard_app(self).now(),
            on_done=self._loaded,
            group="board",
            exclusive=True,
        )

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Coming back from another screen: show fresh data, cursor where it was.

        Not when first shown: the first cards may be on screen already (``on_mount``), styled
        as they were mounted (Textual would style every widget of the board again).
        """
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        elif self.data is not None:
            self.reload()

    def reload(self, keep_deal: int | None = None) -> None:
        """Reload from the database in a worker; keep the cursor on ``keep_deal``.

        Without ``keep_deal`` the cursor stays on whatever deal it is on when the data
        arrives; an explicit one (a deal just created or moved) wins over a plain reload
        started meanwhile, such as the one when a modal closes.
        """
        if keep_deal is not None:
            self.keep_deal = keep_deal
        run_db(
            self,
            load_board,
            self.status_filter,
            dealboard_app(self).now(),
            on_done=self._loaded,
            group="board",
            exclusive=True,
        )

    def refresh_from_database(self) -> None:
        """Someone changed something: show just what changed, the cursor on its deal."""
        self.live.refresh()

    def prepare_live_refresh(self) -> Callable[[], Awaitable[None]] | None:
        """On the live-refresh thread: read what changed (``board_live``)."""
        return self.live.prepare()

    def _show_first(self, data: BoardData) -> None:
        """On the load's worker: show the first cards, and return once they are painted."""
        painted = threading.Event()
        show: Callable[[BoardData, threading.Event], Awaitable[None] | None] = self._first_loaded
        dealboard_app(self).call_from_thread(show, data, painted)
        wait_painted(painted)

    async def _first_loaded(self, data: BoardData, painted: threading.Event) -> None:
        await self._loaded(data)
        self.call_after_refresh(self._first_painted, painted)

    def _first_painted(self, painted: threading.Event) -> None:
        start_gc.resume()  # start-up is over: the garbage collector's pause too
        painted.set()

    async def _loaded(self, data: BoardData) -> None:
        keep_saved_moves(data, self.saved_moves)
        self.data = data
        keep = self.keep_deal if self.keep_deal is not None else self.current_deal_id
        self.keep_deal = None
        await self._show(keep)

    async def _show(self, keep: int | None = None) -> None:
        if self.data is None:
            return
        if keep is None:
            keep = self.current_deal_id
        views = self.query_one(BoardViews)
        columns = views.shown_columns(self.data, self.search)
        self._shown = (self.data, self._shown_key(views), columns)
        self.matches = sum(column.count for column in columns)
        # Only the view on screen is filled: a 20,000-row table is not rebuilt per keystroke
        # while the board is shown (and the other way round).
        if self.view == "list":
            money = session_money(self.data.currency)
            self.query_one(BoardViews).table().show(columns, money, self.data.today, keep)
        else:
            board = self.query_one(BoardView)
            await board.show(self.data, columns, keep_deal=keep, keep_phase=board.current_phase_id)
        self._summary()
        self._status_line()

    def _shown_key(self, views: BoardViews) -> tuple[object, ...]:
        """What the shown columns are worked out from (besides the data): search, order, owners."""
        return board_step.shown_key(self, views)

    def _summary(self) -> None:
        show_summary(self)

    def _status_line(self) -> None:
        show_status_line(self)

    # -- what is under the cursor -------------------------------------------------------

    @property
    def current_deal_id(self) -> int | None:
        """The deal under the cursor in the current view."""
        if self.view == "list":
            return self.query_one(BoardViews).table().current_id
        card = self.query_one(BoardView).current_card
        return card.id if card else None

    def _card(self, deal_id: int) -> Card | None:
        return self.data.card(deal_id) if self.data is not None else None

    def _need_deal(self) -> int | None:
        deal_id = self.current_deal_id
        if deal_id is None:
            self.notify(no_deal_message(self.search), severity="warning", timeout=2, markup=False)
        return deal_id

    # -- actions ------------------------------------------------------------------------

    def action_open_deal(self) -> None:
        """Open the selected deal's detail screen."""
        deal_id = self._need_deal()
        if deal_id is not None:
            dealboard_app(self).open_deal(deal_id)

    def action_new_deal(self) -> None:
        """Create a deal in the focused column."""
        focused = self.query_one(BoardView).current_phase_id if self.view == "board" else None
        columns = self.data.columns if self.data is not None else []
        phase_id, name = new_deal_phase(columns, focused)
        from tui import deal_actions  # with its forms: imported when first used, not at start

        deal_actions.new_deal(self, phase_id, name, self._after_change)

    async def action_step(self, step: int) -> None:
        """Move the selected deal to the next or previous phase (``board_step.step``)."""
        await board_step.step(self, step)

    async def _moved(self, card: Card | None) -> None:
        """Show the deal a move saved (``board_step.saved``)."""
        await board_step.saved(self, card)

    def action_close(self, outcome: str) -> None:
        """Accept or reject the selected deal."""
        deal_id = self._need_deal()
        if deal_id is not None:
            card = self._card(deal_id)
            from tui import deal_actions

            deal_actions.close_deal(
                self,
                deal_id,
                outcome,
                self._after_change,
                expect_version=card.version if card is not None else None,
            )

    def action_reopen(self) -> None:
        """Reopen the selected closed deal."""
        deal_id = self._need_deal()
        if deal_id is None:
            return
        card = self._card(deal_id)
        if card is not None and card.status == Status.OPEN:
            self.notify(
                _("Deal #{deal} is already open.").format(deal=deal_id),
                severity="warning",
                timeout=2,
            )
            return
        from tui import deal_actions

        deal_actions.reopen_deal(
            self,
            deal_id,
            card.title if card else "",
            self._after_change,
            expect_version=card.version if card is not None else None,
        )

    def _after_change(self, deal_id: int) -> None:
        self.reload(keep_deal=deal_id)

    def action_search(self) -> None:
        """Show the search field."""
        field = self.query_one("#search", Input)
        field.add_class("-shown")
        field.focus()

    def action_clear_search(self) -> None:
        """Clear and hide the search."""
        field = self.query_one("#search", Input)
        field.value = ""
        field.remove_class("-shown")
        self._focus_view()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search = event.value

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._focus_view()
        if self.search.strip() and self.current_deal_id is None:
            self._need_deal()  # says that nothing matches

    async def watch_search(self) -> None:
        """Narrow the board as the user types (in memory, no database round trip)."""
        await self._show()
        self.query_one(BoardViews).search_changed(self.search)

    def action_cycle_filter(self) -> None:
        """Open → won → lost → all."""
        index = STATUS_CYCLE.index(self.status_filter)
        self.status_filter = STATUS_CYCLE[(index + 1) % len(STATUS_CYCLE)]

    def watch_status_filter(self) -> None:
        """Reload with the new status filter."""
        self._status_line()
        self.reload()

    async def action_toggle_view(self) -> None:
        """Switch between the board and the list view, on the same deal."""
        keep = self.current_deal_id
        if self.view == "board":
            await self.query_one(BoardViews).show_list()
        self.view = "list" if self.view == "board" else "board"
        self.query_one(ContentSwitcher).current = self.view
        await self._show(keep)
        if keep is not None:
            if self.view == "list":
                self.query_one(BoardViews).table().select_deal(keep)
            else:
                self.query_one(BoardView).select_deal(keep)
        self._status_line()
        self._focus_view()

    def _focus_view(self) -> None:
        if self.view == "list":
            self.query_one(BoardViews).table().focus()
        else:
            self.query_one(BoardView).focus_board()

    def action_phases(self) -> None:
        """Open the phase configuration."""
        dealboard_app(self).open_phases()

    def action_management(self) -> None:
        """Open the management information."""
        dealboard_app(self).open_management()

    def action_deleted(self) -> None:
        """Open the deleted deals."""
        dealboard_app(self).open_deleted()

    def action_agenda(self) -> None:
        """Open the agenda of next steps."""
        dealboard_app(self).open_agenda()

    # The list's DataTable messages are handled by name: the table is imported when first
    # shown, so the board's class cannot name its message classes.
    def on_data_table_row_selected(self) -> None:
        """Enter on a row of the list view opens that deal."""
        self.action_open_deal()

    @property
    def hidden_footer_actions(self) -> frozenset[str]:
        """The deal keys the footer leaves out for the deal under the cursor (board_footer)."""
        return hidden_actions(cursor_status(self))

    @on(BoardView.CardHighlighted)
    def _footer_follows_cursor(self) -> None:
        follow_cursor(self)

    def on_data_table_row_highlighted(self) -> None:
        """The list's cursor moved: the footer follows the deal under it."""
        follow_cursor(self)

    @on(BoardViews.Changed)
    async def _arrangement_changed(self) -> None:
        await self._show()
        self.query_one(BoardViews).cursor_on_a_deal()
