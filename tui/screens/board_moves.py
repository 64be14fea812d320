"""Moving a card on the board: the card moves on screen at once, the operation follows.

The board answers ``<``/``>`` without waiting for the disk: it puts the card in the
neighbouring column (``neighbour``, ``moved_ahead``), then runs ``step_and_card`` in a
worker with the version the card showed. Should the operation be refused,
``report_refused_move`` says why and the board reloads to what is true.

What the board shows of a move is worked out from what it showed before (``shift_card``):
the card leaves its column and enters the next one where a full reload would put it (the
search and owner filter decide whether it shows, the card order where), and every other
column stays the same object, so the board repaints the two columns and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from textual.screen import Screen

from models.domain.errors import ConflictError, DealboardError
from models.queries.board import BoardData, Card, Column, load_card
from models.queries.board_cards import position_of
from models.queries.board_order import Arrangement, BoardSort, sort_cards
from tui.i18n import N_, _


def step_and_card(
    deal_id: int,
    step: int,
    actor: str,
    expect_version: int | None = None,
    *,
    at: dt.datetime | None = None,
) -> Card | None:
    """Move a deal one phase (if still at ``expect_version``) at ``at``; return its new card.

    ``at`` is the app's clock (``DealboardApp.now``), so the history says the time the
    screen calls now.
    """
    from models.operations.deals import step_deal

    step_deal(deal_id, step, actor=actor, expect_version=expect_version, at=at)
    return load_card(deal_id)


def neighbour(columns: Sequence[Column], phase_id: int, step: int) -> Column | None:
    """The active column ``step`` places from ``phase_id``, as the operation will pick."""
    active = [column for column in columns if not column.archived]
    index = next((i for i, c in enumerate(active) if c.phase_id == phase_id), None)
    if index is None or not 0 <= index + step < len(active):
        return None
    return active[index + step]


def moved_ahead(card: Card, target: Column, at: dt.datetime | None = None) -> Card:
    """The card as it will be once the move to ``target`` is saved at ``at``."""
    # The version this move will give it, so a second press before the answer
    # arrives is not taken for someone else's change; and the time it will have been
    # changed (as the database writes it), so the card the save returns is this one and
    # the board has nothing to repaint then (and a card ordered by last change lands
    # where it will stay).
    return card._replace(
        phase_id=target.phase_id,
        probability=target.probability,
        override=False,
        version=card.version + 1,
        updated_at=card.updated_at if at is None else at.isoformat(sep=" "),
    )


def keep_saved_moves(data: BoardData, saved: dict[int, Card]) -> None:
    """Put back in freshly loaded ``data`` the cards of moves saved after it was read.

    A load reads the database in a worker while a move's worker may commit: a load that
    read before the commit can arrive after the move's answer (``saved``: the card each
    saved move returned) and would show the deal where it was. A card with a lower version
    than the saved one is such an older picture; one at the saved version or later is
    newer than the move, which is then forgotten.
    """
    for deal_id, card in list(saved.items()):
        loaded = data.card(deal_id)
        if loaded is not None and loaded.version < card.version:
            data.replace_card(card)
        else:
            del saved[deal_id]


def report_refused_move(
    screen: Screen[Any], deal_id: int, error: DealboardError, show_again: Callable[[int], None]
) -> None:
    """Say why the deal was not moved; ``show_again`` reloads the board on that deal."""
    if isinstance(error, ConflictError) and error.current_version < error.expected_version:
        # The card showed the version this user's previous move gives, not yet saved.
        screen.notify(
            _(
                "Deal #{deal} was not moved again: the previous move was still being"
                " saved. Press again."
            ).format(deal=deal_id),
            severity="warning",
            timeout=3,
        )
        show_again(deal_id)
        return
    if isinstance(error, ConflictError):
        from tui import deal_actions  # with its forms: imported when first used, not at start

        deal_actions.refusal(screen, deal_id, N_("moved"), show_again)(error)
        return
    screen.notify(str(error), severity="warning")
    show_again(deal_id)


def sorted_position(cards: Sequence[Card], card: Card, order: BoardSort) -> int:
    """Where ``card`` goes among ``cards`` (already in ``order``), as ``sort_cards`` puts it.

    A bisection that asks ``sort_cards`` itself which of two cards comes first, so the
    place is the one a full sort gives (every order ends in the deal number: no ties).
    """
    low, high = 0, len(cards)
    while low < high:
        middle = (low + high) // 2
        if sort_cards((card, cards[middle]), order)[0] is card:
            high = middle
        else:
            low = middle + 1
    return low


def shift_card(
    columns: list[Column],
    old: Card,
    new: Card,
    *,
    shown: Callable[[Card], bool],
    order: BoardSort,
) -> list[Column]:
    """``columns`` with ``old`` taken out and ``new`` put in, as a full reload would show them.

    ``columns`` are what the board shows (cards in ``order``); ``shown`` tells whether a card
    passes the search and owner filter. The column that loses ``old`` and the one that gains
    ``new`` are new objects (their counts and totals adjusted, not summed again); every
    other column is the same object, which tells the board it need not repaint it.
    """
    result = []
    for column in columns:
        index = position_of(column.cards, old.id) if column.phase_id == old.phase_id else None
        enters = column.phase_id == new.phase_id and shown(new)
        if index is None and not enters:
            result.append(column)
            continue
        cards = list(column.cards)
        count, total, weighted = column.count, column.total_cents, column.weighted_total_cents
        if index is not None:
            gone = cards.pop(index)
            count, total, weighted = (
                count - 1,
                total - gone.value_cents,
                weighted - gone.weighted_cents,
            )
        if enters:
            cards.insert(sorted_position(cards, new, order), new)
            count, total, weighted = (
                count + 1,
                total + new.value_cents,
                weighted + new.weighted_cents,
            )
        result.append(
            Column(
                column.phase_id,
                column.name,
                column.probability,
                column.archived,
                cards,
                count,
                total,
                weighted,
            )
        )
    return result


def moved_columns(
    data: BoardData,
    search: str,
    how: Arrangement,
    shown: list[Column],
    searched: list[Column] | None,
    old: Card,
    new: Card,
) -> list[Column] | None:
    """What the board shows once ``old`` became ``new``; None when only a full pass will do.

    ``data`` already holds ``new`` (``replace_card``); ``shown`` are the columns the board
    showed for it under ``search`` and ``how`` (order, owner filter), ``searched`` what
    ``data.filtered(search)`` gave before the change. The search's result follows the move
    too (``remember_search``), for the next key typed.
    """
    match = data.matcher(search)
    owner = how.owner
    in_data = data.card(new.id) is not None  # a card of another status leaves the board

    def found(card: Card) -> bool:
        return in_data and match(card)

    def kept(card: Card) -> bool:
        return found(card) and (owner is None or owner(card.owner))

    if search.split():
        if searched is None:
            return None
        searched = shift_card(searched, old, new, shown=found, order=BoardSort.NUMBER)
        data.remember_search(search, searched)
    if not how.is_plain:
        return shift_card(shown, old, new, shown=kept, order=how.order)
    if searched is not None:
        return searched
    return data.columns  # ``replace_card`` changed the two columns in place
