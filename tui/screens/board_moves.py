"""Moving a card on the board: the card moves on screen at once, the operation follows.

The board answers ``<``/``>`` without waiting for the disk: it puts the card in the
neighbouring column (``neighbour``, ``moved_ahead``), then runs ``step_and_card`` in a
worker with the version the card showed. Should the operation be refused,
``report_refused_move`` says why and the board reloads to what is true.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.screen import Screen

from models.domain.errors import ConflictError, DealboardError
from models.queries.board import BoardData, Card, Column, load_card
from tui.i18n import N_, _


def step_and_card(
    deal_id: int, step: int, actor: str, expect_version: int | None = None
) -> Card | None:
    """Move a deal one phase (if still at ``expect_version``); return its new card."""
    from models.operations.deals import step_deal

    step_deal(deal_id, step, actor=actor, expect_version=expect_version)
    return load_card(deal_id)


def neighbour(columns: Sequence[Column], phase_id: int, step: int) -> Column | None:
    """The active column ``step`` places from ``phase_id``, as the operation will pick."""
    active = [column for column in columns if not column.archived]
    index = next((i for i, c in enumerate(active) if c.phase_id == phase_id), None)
    if index is None or not 0 <= index + step < len(active):
        return None
    return active[index + step]


def moved_ahead(card: Card, target: Column) -> Card:
    """The card as it will be once the move to ``target`` is saved."""
    # The version this move will give it, so a second press before the answer
    # arrives is not taken for someone else's change.
    return card._replace(
        phase_id=target.phase_id,
        probability=target.probability,
        override=False,
        version=card.version + 1,
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
