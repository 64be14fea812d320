"""``models.storage.tally_check``: stale report tallies are named, and counted afresh on repair.

Rows are tampered with from another connection (``raw``), as someone with the sqlite3 shell
or psql would; the check names the kind and key that differ, and ``repair_tallies`` makes
them what a rebuild gives again.
"""

from __future__ import annotations

import datetime as dt

import peewee

from models.domain.periods import zone
from models.operations import deals
from models.storage.maintenance import check_database
from models.storage.tally import TallySql
from models.storage.tally_check import (
    MAX_NAMED,
    fresh_times,
    repair_tallies,
    stored_times,
    tally_differences,
    tally_problems,
)
from tests.backends import RawConnection
from tests.conftest import ACTOR
from tests.models.storage.conftest import SOME_DEALS_AT
from tests.models.storage.tally_oracle import assert_current, rebuilt

T0 = SOME_DEALS_AT  # when ``some_deals`` (conftest.py) were made


def test_current_tallies_have_no_findings(db: peewee.Database, some_deals: list[int]) -> None:
    assert tally_problems(db) == []
    assert tally_differences(db, "UTC") == []
    assert check_database().healthy


def test_fresh_phase_times_are_what_a_rebuild_stores(
    db: peewee.Database, some_deals: list[int]
) -> None:
    deals.move_deal(some_deals[1], "Introduction", actor=ACTOR, at=T0 + dt.timedelta(days=9))
    deals.delete_deal(some_deals[0], actor=ACTOR, at=T0 + dt.timedelta(days=9))
    fresh = fresh_times(TallySql(db, zone("UTC")))
    assert len(fresh) == 5  # deal 1's rows went with it
    assert fresh == stored_times(db)
    assert {key: value[0] for key, value in fresh.items()} == {
        key: value[0] for key, value in rebuilt(db)[1].items()
    }


def test_a_tampered_tally_is_named_and_repaired(
    db: peewee.Database, some_deals: list[int], raw: RawConnection
) -> None:
    raw.execute("UPDATE report_tally SET n = n + 4 WHERE kind = 'closed' AND t4 = 'Acme'")
    problems = tally_problems(db)
    assert len(problems) == 2
    assert problems[0].startswith("The report tallies disagree with the deals: report tally closed")
    assert "competitor 'Acme'" in problems[0] and "reason 'Chose a competitor'" in problems[0]
    assert "stored n 5, m2 10000" in problems[0] and "counted afresh n 1, m2 10000" in problems[0]
    assert "dealboard check --repair" in problems[1]
    result = check_database()
    assert not result.healthy and problems[0] in result.problems
    assert repair_tallies() is True
    assert tally_problems(db) == []
    assert_current(db, "after the repair")


def test_missing_and_extra_rows_are_named(
    db: peewee.Database, some_deals: list[int], raw: RawConnection
) -> None:
    raw.execute("DELETE FROM report_tally WHERE kind = 'created'")
    raw.execute("INSERT INTO report_tally (kind, t1, n) VALUES ('correction', 'reopened', 3)")
    raw.execute(
        "UPDATE deal_phase_time SET seconds = seconds + 60 WHERE deal_id = 2"
        " AND phase_id = (SELECT id FROM phase WHERE name = 'Introduction')"
    )
    found = tally_differences(db, "UTC")
    shown = [(d.table, d.key[0], d.stored is None, d.fresh is None) for d in found]
    assert shown == [
        ("deal_phase_time", 2, False, False),
        ("report_tally", "correction", False, True),
        ("report_tally", "created", True, False),
    ]
    problems = tally_problems(db)
    assert "phase time of deal #2 in phase 'Introduction' (#1)" in problems[0]
    assert "stored seconds 259260" in problems[0]
    assert (
        "report tally correction (change 'reopened'): stored n 3, counted afresh none"
        in (problems[1])
    )
    assert "report tally created (month '2026-02'): stored none, counted afresh n 4" in problems[2]


def test_many_differences_are_counted_after_the_first_few(
    db: peewee.Database, some_deals: list[int], raw: RawConnection
) -> None:
    raw.execute("UPDATE report_tally SET n = n + 1 WHERE kind <> 'state'")
    total = len(tally_differences(db, "UTC"))
    assert total > MAX_NAMED + 2
    problems = tally_problems(db)
    assert len(problems) == MAX_NAMED + 2
    assert problems[MAX_NAMED] == (
        f"… and {total - MAX_NAMED} more report tally rows that disagree with the deals."
    )


def test_tallies_of_another_zone_are_named_as_not_current(
    db: peewee.Database, some_deals: list[int], raw: RawConnection
) -> None:
    raw.execute("UPDATE report_tally SET t2 = 'Asia/Tokyo' WHERE kind = 'state'")
    assert tally_problems(db) == [
        "The report tallies are not up to date for the time zone UTC, so reports read every"
        " deal instead. Run `dealboard check --repair` to count them afresh from the deals."
    ]
    raw.execute("DELETE FROM report_tally WHERE kind = 'state'")
    assert len(tally_problems(db)) == 1
    repair_tallies()
    assert tally_problems(db) == []


def test_a_zone_unknown_here_is_left_to_the_reports(
    db: peewee.Database, some_deals: list[int], raw: RawConnection
) -> None:
    raw.execute("INSERT INTO setting (key, value) VALUES ('timezone', 'Mars/Olympus_Mons')")
    assert tally_problems(db) == []
    assert repair_tallies() is False


def test_tallies_are_compared_once_the_deals_pass(
    db: peewee.Database, some_deals: list[int], raw: RawConnection
) -> None:
    raw.execute("UPDATE report_tally SET n = n + 1 WHERE kind = 'created'")
    raw.execute("DELETE FROM deal_reached WHERE deal_id = ?", [some_deals[1]])
    result = check_database()
    assert result.problems and not any("report tallies" in p for p in result.problems)
    repair_tallies()  # counts the tallies from the deals as they are; the damage stays
    assert not check_database().healthy
    assert tally_problems(db) == []
