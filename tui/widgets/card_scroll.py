"""A card list's scrollable height: a whole number of cards, set without a layout pass.

``fit_virtual_size`` makes the furthest scroll a whole number of cards (so no card is ever
cut at the top) and, when the list only grew or shrank while its scrollbar stays (or stays
away), updates the list and its scrollbar directly: setting a ScrollView's ``virtual_size``
lays out the whole screen again, half the cost of moving a card to another column once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size

if TYPE_CHECKING:
    from tui.widgets.card_list import CardList


def fit_virtual_size(card_list: CardList, card_height: int) -> None:
    """Set the list's virtual size for its cards, padded with up to four blank lines."""
    height = len(card_list.cards) * card_height
    view = card_list.scrollable_content_region.height
    if view and height > view:
        whole_cards = -(-(height - view) // card_height)  # ceiling division
        height = whole_cards * card_height + view
    size, old = Size(0, height), card_list.virtual_size
    if size == old:
        return
    if not (view and old.height and (old.height > view) == (height > view)):
        card_list.virtual_size = size  # the scrollbar comes or goes: a layout it is
        return
    card_list.set_reactive(type(card_list).virtual_size, size)
    bar = card_list._vertical_scrollbar
    if height > view and bar is not None and card_list.show_vertical_scrollbar:
        # What Textual's ``_scroll_update`` changes when only the list's length does: the
        # bar's sizes (which repaint the cells that change, ``FastScrollBar``) and a scroll
        # beyond the new end. Working out again whether either bar shows and the horizontal
        # scroll cost as much again (and a card list has no horizontal bar).
        bar.window_virtual_size = height
        bar.window_size = card_list.container_size.height
        card_list.scroll_y = card_list.validate_scroll_y(card_list.scroll_y)
    else:
        card_list._scroll_update(size)
