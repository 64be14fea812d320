"""The report tallies stay what a rebuild from scratch gives, after every kind of operation.

Each test changes deals through the operations (times injected with ``at=``) and holds the
stored ``report_tally`` and ``deal_phase_time`` rows to a rebuild (``tally_oracle``), on
SQLite and, where ``DEALBOARD_TEST_PG_URL`` is set, PostgreSQL. A failed operation leaves
them as they were; an operation inside another one is counted once; the time zone the tallies
count months in follows the settings. The randomized sequence is in ``test_tally_random``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import peewee
import pytest

from models.domain.errors import ConflictError, RuleError, ValidationError
from models.operations import deal_core, deal_status, deals, phases, tally_journal
from models.operations.settings import set_setting
from models.storage.database import open_database, write_operation
from models.storage.schema import Deal
from tests.conftest import ACTOR
from tests.models.storage.tally_oracle import assert_current, count, snapshot, state

T0 = dt.datetime(2026, 1, 10, 9, 0)


def at(hours: float) -> dt.datetime:
    """A moment ``hours`` after ``T0``."""
    return T0 + dt.timedelta(hours=hours)


def add(title: str, hours: float, **fields: Any) -> int:
    """Create a deal at ``at(hours)``; return its id."""
    return deals.create_deal(title, actor=ACTOR, at=at(hours), **fields).id


def test_creating_editing_and_moving_deals(db: peewee.Database) -> None:
    first = add("First", 0, owner="Ann", source="Web", value="1200")
    assert_current(db, "after a create")
    assert count(db, "created", t1="2026-01") == 1
    second = add("Second", 1, owner="Bob", value="300", expected_close="2026-03-01")
    for field, value in (("value", "2500.50"), ("owner", "Cem"), ("source", "Fair")):
        deals.edit_deal(first, {field: value}, actor=ACTOR, at=at(2))
        assert_current(db, f"after editing {field}")
    deals.edit_deal(second, {"probability_override": "40"}, actor=ACTOR, at=at(3))
    deals.move_deal(first, "Proposal", actor=ACTOR, at=at(30))
    assert_current(db, "after a move forward (skipping a phase)")
    deals.move_deal(first, "Presentation", actor=ACTOR, at=at(80))
    assert_current(db, "after a move back")
    deals.move_deal(first, "Negotiation", actor=ACTOR, at=at(200))
    assert_current(db, "after leaving a phase a second time")
    deals.step_deal(second, 1, actor=ACTOR, at=at(90))
    deals.step_deal(second, -1, actor=ACTOR, at=at(120))
    assert_current(db, "after steps forward and back")
    # The second deal is back in Introduction: its 89 hours there count once it leaves again.
    assert count(db, "stay", k1=_phase(db, "Introduction"), k2=1) == 1
    assert count(db, "stay", k1=_phase(db, "Presentation"), k2=5) == 1


def test_closing_switching_and_reopening(db: peewee.Database) -> None:
    won = add("Won", 0, owner="Ann", value="1000", expected_close="2026-01-12")
    lost = add("Lost", 1, owner="Bob", source="Web", value="700")
    deals.move_deal(won, "Proposal", actor=ACTOR, at=at(5))
    deal_status.accept_deal(won, actor=ACTOR, reason="Best price", at=at(100))
    assert_current(db, "after accepting")
    deals.reject_deal(lost, actor=ACTOR, reason="Chose a competitor", competitor="Acme", at=at(110))
    assert_current(db, "after rejecting with a reason and a competitor")
    assert count(db, "closed", t1="rejected", t4="Acme") == 1
    deals.edit_deal(lost, {"competitor": "Globex", "reason": "No budget"}, actor=ACTOR, at=at(111))
    assert_current(db, "after editing the competitor and reason of a closed deal")
    deals.edit_deal(won, {"expected_close": "2026-02-20"}, actor=ACTOR, at=at(112))
    deals.edit_deal(won, {"expected_close": "2026-02-27"}, actor=ACTOR, at=at(113))
    assert_current(db, "after editing expected_close after the close")
    deals.edit_deal(won, {"value": "1500", "owner": "Dee"}, actor=ACTOR, at=at(114))
    deals.switch_outcome(won, actor=ACTOR, reason="Price too high", at=at(120))
    assert_current(db, "after switching won to lost")
    deals.switch_outcome(lost, actor=ACTOR, reason="Other", at=at(121))
    assert_current(db, "after switching lost to won")
    assert count(db, "correction", t1="switched") == 2
    deals.reopen_deal(won, actor=ACTOR, at=at(130))
    assert_current(db, "after reopening")
    deals.move_deal(won, "Order", actor=ACTOR, at=at(140))
    deals.accept_deal(won, actor=ACTOR, at=at(150))
    assert_current(db, "after closing again")
    assert count(db, "correction", t1="reopened") == 1


def test_deleting_and_restoring(db: peewee.Database) -> None:
    kept = add("Kept", 0, owner="Ann")
    gone = add("Gone", 1, owner="Ann", value="500")
    closed = add("Closed", 2, owner="Bob", value="900")
    deals.move_deal(gone, "Proposal", actor=ACTOR, at=at(10))
    deals.reject_deal(closed, actor=ACTOR, reason="No budget", at=at(20))
    for deal_id, hours in ((gone, 30), (closed, 31)):
        deals.delete_deal(deal_id, actor=ACTOR, at=at(hours))
        assert_current(db, f"after deleting deal {deal_id}")
    assert count(db, "created", t1="2026-01") == 1
    for deal_id, hours in ((gone, 40), (closed, 41)):
        deals.restore_deal(deal_id, actor=ACTOR, at=at(hours))
        assert_current(db, f"after restoring deal {deal_id}")
    assert count(db, "created", t1="2026-01") == 3
    assert kept


def test_phase_changes(db: peewee.Database) -> None:
    extra = phases.add_phase("Extra", 30, position=3)
    skipper = add("Skipper", 0, value="100")
    deals.move_deal(skipper, "Proposal", actor=ACTOR, at=at(10))  # skips Presentation, Extra
    closer = add("Closer", 1)
    deals.move_deal(closer, "Negotiation", actor=ACTOR, at=at(12))
    deals.accept_deal(closer, actor=ACTOR, at=at(20))
    assert count(db, "reached", k1=extra.id, t1="open") == 1
    phases.move_phase("Extra", 5)
    phases.rename_phase("Proposal", "Offer")
    phases.edit_phase("Offer", probability="55")
    assert_current(db, "after reordering and renaming phases")
    phases.delete_phase("Extra")
    assert_current(db, "after deleting a phase deals skipped")
    assert count(db, "reached", k1=extra.id, t1="open") == 0
    phases.merge_phase("Negotiation", "Offer", actor=ACTOR, at=at(30))
    assert_current(db, "after merging a phase with a closed deal into another")
    deals.move_deal(skipper, "Order", actor=ACTOR, at=at(40))
    phases.archive_phase("Offer")
    phases.unarchive_phase("Offer")
    phases.merge_phase("Order", "Offer", actor=ACTOR, at=at(50))
    assert_current(db, "after merging a phase with an open deal into another")
    deals.move_deal(skipper, "Introduction", actor=ACTOR, at=at(60))
    assert_current(db, "after moving a merged deal on")


def test_a_new_database_counts_in_its_languages_zone(backend: str, db_target: str) -> None:
    database = open_database(db_target, lang="nl")
    try:
        assert state(database) == ("1", "Europe/Amsterdam")
        assert_current(database, "in a new Dutch database")
    finally:
        database.close()


def test_a_new_timezone_moves_the_months(db: peewee.Database) -> None:
    assert state(db) == ("1", "UTC")
    # 23:30 UTC on the last day of January is February in Amsterdam and in Auckland.
    late = deals.create_deal("Late", actor=ACTOR, at=dt.datetime(2026, 1, 31, 23, 30)).id
    deals.accept_deal(late, actor=ACTOR, at=dt.datetime(2026, 3, 31, 22, 30))
    assert count(db, "created", t1="2026-01") == count(db, "closed_month", t1="2026-03") == 1
    set_setting("language", "nl")  # the zone follows the language while none is set
    assert state(db) == ("1", "Europe/Amsterdam")
    assert count(db, "created", t1="2026-02") == count(db, "closed_month", t1="2026-04") == 1
    assert count(db, "created", t1="2026-01") == 0
    assert_current(db, "after a new language moved the zone")
    set_setting("timezone", "America/New_York")
    assert state(db) == ("1", "America/New_York")
    assert count(db, "created", t1="2026-01") == count(db, "closed_month", t1="2026-03") == 1
    assert_current(db, "after a new time zone")
    set_setting("language", "en")  # a zone of its own stays
    assert state(db) == ("1", "America/New_York")


def test_a_failed_operation_leaves_the_tallies_as_they_were(
    db: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = add("Target", 0, value="800")
    deals.move_deal(deal, "Proposal", actor=ACTOR, at=at(5))
    before = snapshot(db)
    with pytest.raises(ConflictError):
        deals.edit_deal(deal, {"value": "9"}, actor=ACTOR, expect_version=1, at=at(6))
    with pytest.raises(ValidationError):  # a reason is required to reject
        deals.reject_deal(deal, actor=ACTOR, at=at(7))
    with pytest.raises(RuleError):
        phases.merge_phase("Proposal", "Proposal", actor=ACTOR, at=at(8))

    # A failure after the deal was written (and touched): the whole operation rolls back.
    def broken(*args: object, **kwargs: object) -> None:
        raise ValidationError("note", "Broken on purpose.")

    monkeypatch.setattr(deal_status, "write_events", broken)
    with pytest.raises(ValidationError):
        deals.accept_deal(deal, actor=ACTOR, at=at(9))
    assert snapshot(db) == before
    assert_current(db, "after failed operations")


def test_a_nested_operation_is_counted_once(
    db: peewee.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    deal = add("Nested", 0, value="100")
    deals.step_deal(deal, 1, actor=ACTOR, at=at(1))  # step_deal runs move_deal inside
    assert count(db, "current", k1=_phase(db, "Presentation"), t1="open") == 1
    assert count(db, "current", k1=_phase(db, "Introduction"), t1="open") == 0
    assert_current(db, "after a step")
    other = add("Other", 1)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValidationError("note", "Broken on purpose.")

    @write_operation
    def batch() -> None:
        """Several operations on the same deals in one, one of them failing inside."""
        deals.edit_deal(deal, {"value": "200"}, actor=ACTOR, at=at(2))
        deals.step_deal(deal, 1, actor=ACTOR, at=at(3))
        deals.step_deal(other, 2, actor=ACTOR, at=at(3))
        with monkeypatch.context() as patch:
            patch.setattr(deal_status, "write_events", broken)
            with pytest.raises(ValidationError):
                deals.accept_deal(other, actor=ACTOR, at=at(4))
        deals.accept_deal(deal, actor=ACTOR, at=at(5))

    batch()
    assert count(db, "closed", t1="accepted") == 1
    assert count(db, "current", k1=_phase(db, "Proposal"), t1="open") == 1
    assert_current(db, "after operations inside one operation")


def test_the_journal_refuses_a_deal_changed_outside_an_operation(db: peewee.Database) -> None:
    deal = deals.find_deal(add("Outside", 0))
    from models.operations.deal_core import save_version

    with pytest.raises(RuntimeError, match="outside a write operation"):
        save_version(deal, {Deal.value_cents: 5}, at(1))


def _phase(db: peewee.Database, name: str) -> int:
    row = db.execute_sql(f"SELECT id FROM phase WHERE name = {db.param}", [name]).fetchone()
    return int(row[0])


def test_a_rebuild_inside_an_operation_counts_earlier_changes_once(db: peewee.Database) -> None:
    deal = add("Changed, then rebuilt", 2, value="100")

    @write_operation
    def batch() -> None:
        """An operation that saves a deal itself, then rebuilds (as a merge does), then more."""
        row = Deal.get_by_id(deal)
        deal_core.save_version(row, {Deal.phase: _phase(db, "Negotiation")}, at(2))
        tally_journal.rebuild()
        deals.edit_deal(deal, {"value": "400"}, actor=ACTOR, at=at(4))

    batch()
    assert count(db, "current", k1=_phase(db, "Negotiation"), t1="open") == 1
    assert_current(db, "after a save, a rebuild and another change in one operation")
