"""Moving the selected deal one phase on the board (``<``/``>``, shift+arrows).

The card moves on screen at once and only the two columns it leaves and enters are worked
out again (``show_move``, with ``board_moves.moved_columns``); the operation follows in a
worker with the version the card showed and the app's clock (``step``); the saved card then
replaces the one shown, which repaints nothing when they agree (``saved``). What the
functions read and set is the board screen's own state (``BoardScreen``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.domain.status import STATUS_LABELS, Status
from models.queries.board import Card
from tui.dbwork import run_db
from tui.i18n import _
from tui.running_app import dealboard_app
from tui.screens.board_find import BoardViews
from tui.screens.board_moves import (
    moved_ahead,
    moved_columns,
    neighbour,
    report_refused_move,
    step_and_card,
)
from tui.widgets.board_view import BoardView

if TYPE_CHECKING:
    from tui.screens.board import BoardScreen


def shown_key(screen: BoardScreen, views: BoardViews) -> tuple[object, ...]:
    """What the shown columns are worked out from (besides the data): search, order, owners."""
    how = views._arrangement()
    return (screen.search, how.order, how.owner_key)


async def show_move(screen: BoardScreen, old: Card, new: Card) -> None:
    """Show ``old`` become ``new`` (a move): only the two columns concerned change.

    The columns are worked out from those shown before (``board_moves.moved_columns``),
    as a full ``_show`` would show them; anything else (the list view, a partial first
    load, columns shown for other data) takes the full way.
    """
    data = screen.data
    if data is None:
        return
    views = screen.query_one(BoardViews)
    key, searched = shown_key(screen, views), data.searched(screen.search)
    shown = screen._shown
    data.replace_card(new)
    columns = None
    if screen.view == "board" and data.complete and shown and shown[0] is data and shown[1] == key:
        how = views._arrangement()
        columns = moved_columns(data, screen.search, how, shown[2], searched, old, new)
    if columns is None:
        await screen._show(new.id)
        return
    screen._shown = (data, key, columns)
    board = screen.query_one(BoardView)
    await board.show(data, columns, keep_deal=new.id, keep_phase=board.current_phase_id)
    matches = sum(column.count for column in columns)
    if matches != screen.matches:
        screen.matches = matches
        screen._status_line()
    screen._summary()


async def step(screen: BoardScreen, step: int) -> None:
    """Move the selected deal to the next (``step`` 1) or previous (-1) phase.

    The card moves on screen at once (the key press is answered without waiting for the
    disk); the operation runs in a worker with the version the card showed and, should it
    be refused (someone moved or closed the deal meanwhile, say), the board reloads to
    what is true and says why.
    """
    deal_id = screen._need_deal()
    if deal_id is None:
        return
    card = screen._card(deal_id)
    if card is not None and card.status != Status.OPEN:
        screen.notify(
            _("Deal #{deal} is {status}; reopen it first (o) to change its phase.").format(
                deal=deal_id, status=STATUS_LABELS[card.status]
            ),
            severity="warning",
        )
        return
    app = dealboard_app(screen)
    if app.refuse_read_only():
        return
    seen = card.version if card is not None else None
    now = app.now()  # the move's time, on screen and in the history
    if card is not None and screen.data is not None:
        target = neighbour(screen.data.columns, card.phase_id, step)
        if target is None:
            if step > 0:
                message = _("Deal #{deal} is already in the last phase.")
            else:
                message = _("Deal #{deal} is already in the first phase.")
            screen.notify(message.format(deal=deal_id), severity="warning", timeout=2)
            return
        await show_move(screen, card, moved_ahead(card, target, now))
    # Saved once the moved card is painted: a worker thread holds the interpreter in
    # turns with the screen and would delay that frame (docs/performance.md).
    screen.call_after_refresh(
        run_db,
        screen,
        step_and_card,
        deal_id,
        step,
        app.user,
        seen,
        at=now,
        on_done=screen._moved,
        on_error=lambda error: report_refused_move(screen, deal_id, error, screen._after_change),
        group="move",
    )


async def saved(screen: BoardScreen, card: Card | None) -> None:
    """Show the moved deal at once; the live refresh reloads the rest a moment later."""
    if card is None or screen.data is None:
        screen.reload()
        return
    screen.saved_moves[card.id] = card
    shown = screen.data.card(card.id)
    if shown == card:
        return  # the card the move showed is the saved one: nothing to repaint
    if shown is None:
        screen.data.replace_card(card)
        await screen._show(card.id)
        return
    await show_move(screen, shown, card)
