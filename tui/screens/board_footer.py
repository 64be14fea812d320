"""Which of the board's deal keys its footer shows: those that apply to the deal under the cursor.

An open deal: open, next, won, lost. A won deal: open, reopen and lost (which corrects the
outcome, as ``dealboard deal switch`` does); a lost deal likewise offers won. No deal (an
empty column, nothing found): none of them. The keys still work everywhere and say why when they
do nothing (``help`` lists them all); the footer just offers what makes sense. See
``tui/widgets/key_footer.py`` for how the footer asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from models.domain.status import Status
from tui.screens.board_find import BoardViews
from tui.widgets.board_view import BoardView

if TYPE_CHECKING:
    from tui.screens.board import BoardScreen

# The board's binding actions, exactly as in BoardScreen.BINDINGS.
STEPS = frozenset({"step(1)", "step(-1)"})
OPEN_DEAL_ONLY = STEPS | {"close('accepted')", "close('rejected')"}
CLOSED_DEAL_ONLY = frozenset({"reopen"})
ANY_DEAL = frozenset({"open_deal"})
DEAL_ACTIONS = OPEN_DEAL_ONLY | CLOSED_DEAL_ONLY | ANY_DEAL

# The status of the deal each board's footer was last drawn for (None: no deal).
_SHOWN: WeakKeyDictionary[BoardScreen, str | None] = WeakKeyDictionary()


def hidden_actions(status: str | None) -> frozenset[str]:
    """The deal actions that do not apply to a deal of ``status`` (None: no deal)."""
    if status is None:
        return DEAL_ACTIONS
    if status == Status.OPEN:
        return CLOSED_DEAL_ONLY
    # A closed deal offers the other outcome: the key corrects it (tui/deal_switch.py).
    return STEPS | {f"close('{status}')"}


def cursor_status(screen: BoardScreen) -> str | None:
    """The status of the deal under the board's (or the list's) cursor, if any."""
    if screen.view == "list":
        deal_id = screen.query_one(BoardViews).table().current_id
        card = screen.data.card(deal_id) if screen.data and deal_id is not None else None
    else:
        card = screen.query_one(BoardView).current_card
    return card.status if card is not None else None


def follow_cursor(screen: BoardScreen) -> None:
    """Have the footer redrawn when the deal under the cursor is of another kind than before.

    A cursor move between two open deals changes nothing in the footer and costs nothing.
    """
    status = cursor_status(screen)
    if screen not in _SHOWN or _SHOWN[screen] != status:
        _SHOWN[screen] = status
        screen.refresh_bindings()
