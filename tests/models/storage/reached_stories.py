"""Deals whose history the reached-data tests replay, and a database turned back before 0006.

``make_stories`` writes deals that step, jump forward and back, close, and one created beyond
the first phase (``at`` gives their times); ``back_to_0005`` turns the database into what
migrations 0001–0005 left, with that history kept. Used by the migration test of 0006 and
the ``check`` tests of ``deal_reached``.
"""

from __future__ import annotations

import datetime as dt

import peewee

from models.operations.deals import accept_deal, create_deal, move_deal, reject_deal
from tests.models.storage.later_migrations import undo_next_step, undo_person, undo_report_tally

START = dt.datetime(2026, 1, 5, 9, 0)


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
