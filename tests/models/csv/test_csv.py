"""CSV import (docs/csv.md): written through the operations, with history, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from models.csv.importer import import_deals
from models.domain.errors import CsvImportError, RuleError, ValidationError
from models.operations import deals, phases, reasons, settings
from tests.models.csv.csv_helpers import HEADER, csv_text, write_file

ACTOR = "tester"


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write text (or bytes) to deals.csv in tmp_path and return its path."""
    return lambda content: write_file(tmp_path, content)


# ---------------------------------------------------------------- import


def test_import_writes_deals_through_the_operations_with_history(db, write_csv, rows, events):
    path = write_csv(
        csv_text(
            {
                "title": "Website redesign",
                "organization": "Gemeente Utrecht",
                "contact": "Jan",
                "owner": "alice",
                "source": "Referral",
                "value": "12500,50",
                "phase": "proposal",
                "status": "accepted",
                "reason": "best price",
                "expected_close": "2026-12-31",
                "created_at": "2026-03-01T09:30:00Z",
                "closed_at": "2026-04-02T15:00:00Z",
                "note": "Signed\nafter one call",
            },
            {
                "title": "Intranet",
                "value": "800",
                "phase": "Negotiation",
                "status": "rejected",
                "reason": "Price too high",
                "competitor": "Acme",
                "created_at": "2026-03-01T09:30:00Z",
                "closed_at": "2026-04-02T15:00:00Z",
            },
            {"title": "Open one", "phase": "Introduction", "created_at": "2026-03-01"},
        )
    )
    result = import_deals(path, actor="importer")
    assert (result.deals, result.open, result.accepted, result.rejected) == (3, 1, 1, 1)
    stored = rows(
        "SELECT d.title, d.organization, d.contact, d.owner, d.source, d.value_cents, p.name,"
        " d.status, r.name AS reason, d.competitor, d.expected_close, d.created_at,"
        " d.closed_at, d.note, d.probability_at_close FROM deal d JOIN phase p ON"
        " p.id = d.phase_id LEFT JOIN reason r ON r.id = d.reason_id ORDER BY d.id"
    )
    assert [tuple(row.values()) for row in stored] == [
        ("Website redesign", "Gemeente Utrecht", "Jan", "alice", "Referral", 1250050,
         "Proposal", "accepted", "Best price", "", "2026-12-31", "2026-03-01 09:30:00",
         "2026-04-02 15:00:00", "Signed\nafter one call", 50),
        ("Intranet", "", "", "", "", 80000, "Negotiation", "rejected", "Price too high",
         "Acme", None, "2026-03-01 09:30:00", "2026-04-02 15:00:00", "", 75),
        ("Open one", "", "", "", "", 0, "Introduction", "open", None, "", None,
         "2026-03-01 00:00:00", None, "", None),
    ]  # fmt: skip
    first = events(1)
    assert [(e["kind"], e["field"], e["actor"], e["at"]) for e in first] == [
        ("created", None, "importer", "2026-03-01 09:30:00"),
        ("status", "status", "importer", "2026-04-02 15:00:00"),
        ("field", "reason", "importer", "2026-04-02 15:00:00"),
    ]
    assert [e["kind"] for e in events(3)] == ["created"]


def test_empty_cells_take_the_defaults(db, write_csv, rows):
    phases.archive_phase("Introduction")  # the first *active* phase is Presentation
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    import_deals(write_csv(csv_text({"title": "Bare"})), actor=ACTOR)
    (row,) = rows(
        "SELECT d.value_cents, d.status, p.name, d.created_at FROM deal d"
        " JOIN phase p ON p.id = d.phase_id"
    )
    assert (row["value_cents"], row["status"], row["name"]) == (0, "open", "Presentation")
    assert dt.datetime.fromisoformat(row["created_at"]) >= before


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("geaccepteerd", "accepted"),
        ("GEACCEPTEERD", "accepted"),
        ("Afgewezen", "rejected"),
        ("Open", "open"),
        (" accepted ", "accepted"),
        ("REJECTED", "rejected"),
        ("Gewonnen", "accepted"),
        ("verloren", "rejected"),
    ],
)
def test_statuses_in_english_and_dutch_any_case(db, write_csv, rows, word, status):
    closed = status != "open"
    row = {
        "title": "A",
        "status": word,
        "reason": "Other" if closed else "",
        "created_at": "2026-03-01",
        "closed_at": "2026-03-02" if closed else "",
    }
    import_deals(write_csv(csv_text(row)), actor=ACTOR)
    assert rows("SELECT status FROM deal") == [{"status": status}]


def test_a_utf8_byte_order_mark_is_accepted(db, write_csv, rows):
    path = write_csv(b"\xef\xbb\xbf" + csv_text({"title": "Caf\u00e9"}).encode("utf-8"))
    assert import_deals(path, actor=ACTOR).deals == 1
    assert rows("SELECT title FROM deal") == [{"title": "Caf\u00e9"}]


def test_header_any_case_spacing_and_order_and_crlf_lines(db, write_csv, rows):
    columns = list(reversed(HEADER.split(",")))
    header = ",".join(f" {name.upper()} " for name in columns)
    values = {"title": "Backwards", "value": "5", "note": "x"}
    line = ",".join(values.get(name, "") for name in columns)
    import_deals(write_csv(f"{header}\r\n{line}\r\n\r\n"), actor=ACTOR)
    assert rows("SELECT title, value_cents, note FROM deal") == [
        {"title": "Backwards", "value_cents": 500, "note": "x"}
    ]


def test_timestamps_with_offsets_become_utc(db, write_csv, rows):
    path = write_csv(
        csv_text(
            {
                "title": "A",
                "status": "accepted",
                "created_at": "2026-03-01T10:30:00+01:00",
                "closed_at": "2026-04-02 15:00",
            }
        )
    )
    import_deals(path, actor=ACTOR)
    assert rows("SELECT created_at, closed_at FROM deal") == [
        {"created_at": "2026-03-01 09:30:00", "closed_at": "2026-04-02 15:00:00"}
    ]


def test_create_missing_makes_phases_and_reasons(db, write_csv, rows):
    path = write_csv(
        csv_text(
            {"title": "A", "phase": "Pilot"},
            {"title": "B", "phase": "pilot"},
            {
                "title": "C",
                "phase": "Legal review",
                "status": "rejected",
                "reason": "Went bankrupt",
                "created_at": "2026-01-01",
                "closed_at": "2026-01-05",
            },
        )
    )
    with pytest.raises(CsvImportError):
        import_deals(path, actor=ACTOR)
    result = import_deals(path, actor=ACTOR, create_missing=True)
    assert result.created_phases == ["Pilot", "Legal review"]
    assert result.created_reasons == ["Went bankrupt"]
    assert rows("SELECT name, probability, position, archived FROM phase ORDER BY position")[
        -2:
    ] == [
        {"name": "Pilot", "probability": 0, "position": 6, "archived": 0},
        {"name": "Legal review", "probability": 0, "position": 7, "archived": 0},
    ]
    assert rows("SELECT applies_to, archived FROM reason WHERE name = 'Went bankrupt'") == [
        {"applies_to": "both", "archived": 0}
    ]
    assert rows("SELECT COUNT(*) AS n FROM deal WHERE phase_id = 6") == [{"n": 2}]


def test_a_closed_deal_may_be_in_an_archived_phase(db, write_csv, rows):
    phases.archive_phase("Order")
    row = {
        "title": "Won long ago",
        "phase": "Order",
        "status": "accepted",
        "created_at": "2025-01-01",
        "closed_at": "2025-02-01",
    }
    import_deals(write_csv(csv_text(row)), actor=ACTOR)
    assert rows("SELECT p.name, d.status FROM deal d JOIN phase p ON p.id = d.phase_id") == [
        {"name": "Order", "status": "accepted"}
    ]


def test_create_deal_refuses_an_archived_phase_unless_allowed(db):
    phases.archive_phase("Order")
    with pytest.raises(RuleError, match="archived"):
        deals.create_deal("New", actor=ACTOR, phase="Order")
    assert deals.create_deal("Old", actor=ACTOR, phase="Order", allow_archived=True).id


def test_dry_run_checks_everything_and_writes_nothing(db, write_csv, db_snapshot):
    path = write_csv(csv_text({"title": "A", "phase": "New one"}, {"title": "B"}))
    before = db_snapshot()
    result = import_deals(path, actor=ACTOR, create_missing=True, dry_run=True)
    assert (result.deals, result.dry_run, result.created_phases) == (2, True, ["New one"])
    assert db_snapshot() == before


def test_progress_is_reported_up_to_the_total(db, write_csv):
    seen: list[tuple[int, int]] = []
    rows = [{"title": f"Deal {n}"} for n in range(250)]
    import_deals(write_csv(csv_text(*rows)), actor=ACTOR, progress=lambda *a: seen.append(a))
    assert seen[0] == (0, 250) and seen[-1] == (250, 250)


def test_a_failure_while_writing_rolls_back_every_row(db, write_csv, db_snapshot, monkeypatch):
    from models.csv import importer as csv_import

    real = csv_import.close_deal

    def failing(deal_id: int, outcome: str, **kwargs: object) -> object:
        if deal_id == 3:
            raise ValidationError("competitor", "Refused on purpose.")
        return real(deal_id, outcome, **kwargs)

    monkeypatch.setattr(csv_import, "close_deal", failing)
    closed = {"status": "accepted", "created_at": "2026-01-01", "closed_at": "2026-01-02"}
    path = write_csv(csv_text(*({"title": f"D{n}", **closed} for n in range(5))))
    before = db_snapshot()
    with pytest.raises(CsvImportError) as caught:
        import_deals(path, actor=ACTOR)
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (4, "competitor", "Refused on purpose.")
    ]
    assert db_snapshot() == before


def test_the_csv_cell_limit_is_put_back(db, write_csv):
    limit = csv.field_size_limit()
    import_deals(write_csv(csv_text({"title": "A"})), actor=ACTOR)
    assert csv.field_size_limit() == limit


def test_require_reason_on_accept_is_honoured(db, write_csv, db_snapshot):
    settings.set_setting("require_reason_on_accept", "yes")
    reasons.add_reason("Fast", "accepted")
    row = {
        "title": "A",
        "status": "accepted",
        "created_at": "2026-01-01",
        "closed_at": "2026-01-02",
    }
    before = db_snapshot()
    with pytest.raises(CsvImportError) as caught:
        import_deals(write_csv(csv_text(row)), actor=ACTOR)
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "reason")]
    assert db_snapshot() == before
    import_deals(write_csv(csv_text({**row, "reason": "fast"})), actor=ACTOR)
