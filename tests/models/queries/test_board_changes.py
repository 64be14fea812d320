"""Patching a loaded board with what changed since it was read (live refresh by changes)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.status import StatusFilter
from models.operations import deals, phases, settings
from models.queries.board import BoardData, load_board
from models.queries.board_changes import MAX_CHANGED, apply_changes, board_changes
from models.queries.board_mark import PENDING_LOOKS, WINDOW, HistoryMark, history_mark, next_mark

ACTOR = "anna"


def shape(data: BoardData) -> list[object]:
    """Everything the board shows, comparable between a patched and a fresh load."""
    columns = [
        (c.phase_id, c.archived, [card for card in c.cards], c.count, c.total_cents,
         c.weighted_total_cents)
        for c in data.columns
    ]  # fmt: skip
    return [columns, data.summary]


def patched(data: BoardData) -> bool:
    """Apply what changed since ``data`` was read; True when it could be patched."""
    assert data.mark is not None
    changes = board_changes(data.mark, data.status, data.now, data.today)
    return apply_changes(data, changes)


def pipeline(make_deal) -> dict[str, int]:
    ids = {}
    for title, phase, value in [
        ("Alpha", "Introduction", "1000"),
        ("Bravo", "Introduction", "2000"),
        ("Delta", "Proposal", "4000"),
        ("Won one", "Proposal", "7000"),
    ]:
        ids[title] = make_deal(title, phase=phase, value=value).id
    deals.accept_deal(ids["Won one"], actor=ACTOR)
    return ids


@pytest.mark.parametrize("status", list(StatusFilter))
def test_every_kind_of_change_patches_the_board_into_what_a_fresh_load_shows(db, make_deal, status):
    ids = pipeline(make_deal)
    data = load_board(status)
    steps = [
        lambda: deals.step_deal(ids["Alpha"], 1, actor=ACTOR),  # moved
        lambda: deals.edit_deal(ids["Bravo"], {"title": "Bravo 2", "value": "2500"}, actor=ACTOR),
        lambda: deals.reject_deal(ids["Delta"], actor=ACTOR, reason="Price too high"),  # closed
        lambda: deals.delete_deal(ids["Bravo"], actor=ACTOR),  # deleted
        lambda: make_deal("New one", phase="Order", value="900"),  # new
        lambda: deals.restore_deal(ids["Bravo"], actor=ACTOR),  # restored
        lambda: deals.reopen_deal(ids["Won one"], actor=ACTOR),  # reopened
        lambda: deals.accept_deal(ids["Alpha"], actor=ACTOR),  # won this month
    ]
    for step in steps:
        step()
        assert patched(data)
        assert shape(data) == shape(load_board(status))


def test_a_change_already_shown_changes_nothing(db, make_deal):
    ids = pipeline(make_deal)
    deals.step_deal(ids["Alpha"], 1, actor=ACTOR)
    data = load_board()
    revisions = [column.revision for column in data.columns]
    # The board read after the move, but its mark before: the move is seen twice.
    data.mark = type(data.mark)(HistoryMark(data.mark.history.last_id - 1), data.mark.config)
    assert patched(data)
    assert [column.revision for column in data.columns] == revisions


def test_phases_settings_many_deals_or_a_new_day_reload_everything(db, make_deal):
    ids = pipeline(make_deal)
    data = load_board()
    phases.rename_phase("Proposal", "Offer")
    assert not patched(data)

    data = load_board()
    settings.set_setting("stale_days", "9")
    assert not patched(data)

    data = load_board()
    for n in range(MAX_CHANGED + 1):
        make_deal(f"Deal {n}")
    assert not patched(data)

    data = load_board()
    deals.step_deal(ids["Alpha"], 1, actor=ACTOR)
    tomorrow = data.today + dt.timedelta(days=1)
    assert data.mark is not None
    changes = board_changes(data.mark, data.status, data.now + dt.timedelta(days=1), data.today)
    assert changes.whole and changes.mark is None
    assert not apply_changes(data, board_changes(data.mark, "open", data.now, tomorrow))


def test_a_card_for_an_archived_phase_the_board_does_not_show_reloads_everything(db, make_deal):
    ids = pipeline(make_deal)
    phases.archive_phase("Order")
    data = load_board(StatusFilter.ALL)
    before = shape(data)
    assert "Order" not in [column.name for column in data.columns]
    # A deal's phase set straight to the archived one (as a CSV import may).
    from models.storage.schema import Deal, DealEvent, Phase

    order = Phase.get(Phase.name == "Order").id
    Deal.update(phase=order).where(Deal.id == ids["Alpha"]).execute()
    DealEvent.create(deal=ids["Alpha"], at=data.now, actor=ACTOR, kind="phase", phase=order)
    assert not patched(data)
    assert shape(data) == before  # left as it was, for the whole reload


def test_a_quick_first_load_is_never_patched(db, make_deal):
    pipeline(make_deal)
    data = load_board(first=1)
    assert not patched(data)


def test_the_mark_finds_ids_that_commit_late_and_gives_up_rolled_back_ones():
    mark = HistoryMark(100)
    # 101 and 103 committed, 102 still running: asked for again on the next looks.
    mark = next_mark(mark, [101, 103])
    assert mark.last_id == 103 and mark.pending == ((102, PENDING_LOOKS),)
    mark = next_mark(mark, [102])
    assert mark == HistoryMark(103)
    mark = next_mark(HistoryMark(100), [102])
    for _ in range(PENDING_LOOKS - 1):
        mark = next_mark(mark, [])
        assert [i for i, _ in mark.pending] == [101]
    assert next_mark(mark, []).pending == ()
    # A jump far ahead (a sequence that skipped) remembers at most WINDOW ids.
    assert len(next_mark(HistoryMark(0), [10_000]).pending) == WINDOW - 1


def test_history_mark_is_the_highest_id_and_the_missing_ones_below_it(db, make_deal):
    pipeline(make_deal)
    mark = history_mark()
    assert mark.pending == ()
    from models.storage.schema import DealEvent

    assert mark.last_id == max(event.id for event in DealEvent.select())


def test_a_commit_without_history_reloads_everything(db, make_deal):
    ids = pipeline(make_deal)
    data = load_board()
    from models.storage.schema import Deal

    # Another client's change that wrote no history row: nothing says which deal changed.
    Deal.update(owner="Dora").where(Deal.id == ids["Alpha"]).execute()
    assert data.mark is not None
    assert board_changes(data.mark, data.status, data.now, data.today).whole
    assert not patched(data)


def test_an_edited_card_is_replaced_where_it_stands_and_a_moved_one_reshapes(db, make_deal):
    ids = pipeline(make_deal)
    data = load_board()
    deals.edit_deal(ids["Bravo"], {"value": "2500"}, actor=ACTOR)
    assert data.mark is not None
    changes = board_changes(data.mark, data.status, data.now, data.today)
    assert apply_changes(data, changes)
    intro = next(column for column in data.columns if column.name == "Introduction")
    assert changes.in_place == [(intro.phase_id, 1)] and not changes.reshaped
    assert intro.cards[1].value_cents == 250000 and intro.total_cents == 350000
    deals.step_deal(ids["Bravo"], 1, actor=ACTOR)
    changes = board_changes(data.mark, data.status, data.now, data.today)
    assert apply_changes(data, changes)
    assert changes.reshaped and changes.in_place == []
    assert shape(data) == shape(load_board())


def test_a_setting_changed_beside_an_edit_reloads_and_unchanged_settings_are_not_read_again(
    db, make_deal, monkeypatch
):
    import models.queries.board_changes as board_changes_module

    ids = pipeline(make_deal)
    data = load_board()
    reads: list[int] = []
    read_settings = board_changes_module.get_settings

    def counted() -> dict[str, str]:
        reads.append(1)
        return read_settings()

    monkeypatch.setattr(board_changes_module, "get_settings", counted)
    deals.edit_deal(ids["Alpha"], {"title": "Alpha 2"}, actor=ACTOR)
    assert patched(data)  # reads the settings once (or finds them as a test before left them)
    deals.edit_deal(ids["Alpha"], {"title": "Alpha 3"}, actor=ACTOR)
    reads.clear()
    assert patched(data)
    assert reads == []  # the setting rows are as they were: the settings are not read again

    # A setting changed in the same look as a deal edit: the history rows say only "Bravo",
    # yet the board must be read whole (the stale mark, the currency… may have changed).
    settings.set_setting("stale_days", "9")
    deals.edit_deal(ids["Bravo"], {"title": "Bravo 2"}, actor=ACTOR)
    assert data.mark is not None
    assert board_changes(data.mark, data.status, data.now, data.today).whole
    assert reads == [1]
    assert not patched(data)

    data = load_board()
    settings.set_setting("timezone", "Pacific/Kiritimati")
    deals.edit_deal(ids["Bravo"], {"title": "Bravo 3"}, actor=ACTOR)
    assert not patched(data)
