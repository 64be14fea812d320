"""The average days to close leaves out deals closed before they were created (docs/reports.md)."""

from __future__ import annotations

import datetime as dt

from models.operations.deals import accept_deal, create_deal
from models.reports.management import ReportFilter, build_report

CREATED = dt.datetime(2026, 1, 1, 9, 0)
TODAY = dt.date(2026, 2, 1)


def closed_after(days: int) -> int:
    """A deal created at CREATED and won ``days`` days later; its id."""
    deal = create_deal(f"Won after {days}", actor="t", at=CREATED)
    accept_deal(deal.id, actor="t", at=CREATED + dt.timedelta(days=days))
    return deal.id


def test_a_deal_closed_before_it_was_created_is_left_out_of_the_average(db, raw):
    closed_after(10)
    closed_after(20)
    closed_after(0)  # closed the moment it was created: 0 days, counted
    early = closed_after(5)
    # Another client's clock was off: closed ten days before it was created.
    raw.execute("UPDATE deal SET closed_at = ? WHERE id = ?", ("2025-12-22 09:00:00", early))
    report = build_report(ReportFilter(today=TODAY))
    # (10 + 20 + 0) / 3 = 10.0; with the early deal it would be (10 + 20 + 0 - 10) / 4 = 5.0.
    assert report["days_to_close"] == {
        "average": 10.0,
        # The early deal is left out of the count behind each average too.
        "by_owner": [{"owner": "", "closed": 3, "average": 10.0}],
        "by_source": [{"source": "", "closed": 3, "average": 10.0}],
        "by_phase": [{"phase": "Introduction", "closed": 3, "average": 10.0}],
    }
    assert report["win_rate"]["overall"]["closed"] == 4  # it is still a closed deal


def test_only_deals_closed_before_they_were_created_leave_no_average(db, raw):
    early = closed_after(3)
    raw.execute("UPDATE deal SET closed_at = ? WHERE id = ?", ("2025-12-31 09:00:00", early))
    assert build_report(ReportFilter(today=TODAY))["days_to_close"] == {
        "average": None,
        "by_owner": [],
        "by_source": [],
        "by_phase": [],
    }
