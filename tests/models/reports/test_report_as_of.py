"""The pipeline at the end of a past day, rebuilt from history, against hand-worked numbers.

Default phases: Introduction 10, Presentation 25, Proposal 50, Negotiation 75, Order 100
(Order archived at the end, after its only deal left it). Times are UTC (the database's
time zone unless a test sets another). Amounts in cents; weighted value = value ×
probability / 100, rounded half up per deal.

Deals (owner; what happens; where it stands at the end of 2026-02-01):
  D1  ann  10 Jan Introduction 1000.00; 5 Feb moved to Proposal    → Introduction 100000 → 10000
  D2  bob  10 Jan Presentation 200.00; 20 Jan value 300.00; 10 Feb value 500.00
                                                                   → Presentation 30000 → 7500
  D3  ann  15 Jan Proposal 400.00, override 30 %; accepted 2 Feb 00:00 (the next day)
                                                                   → Proposal 40000 → 12000
  D4  ann   5 Jan Introduction 50.00; rejected 25 Jan             → closed: not counted
  D5  bob   5 Jan Negotiation 80.00; rejected 10 Jan 12:00, reopened 20 Jan, won 15 Feb
                                                                   → Negotiation 8000 → 6000
  D6  ann   5 Jan Introduction 10.00; deleted 28 Jan, restored 20 Feb → deleted: not counted
  D7  ann   6 Jan Presentation 20.00; deleted 10 Feb              → Presentation 2000 → 500
  D8  ann   5 Feb created                                         → did not exist: not counted
  D9  ann   1 Feb 23:30 Introduction 12.35                        → Introduction 1235 → 124
                                                                     (123.5 rounds up)
  D10 ann  12 Jan Negotiation 100.00; 3 Feb override 90 %, 6 Feb owner bob
                                                                   → Negotiation 10000 → 7500
  D11 bob  12 Jan Proposal 60.00, override 20 %; 4 Feb moved to Negotiation (clears it)
                                                                   → Proposal 6000 → 1200
  D12 bob  12 Jan Order 70.00; 3 Feb moved to Negotiation; Order archived
                                                                   → Order 7000 → 7000
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from models.domain.errors import ValidationError
from models.operations.settings import set_setting
from models.reports.as_of import build_as_of, check_as_of, day_end
from tests.models.reports.as_of_story import build_history

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def history(db):
    """The twelve deals of the module docstring."""
    build_history()


def phases(report) -> dict[str, tuple[int, int, int]]:
    return {
        row["phase"]: (row["open_count"], row["open_value"], row["weighted_value"])
        for row in report["pipeline"]["phases"]
    }


def total(report) -> tuple[int, int, int]:
    row = report["pipeline"]["total"]
    return row["open_count"], row["open_value"], row["weighted_value"]


def test_pipeline_at_the_end_of_a_day(history):
    report = build_as_of(dt.date(2026, 2, 1))
    assert report["as_of"] == "2026-02-01"
    assert report["filters"] == {"owner": None, "source": None}
    assert phases(report) == {
        "Introduction": (2, 101235, 10124),  # D1, D9
        "Presentation": (2, 32000, 8000),  # D2 at 300.00, D7 not yet deleted
        "Proposal": (2, 46000, 13200),  # D3 still open with 30 %, D11 with its 20 %
        "Negotiation": (2, 18000, 13500),  # D5 reopened, D10 without its later 90 %
        "Order": (1, 7000, 7000),  # archived now, but D12 was in it
    }
    assert list(phases(report)) == [
        "Introduction",
        "Presentation",
        "Proposal",
        "Negotiation",
        "Order",
    ]
    assert total(report) == (9, 204235, 51824)


def test_an_earlier_day_sees_earlier_values_and_statuses(history):
    report = build_as_of(dt.date(2026, 1, 10))
    # D4 and D6 still open and alive, D5 already lost (12:00), D2 still at 200.00; Order
    # held nothing then and is archived now, so it is not listed.
    assert phases(report) == {
        "Introduction": (3, 106000, 10600),  # D1, D4, D6
        "Presentation": (2, 22000, 5500),  # D2, D7
        "Proposal": (0, 0, 0),
        "Negotiation": (0, 0, 0),
    }
    assert total(report) == (5, 128000, 16100)


def test_owner_filter_uses_the_owner_of_that_moment(history):
    ann = build_as_of(dt.date(2026, 2, 1), owner="ann")
    # D10 belonged to ann then (bob since 6 Feb); Order held only bob's D12.
    assert phases(ann) == {
        "Introduction": (2, 101235, 10124),
        "Presentation": (1, 2000, 500),
        "Proposal": (1, 40000, 12000),
        "Negotiation": (1, 10000, 7500),
    }
    assert total(ann) == (5, 153235, 30124)
    bob = build_as_of(dt.date(2026, 2, 1), owner="bob")
    assert total(bob) == (4, 51000, 21700)
    assert phases(bob)["Order"] == (1, 7000, 7000)


def test_the_day_ends_in_the_database_time_zone(history):
    set_setting("timezone", "Europe/Amsterdam")
    # 1 Feb ends at 23:00 UTC in Amsterdam: D9 (23:30 UTC) was created on 2 Feb there.
    assert day_end(dt.date(2026, 2, 1)) == dt.datetime(2026, 2, 1, 23, 0)
    report = build_as_of(dt.date(2026, 2, 1))
    assert phases(report)["Introduction"] == (1, 100000, 10000)
    assert total(report) == (8, 203000, 51700)


def test_day_end_is_the_start_of_the_next_utc_day_by_default(db):
    assert day_end(dt.date(2026, 2, 28)) == dt.datetime(2026, 3, 1)
    assert day_end(dt.date(2024, 2, 28)) == dt.datetime(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-02", "2026-03-02 is in the future (today is 2026-03-01)"),
        ("2026-01-04", "No deal existed yet at the end of 2026-01-04: the first was created"),
        ("2026-02-30", "is not a real date"),
        ("1 Feb", "is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_dates_that_cannot_be_rebuilt_are_refused(history, text, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        check_as_of(text, today=TODAY)


def test_today_and_the_first_day_are_accepted(history):
    assert check_as_of("2026-03-01", today=TODAY) == dt.date(2026, 3, 1)
    assert check_as_of("2026-01-05", today=TODAY) == dt.date(2026, 1, 5)


def test_an_empty_database_has_no_past_pipeline(db):
    with pytest.raises(ValidationError, match="There are no deals yet"):
        check_as_of("2026-01-05", today=TODAY)
