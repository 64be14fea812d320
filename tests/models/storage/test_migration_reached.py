"""Migration 0006 fills ``deal_reached`` from the history of a database made before it.

The database is made by today's code, then turned back into what migrations 0001–0005 left
(no ``deal_reached``, no record of 0006) with its history kept; opening it runs 0006 again.
"""

from __future__ import annotations

from models.operations.phases import archive_phase
from models.storage.database import open_database
from tests.backends import query_rows
from tests.models.storage.reached_stories import back_to_0005, make_stories

REACHED = "SELECT deal_id, phase_id, at FROM deal_reached ORDER BY deal_id, phase_id"


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
