"""Finding a deal's card in a column: by bisection in id order, by a scan in any other order."""

from __future__ import annotations

from models.queries.board_cards import Card, Column, id_position, position_of


def card(deal_id: int, phase_id: int = 1, value_cents: int = 100) -> Card:
    """A plain open card."""
    return Card(
        id=deal_id,
        title=f"Deal {deal_id}",
        organization="Org",
        owner="Owner",
        value_cents=value_cents,
        probability=50,
        override=False,
        status="open",
        expected_close=None,
        updated_at="2026-11-27 09:00:00",
        phase_id=phase_id,
        haystack=f"deal {deal_id}",
        version=1,
    )


def test_position_of_finds_a_card_in_any_order() -> None:
    cards = [card(7), card(3), card(9)]
    assert position_of(cards, 3) == 1
    assert position_of(cards, 9) == 2
    assert position_of(cards, 4) is None
    assert position_of([], 4) is None


def test_id_position_bisects_a_column_in_id_order() -> None:
    cards = [card(deal_id) for deal_id in range(2, 2000, 2)]
    assert id_position(cards, 2) == 0
    assert id_position(cards, 1998) == len(cards) - 1
    assert id_position(cards, 1000) == 499
    assert id_position(cards, 1001) is None
    assert id_position(cards, 5000) is None
    assert id_position(cards, 0) is None


def test_id_position_still_finds_a_card_in_another_order() -> None:
    # A sorted board's copy (by value, say) is not in id order: the bisection misses, the
    # scan finds it.
    cards = [card(50), card(10), card(40), card(20), card(30)]
    for index, shown in enumerate(cards):
        assert id_position(cards, shown.id) == index
    assert id_position(cards, 35) is None


def test_column_keeps_id_order_and_its_totals() -> None:
    column = Column(1, "Lead", 10, False, [card(10), card(30)])
    column.add(card(20, value_cents=5))
    column.add(card(40))
    column.add(card(5))
    assert [c.id for c in column.cards] == [5, 10, 20, 30, 40]
    assert column.count == 5 and column.total_cents == 405
    assert column.find(20) == (2, column.cards[2])
    assert column.find(25) is None
    removed = column.remove(20)
    assert removed is not None and removed.value_cents == 5
    assert [c.id for c in column.cards] == [5, 10, 30, 40]
    assert column.count == 4 and column.total_cents == 400
    assert column.remove(20) is None
    assert column.revision == 4  # three adds, one removal
