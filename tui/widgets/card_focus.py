"""A card list gaining and losing the focus, and the board handing it on when a card moves.

A list repaints only its cursor card as the focus comes and goes (the rest of its lines do
not depend on it) and marks its column's header (``ColumnHeader.show_focus``), instead of
Textual's default of repainting every line (``focus_gained``, ``focus_lost``).

When a card moves to the next column the focus follows it in the same frame
(``hand_focus``). ``Screen.set_focus`` would post a ``Blur`` to one list and a ``Focus`` to
the other: two messages to two more widgets' queues, each woken and run before the frame,
about a twentieth of the move. The hand-over does what ``set_focus`` and those two events
do, at once, and tells the lists' ancestors (``DescendantBlur``, ``DescendantFocus``) once
the frame is drawn. It follows Textual 8.2's ``Screen.set_focus``; after an upgrade compare
it and run ``tests/tui/test_board_move_cost.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.widgets.card_list import CardList


def focus_gained(card_list: CardList, *, tell: bool = True) -> None:
    """What a list does as it gains the focus: its cursor card and header show it.

    ``tell``: post ``DescendantFocus`` to its ancestors now (``hand_focus`` does it later).
    """
    _show_focus(card_list, True, events.DescendantFocus if tell else None)


def focus_lost(card_list: CardList, *, tell: bool = True) -> None:
    """What a list does as it loses the focus: its cursor card and header show it.

    ``tell``: post ``DescendantBlur`` to its ancestors now (``hand_focus`` does it later).
    """
    _show_focus(card_list, False, events.DescendantBlur if tell else None)


def _show_focus(
    card_list: CardList,
    focused: bool,
    tell: type[events.DescendantFocus] | type[events.DescendantBlur] | None,
) -> None:
    """Mark the list focused or not, repaint its cursor card and header, tell its ancestors."""
    card_list.has_focus = focused
    _refresh_cursor_card(card_list)
    _mark_header(card_list, focused)
    if tell is not None and card_list.parent is not None:
        card_list.parent.post_message(tell(card_list))


def hand_focus(old: CardList, new: CardList) -> bool:
    """Give the focus ``old`` has to ``new`` at once; False (nothing done) if it cannot be.

    The same as ``screen.set_focus(new, scroll_visible=False)`` followed by the ``Blur`` and
    ``Focus`` events it posts, without posting them.
    """
    screen = new.screen
    if old is new or screen.focused is not old or not new.focusable:
        return False
    # Textual 8.2's ``Screen.set_focus``: the focused widget (whose watcher refreshes the
    # bindings), the styles of any ``:focus-within`` ancestor, the bindings again after the
    # frame; then what each event's handler does (``CardList._on_blur``, ``_on_focus``).
    screen.focused = new
    screen._update_focus_styles(new, old)
    focus_lost(old, tell=False)
    focus_gained(new, tell=False)
    # The ancestors hear of it after the frame, with the bindings: the board already knows
    # (``BoardView._show``), and each message bubbles through five widgets' queues.
    screen.call_after_refresh(_after_hand_over, screen, old, new)
    return True


def _after_hand_over(screen: Screen[object], old: CardList, new: CardList) -> None:
    """The bindings again, and the ancestors told of the focus that moved (``hand_focus``)."""
    screen.refresh_bindings()
    for card_list, message in (
        (old, events.DescendantBlur(old)),
        (new, events.DescendantFocus(new)),
    ):
        if card_list.parent is not None:
            card_list.parent.post_message(message)


def _mark_header(card_list: CardList, focused: bool) -> None:
    # The column's header shows where the focus is (``PhaseColumn``), in colours of its
    # own: ``:focus-within`` would restyle the list, a class the header.
    header = getattr(card_list.parent, "header", None)
    if header is not None:
        header.show_focus(focused)


def _refresh_cursor_card(card_list: CardList) -> None:
    # Only the cursor card's colours depend on the focus; the empty list's line does not.
    from tui.widgets.card_list import CARD_HEIGHT  # loaded by now; it imports this module

    # Nothing to add when the whole list waits to be repainted (the two a move refills).
    whole = card_list.outer_size.region in card_list._repaint_regions
    if card_list.cards and not whole:
        card_list.refresh_lines(card_list.cursor * CARD_HEIGHT, CARD_HEIGHT)
