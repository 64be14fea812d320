"""The schema itself refuses bad data, whatever client writes it (docs/database.md).

Each test runs on SQLite and PostgreSQL through ``raw``, a connection of its own (sqlite3 or
psycopg2); ``RawIntegrityError`` names the refused constraint the way SQLite does.
"""

from __future__ import annotations

import pytest

from tests.backends import RawIntegrityError

NOW = "2026-03-01 09:30:00"


def deal_values(raw, **overrides):
    """A valid deal row for a raw INSERT, with ``overrides`` applied."""
    phase_id = raw.scalar("SELECT id FROM phase WHERE name = 'Proposal'")
    values = {
        "title": "Raw deal",
        "phase_id": phase_id,
        "status": "open",
        "value_cents": 100,
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not _OMIT}


_OMIT = object()


def insert_deal(raw, **overrides):
    """Insert a deal row directly; return its id."""
    values = deal_values(raw, **overrides)
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    raw.execute(f"INSERT INTO deal ({columns}) VALUES ({marks})", list(values.values()))
    return raw.scalar("SELECT MAX(id) FROM deal")


def count(raw, table):
    return raw.scalar(f"SELECT COUNT(*) FROM {table}")


def test_a_valid_raw_deal_is_accepted(raw):
    """The control case: the rows the other tests break are otherwise valid."""
    insert_deal(raw)
    insert_deal(
        raw,
        status="accepted",
        closed_at=NOW,
        probability_at_close=50,
        reason_id=raw.scalar("SELECT id FROM reason WHERE name = 'Other'"),
    )
    assert count(raw, "deal") == 2


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"status": "won"}, "CHECK"),
        ({"status": "OPEN"}, "CHECK"),
        ({"value_cents": -1}, "CHECK"),
        ({"phase_id": _OMIT}, "NOT NULL"),
        ({"phase_id": None}, "NOT NULL"),
        ({"phase_id": 9999}, "FOREIGN KEY"),
        (
            {"reason_id": 9999, "status": "rejected", "closed_at": NOW, "probability_at_close": 5},
            "FOREIGN KEY",
        ),
        ({"closed_at": NOW}, "CHECK"),
        ({"probability_at_close": 50}, "CHECK"),
        ({"status": "accepted"}, "CHECK"),  # closed without closed_at / probability_at_close
        ({"status": "rejected", "closed_at": NOW}, "CHECK"),
        ({"probability_override": 101}, "CHECK"),
        ({"probability_override": -1}, "CHECK"),
        ({"title": "   "}, "CHECK"),
        ({"title": _OMIT}, "NOT NULL"),
        ({"version": 0}, "CHECK"),
        ({"created_at": _OMIT}, "NOT NULL"),
    ],
)
def test_schema_refuses_a_bad_deal(raw, overrides, constraint):
    before = count(raw, "deal")
    with pytest.raises(RawIntegrityError, match=constraint):
        insert_deal(raw, **overrides)
    assert count(raw, "deal") == before


def test_schema_refuses_a_bad_update_of_an_existing_deal(raw):
    insert_deal(raw)
    with pytest.raises(RawIntegrityError, match="CHECK"):
        raw.execute("UPDATE deal SET status = 'won'")
    with pytest.raises(RawIntegrityError, match="FOREIGN KEY"):
        raw.execute("UPDATE deal SET phase_id = 9999")
    assert raw.scalar("SELECT status FROM deal") == "open"


@pytest.mark.parametrize("probability", [101, -1, None])
def test_schema_refuses_a_bad_phase_probability(raw, probability):
    before = count(raw, "phase")
    with pytest.raises(RawIntegrityError, match=r"CHECK|NOT NULL"):
        raw.execute(
            "INSERT INTO phase (name, probability, position, archived) VALUES ('Extra', ?, 9, FALSE)",
            (probability,),
        )
    with pytest.raises(RawIntegrityError, match=r"CHECK|NOT NULL"):
        raw.execute("UPDATE phase SET probability = ? WHERE name = 'Proposal'", (probability,))
    assert count(raw, "phase") == before
    assert raw.scalar("SELECT probability FROM phase WHERE name = 'Proposal'") == 50


@pytest.mark.parametrize("name", ["proposal", "PROPOSAL", "Proposal"])
def test_schema_refuses_a_phase_name_differing_only_in_case(raw, name):
    with pytest.raises(RawIntegrityError, match="UNIQUE"):
        raw.execute(
            "INSERT INTO phase (name, probability, position, archived) VALUES (?, 10, 9, FALSE)",
            (name,),
        )
    assert count(raw, "phase") == 5


def test_schema_refuses_an_empty_phase_name(raw):
    with pytest.raises(RawIntegrityError, match="CHECK"):
        raw.execute(
            "INSERT INTO phase (name, probability, position, archived) VALUES (' ', 10, 9, FALSE)"
        )


def test_schema_refuses_deleting_a_phase_that_deals_use(raw):
    insert_deal(raw)
    with pytest.raises(RawIntegrityError, match="FOREIGN KEY"):
        raw.execute("DELETE FROM phase WHERE name = 'Proposal'")
    assert count(raw, "phase") == 5


def test_schema_refuses_bad_reasons_and_events(raw):
    with pytest.raises(RawIntegrityError, match="CHECK"):
        raw.execute("INSERT INTO reason (name, applies_to, archived) VALUES ('X', 'maybe', FALSE)")
    with pytest.raises(RawIntegrityError, match="UNIQUE"):
        raw.execute(
            "INSERT INTO reason (name, applies_to, archived) VALUES ('OTHER', 'both', FALSE)"
        )
    with pytest.raises(RawIntegrityError, match="FOREIGN KEY"):
        raw.execute(
            "INSERT INTO deal_event (deal_id, at, actor, kind) VALUES (9999, ?, 'x', 'created')",
            (NOW,),
        )
    deal_id = insert_deal(raw)
    with pytest.raises(RawIntegrityError, match="CHECK"):
        raw.execute(
            "INSERT INTO deal_event (deal_id, at, actor, kind) VALUES (?, ?, 'x', 'renamed')",
            (deal_id, NOW),
        )
    assert count(raw, "deal_event") == 0


def test_required_tables_and_columns_exist(raw):
    columns = raw.columns
    assert {"id", "name", "probability", "position", "archived"} <= columns("phase")
    assert {"id", "name", "applies_to", "archived"} <= columns("reason")
    assert {
        "id", "title", "organization", "contact", "owner", "source", "value_cents", "phase_id",
        "status", "probability_override", "probability_at_close", "reason_id", "competitor",
        "close_note", "note", "expected_close", "created_at", "updated_at", "closed_at",
        "deleted_at", "version",
    } <= columns("deal")  # fmt: skip
    assert {"id", "deal_id", "at", "actor", "kind", "field", "old_value", "new_value"} <= columns(
        "deal_event"
    )
    assert {"key", "value"} <= columns("setting")
