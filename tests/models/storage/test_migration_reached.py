"""Migration 0006 fills ``deal_reached`` from the history of a database made before it.

The database is made by today's code, then turned back into what migrations 0001–0005 left
(no ``deal_reached``, no record of 0006) with its history kept; opening it runs 0006 again.
"""

from __future__ import annotations

import datetime as dt

import peewee

from models.operations.deals import accept_deal, create_deal, move_deal, reject_deal
from models.operations.phases import archive_phase
from models.storage.database import open_database
from tests.backends import query_rows
from tests.models.storage.later_migrations import undo_next_step, undo_person, undo_report_tally

START = dt.datetime(2026, 1, 5, 9, 0)
REACHED = "SELECT deal_id, phase_id, at FROM deal_reached ORDER BY deal_id, phase_id"


def at(hours: int) -> dt.datetime:
    """``hours`` after the start of these stories."""
    return START + dt.timedelta(hours=hours)


def make_stories() -> dict[str, int]:
    """Deals that step, jump forward and back, close, and one created beyond the first phase."""
    ids = {}
    ids["jump"] = create_deal("Jump", actor="t", at=at(0)).id
    move_deal(ids["jump"], "Negotiation", actor="t", at=at(1))
    move_deal(ids["jump"], "Introduction", actor="t", at=at(2))
    ids["won"] = create_deal("Won", actor="t", at=at(0)).id
    move_deal(ids["won"], "Presentation", actor="t", at=at(1))
    move_deal(ids["won"], "Proposal", actor="t", at=at(2))
    accept_deal(ids["won"], actor="t", at=at(3))
    ids["lost"] = create_deal("Lost", actor="t", phase="Proposal", at=at(4)).id
    reject_deal(ids["lost"], reason="No budget", actor="t", at=at(5))
    ids["bare"] = create_deal("Bare", actor="t", phase="Presentation", at=at(6)).id
    return ids


def back_to_0005(database: peewee.Database, bare: int) -> None:
    """Drop what 0006 made; a script also removed one deal's history (the bare deal)."""
    with database.atomic():
        database.execute_sql("DROP TABLE deal_reached")
        database.execute_sql("DELETE FROM schema_migration WHERE name = '0006_deal_reached'")
        for index in ("deal_report", "deal_event_expected_close", "deal_event_status_change"):
            database.execute_sql(f"DROP INDEX {index}")  # and what the later 0007 made
        database.execute_sql(
            "DELETE FROM schema_migration WHERE name = '0007_report_covering_indexes'"
        )
        database.execute_sql("DROP TABLE deal_stay")  # and what the later 0008 made
        database.execute_sql("DELETE FROM schema_migration WHERE name = '0008_deal_stay'")
        undo_report_tally(database)  # what the later 0011 made
        undo_next_step(database)  # and what the later 0010 made
        undo_person(database)  # and 0009
        database.execute_sql(f"DELETE FROM deal_event WHERE deal_id = {int(bare)}")
    database.close()


def test_the_backfill_gives_what_the_operations_wrote(db_target):
    database = open_database(db_target)
    ids = make_stories()
    written = query_rows(db_target, REACHED)
    back_to_0005(database, ids["bare"])
    assert query_rows(db_target, "SELECT COUNT(*) AS n FROM schema_migration") == [{"n": 5}]
    open_database(db_target).close()
    assert query_rows(db_target, REACHED) == written
    phases = {row["id"]: row["name"] for row in query_rows(db_target, "SELECT id, name FROM phase")}
    reached = {(row["deal_id"], phases[row["phase_id"]]) for row in query_rows(db_target, REACHED)}
    assert reached == {
        # the jump skipped Presentation and Proposal on its way to Negotiation
        *((ids["jump"], name) for name in ("Introduction", "Presentation", "Proposal")),
        (ids["jump"], "Negotiation"),
        *((ids["won"], name) for name in ("Introduction", "Presentation", "Proposal")),
        *((ids["lost"], name) for name in ("Introduction", "Presentation", "Proposal")),
        # no history left: its phase and the active ones before it, at its creation
        *((ids["bare"], name) for name in ("Introduction", "Presentation")),
    }


def test_the_backfill_counts_a_skipped_phase_only_if_it_is_active_today(db_target):
    database = open_database(db_target)
    ids = make_stories()
    archive_phase("Proposal")  # history cannot tell since when: the backfill sees it archived
    back_to_0005(database, ids["bare"])
    open_database(db_target).close()
    proposal = query_rows(
        db_target,
        "SELECT r.deal_id FROM deal_reached r JOIN phase p ON p.id = r.phase_id"
        " WHERE p.name = 'Proposal' ORDER BY r.deal_id",
    )
    # "won" and "lost" entered it (their history says so); "jump" only skipped it, back when
    # it was active, which the history does not show.
    assert [row["deal_id"] for row in proposal] == [ids["won"], ids["lost"]]
