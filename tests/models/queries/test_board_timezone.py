"""The board's "won this month" and "today" are the database's time zone's (``timezone``)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.operations.deal_status import accept_deal
from models.operations.deals import create_deal
from models.operations.settings import set_setting
from models.queries.board import load_board

ACTOR = "anna"
# 00:30 on 1 February in Amsterdam; still 31 January in UTC.
NOW = dt.datetime(2026, 1, 31, 23, 30)


def won(title: str, closed: dt.datetime, value: str) -> None:
    deal = create_deal(title, actor=ACTOR, value=value, at=dt.datetime(2026, 1, 2, 9))
    accept_deal(deal.id, actor=ACTOR, at=closed)


@pytest.mark.parametrize(
    ("zone", "count", "cents", "today"),
    [
        # February began at 23:00 UTC: only the deal won at 23:10 UTC counts.
        ("Europe/Amsterdam", 1, 200_000, dt.date(2026, 2, 1)),
        # Still January: both count.
        ("UTC", 2, 300_000, dt.date(2026, 1, 31)),
    ],
)
def test_won_this_month_starts_at_local_midnight(db, zone, count, cents, today):
    set_setting("timezone", zone)
    won("Before midnight", dt.datetime(2026, 1, 31, 22, 50), "1000")  # 23:50 in Amsterdam
    won("After midnight", dt.datetime(2026, 1, 31, 23, 10), "2000")  # 00:10 in Amsterdam
    won("December", dt.datetime(2025, 12, 31, 12), "4000")
    for first in (None, 3):  # the full load and the quick first one
        data = load_board("open", now=NOW, first=first)
        summary = data.summary
        assert (summary.won_this_month_count, summary.won_this_month_cents) == (count, cents)
        assert data.today == today
