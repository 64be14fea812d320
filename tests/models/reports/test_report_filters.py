"""Report filters: period, owner and source narrow every section; bad filters are refused."""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.errors import ValidationError
from models.reports.management import ReportFilter, build_report, make_filter
from tests.models.reports.report_cases import (
    CALIBRATION_KEYS,
    FORECAST,
    OUTCOME_KEYS,
    OVERDUE,
    PIPELINE,
    PIPELINE_KEYS,
    PIPELINE_TOTAL,
    TODAY,
    UNDATED,
    by_phase,
    report,
)

# ------------------------------------------------------------------ filters


def test_period_is_inclusive_on_both_days_and_leaves_open_deals_alone(hand):
    result = report(date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    # Closed in February: D2 (02-05), D11 (02-10), D10 (02-20), D8 (02-28 12:00, the last
    # day counts). Not D1 (01-20), not D9 (03-01 08:00, the day after), not D12 (deleted).
    assert result["win_rate"]["overall"] == {"closed": 4, "won": 2, "rate": 0.5}
    assert result["win_rate"]["by_owner"] == [
        {"owner": "ann", "closed": 3, "won": 2, "rate": 0.6667},  # D8 D10 won, D11 lost
        {"owner": "bob", "closed": 1, "won": 0, "rate": 0.0},  # D2
    ]
    assert result["win_rate"]["by_source"] == [
        {"source": "fair", "closed": 3, "won": 2, "rate": 0.6667},  # D2 D8 D10
        {"source": "web", "closed": 1, "won": 0, "rate": 0.0},  # D11
    ]
    assert by_phase(result["outcomes_by_phase"], *OUTCOME_KEYS) == {
        "Discovery": (0, 0, 0, 0),
        "Introduction": (0, 0, 1, 101),
        "Presentation": (0, 0, 0, 0),
        "Proposal": (1, 9999, 0, 0),
        "Pilot": (0, 0, 0, 0),  # still listed: D9 closed there, outside the period
        "Negotiation": (1, 500000, 1, 250075),
        "Order": (0, 0, 0, 0),
    }
    # The funnel with a period counts the deals closed in it: D2 (to Negotiation), D8 (to
    # Proposal), D10 (to Negotiation), D11 (Introduction).
    assert by_phase(result["funnel"], "reached", "share") == {
        "Discovery": (4, 1.0),
        "Introduction": (4, 1.0),
        "Presentation": (3, 0.75),
        "Proposal": (3, 0.75),
        "Pilot": (2, 0.5),
        "Negotiation": (2, 0.5),
        "Order": (0, 0.0),
    }
    assert by_phase(result["calibration"], *CALIBRATION_KEYS) == {
        "Discovery": (5, 4, 2, 0.5, False),
        "Introduction": (10, 4, 2, 0.5, False),
        "Presentation": (25, 3, 2, 0.6667, False),  # D2 D8 D10
        "Proposal": (40, 3, 2, 0.6667, False),
        "Pilot": (60, 2, 1, 0.5, True),  # D2 D10
        "Negotiation": (75, 2, 1, 0.5, True),
        "Order": (100, 0, 0, None, True),
    }
    assert result["reasons"] == [
        {"reason": None, "outcome": "accepted", "count": 1, "value": 9999},
        {"reason": "Existing relationship", "outcome": "accepted", "count": 1, "value": 500000},
        {"reason": "Chose a competitor", "outcome": "rejected", "count": 1, "value": 250075},
        {"reason": "Other", "outcome": "rejected", "count": 1, "value": 101},
    ]
    assert result["competitors"] == [{"competitor": "Rivalsoft", "count": 2, "value": 250176}]
    # 30 + 27 + 49 + 0.25 = 106.25 / 4 = 26.5625 → 26.6
    assert result["days_to_close"] == {
        "average": 26.6,
        # ann: D8 27 + D10 49 + D11 0.25 = 76.25 / 3 = 25.41… → 25.4; bob: D2 30
        "by_owner": [
            {"owner": "ann", "closed": 3, "average": 25.4},
            {"owner": "bob", "closed": 1, "average": 30.0},
        ],
        # fair: D2 30 + D8 27 + D10 49 = 106 / 3 → 35.3; web: D11 0.25 → 0.2
        "by_source": [
            {"source": "fair", "closed": 3, "average": 35.3},
            {"source": "web", "closed": 1, "average": 0.2},
        ],
        "by_phase": [  # board order; Negotiation: D2 30 + D10 49 = 79 / 2
            {"phase": "Introduction", "closed": 1, "average": 0.2},
            {"phase": "Proposal", "closed": 1, "average": 27.0},
            {"phase": "Negotiation", "closed": 2, "average": 39.5},
        ],
    }
    # Pipeline now, the forecast and overdue are about open deals today: no period.
    assert by_phase(result["pipeline"]["phases"], *PIPELINE_KEYS) == PIPELINE
    assert result["pipeline"]["total"] == PIPELINE_TOTAL
    assert result["forecast"] == FORECAST
    assert result["forecast_undated"] == UNDATED
    assert result["overdue"] == OVERDUE


@pytest.mark.parametrize(
    ("start", "end", "closed", "won"),
    [
        ("2026-02-05", "2026-02-05", 1, 0),  # D2 at 09:00: one day is from and to
        ("2026-02-28", "2026-02-28", 1, 1),  # D8 at 12:00
        ("2026-03-01", "2026-03-01", 1, 0),  # D9 at 08:00
        ("2026-02-21", "2026-02-27", 0, 0),  # nothing closed in between
        ("2026-01-20", "2026-01-20", 1, 1),  # D1 (D10's first close on 01-25 was reopened)
        ("2026-01-25", "2026-01-25", 0, 0),
    ],
)
def test_period_single_days(hand, start, end, closed, won):
    flt = make_filter(start, end, today=TODAY)
    assert build_report(flt)["win_rate"]["overall"]["closed"] == closed
    assert build_report(flt)["win_rate"]["overall"]["won"] == won


def test_owner_filter_applies_to_every_section(hand):
    result = build_report(make_filter(owner="ann", min_deals="3", today=TODAY))
    # ann's live deals: D1 D3 D6 D8 D10 D11
    assert by_phase(result["pipeline"]["phases"], "open_count", "open_value", "weighted_value") == {
        "Discovery": (0, 0, 0),
        "Introduction": (1, 100101, 10010),  # D6
        "Presentation": (1, 100002, 25001),  # D3
        "Proposal": (0, 0, 0),
        "Pilot": (0, 0, 0),
        "Negotiation": (0, 0, 0),
        "Order": (0, 0, 0),
    }
    assert result["pipeline"]["total"] == {
        "open_count": 2,
        "open_value": 200103,
        "weighted_value": 35011,
    }
    assert by_phase(result["outcomes_by_phase"], *OUTCOME_KEYS) == {
        "Discovery": (0, 0, 0, 0),
        "Introduction": (0, 0, 1, 101),
        "Presentation": (1, 123456, 0, 0),
        "Proposal": (1, 9999, 0, 0),
        "Pilot": (0, 0, 0, 0),
        "Negotiation": (1, 500000, 0, 0),
        "Order": (0, 0, 0, 0),
    }
    # Presentation: D1 D3 D8 D10 = 4 of 6; Proposal: D3 D8 D10 = 3; Pilot: D10 and D3 (its
    # jump Proposal → Negotiation skipped Pilot, active then) = 2; Negotiation: D3 D10 = 2
    assert by_phase(result["funnel"], "reached", "share") == {
        "Discovery": (6, 1.0),
        "Introduction": (6, 1.0),
        "Presentation": (4, 0.6667),
        "Proposal": (3, 0.5),
        "Pilot": (2, 0.3333),
        "Negotiation": (2, 0.3333),
        "Order": (0, 0.0),
    }
    # ann's closed deals: D1 D8 D10 won, D11 lost
    assert by_phase(result["calibration"], "closed", "won", "actual_win_rate", "too_few") == {
        "Discovery": (4, 3, 0.75, False),
        "Introduction": (4, 3, 0.75, False),
        "Presentation": (3, 3, 1.0, False),
        "Proposal": (2, 2, 1.0, True),
        "Pilot": (1, 1, 1.0, True),
        "Negotiation": (1, 1, 1.0, True),
        "Order": (0, 0, None, True),
    }
    assert result["reasons"] == [
        {"reason": None, "outcome": "accepted", "count": 1, "value": 9999},
        {"reason": "Best price", "outcome": "accepted", "count": 1, "value": 123456},
        {"reason": "Existing relationship", "outcome": "accepted", "count": 1, "value": 500000},
        {"reason": "Other", "outcome": "rejected", "count": 1, "value": 101},
    ]
    assert result["competitors"] == [{"competitor": "Rivalsoft", "count": 1, "value": 101}]
    # D6 (due 03-01) is overdue on 03-15: the forecast is D3 alone.
    assert result["forecast"] == [
        {"month": "2026-04", "open_count": 1, "weighted_value": 25001},
    ]
    assert result["forecast_undated"] == {"open_count": 0, "weighted_value": 0}
    assert result["overdue"] == {"count": 1, "value": 100101, "weighted_value": 10010}
    assert result["win_rate"] == {
        "overall": {"closed": 4, "won": 3, "rate": 0.75},
        "by_owner": [{"owner": "ann", "closed": 4, "won": 3, "rate": 0.75}],
        "by_source": [
            {"source": "fair", "closed": 2, "won": 2, "rate": 1.0},  # D8 D10
            {"source": "web", "closed": 2, "won": 1, "rate": 0.5},  # D1 won, D11 lost
        ],
    }
    # 15 + 27 + 49 + 0.25 = 91.25 / 4 = 22.8125 → 22.8
    assert result["days_to_close"] == {
        "average": 22.8,
        "by_owner": [{"owner": "ann", "closed": 4, "average": 22.8}],
        # fair: D8 27 + D10 49 = 76 / 2; web: D1 15 + D11 0.25 = 15.25 / 2 = 7.625 → 7.6
        "by_source": [
            {"source": "fair", "closed": 2, "average": 38.0},
            {"source": "web", "closed": 2, "average": 7.6},
        ],
        "by_phase": [
            {"phase": "Introduction", "closed": 1, "average": 0.2},
            {"phase": "Presentation", "closed": 1, "average": 15.0},
            {"phase": "Proposal", "closed": 1, "average": 27.0},
            {"phase": "Negotiation", "closed": 1, "average": 49.0},
        ],
    }


def test_source_filter_applies_to_every_section(hand):
    result = build_report(make_filter(source="fair", today=TODAY))
    # fair's live deals: D2 D5 D6 D8 D10
    assert result["pipeline"]["total"] == {
        "open_count": 2,
        "open_value": 133434,  # D5 33333 + D6 100101
        "weighted_value": 20010,  # 10000 + 10010
    }
    assert by_phase(result["outcomes_by_phase"], *OUTCOME_KEYS)["Negotiation"] == (
        1,
        500000,
        1,
        250075,
    )
    assert [row["reached"] for row in result["funnel"]] == [5, 5, 4, 4, 2, 2, 0]
    # D6 (due 03-01) is overdue on 03-15: the forecast is D5 alone.
    assert result["forecast"] == [
        {"month": "2026-05", "open_count": 1, "weighted_value": 10000},
    ]
    assert result["forecast_undated"] == {"open_count": 0, "weighted_value": 0}
    assert result["overdue"] == {"count": 1, "value": 100101, "weighted_value": 10010}
    assert result["competitors"] == [{"competitor": "Rivalsoft", "count": 1, "value": 250075}]
    assert result["win_rate"] == {
        "overall": {"closed": 3, "won": 2, "rate": 0.6667},
        "by_owner": [
            {"owner": "ann", "closed": 2, "won": 2, "rate": 1.0},
            {"owner": "bob", "closed": 1, "won": 0, "rate": 0.0},
        ],
        "by_source": [{"source": "fair", "closed": 3, "won": 2, "rate": 0.6667}],
    }
    # 30 + 27 + 49 = 106 / 3 = 35.33… → 35.3
    assert result["days_to_close"] == {
        "average": 35.3,
        # ann: D8 27 + D10 49 = 76 / 2; bob: D2 30
        "by_owner": [
            {"owner": "ann", "closed": 2, "average": 38.0},
            {"owner": "bob", "closed": 1, "average": 30.0},
        ],
        "by_source": [{"source": "fair", "closed": 3, "average": 35.3}],
        "by_phase": [
            {"phase": "Proposal", "closed": 1, "average": 27.0},
            {"phase": "Negotiation", "closed": 2, "average": 39.5},
        ],
    }
    assert result["filters"]["min_deals"] == 10


def test_owner_source_and_period_together(hand):
    flt = make_filter("2026-02-01", "2026-02-28", owner="bob", source="fair", today=TODAY)
    result = build_report(flt)
    assert result["win_rate"]["overall"] == {"closed": 1, "won": 0, "rate": 0.0}  # D2
    assert result["reasons"] == [
        {"reason": "Chose a competitor", "outcome": "rejected", "count": 1, "value": 250075}
    ]
    assert result["pipeline"]["total"] == {  # D5, whatever the period
        "open_count": 1,
        "open_value": 33333,
        "weighted_value": 10000,
    }
    assert result["days_to_close"] == {
        "average": 30.0,
        "by_owner": [{"owner": "bob", "closed": 1, "average": 30.0}],
        "by_source": [{"source": "fair", "closed": 1, "average": 30.0}],
        "by_phase": [{"phase": "Negotiation", "closed": 1, "average": 30.0}],
    }


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"date_from": "2026-03-01", "date_to": "2026-02-01"}, "from", "starts .* after it ends"),
        ({"date_from": "01-02-2026"}, "from", "not a date; write it as YYYY-MM-DD"),
        ({"date_to": "2026-02-31"}, "to", "2026-02-31 is not a real date"),
        ({"date_from": "yesterday"}, "from", "not a date"),
        ({"owner": "nobody"}, "owner", "No deal has owner 'nobody'; known: ann, bob."),
        ({"owner": "carl"}, "owner", "No deal has owner 'carl'"),  # only a deleted deal
        ({"source": "phone"}, "source", "No deal has source 'phone'; known: fair, web."),
        ({"min_deals": 0}, "min_deals", "whole number of 1 or more"),
        ({"min_deals": "0"}, "min_deals", "whole number of 1 or more"),
        ({"min_deals": "abc"}, "min_deals", "whole number of 1 or more"),
        ({"min_deals": "-3"}, "min_deals", "whole number of 1 or more"),
        ({"min_deals": 2.5}, "min_deals", "whole number of 1 or more"),
    ],
)
def test_bad_filters_are_refused_with_a_readable_message(hand, refused, kwargs, field, message):
    error = refused(ValidationError, lambda: make_filter(**kwargs), message)
    assert error.field == field


def test_good_filters_are_parsed(hand):
    flt = make_filter(" 2026-02-01 ", "2026-02-28", owner="ann", source="web", min_deals=" 5 ")
    assert flt == ReportFilter(dt.date(2026, 2, 1), dt.date(2026, 2, 28), "ann", "web", 5)
    assert make_filter("2026-02-01", "2026-02-01").date_to == dt.date(2026, 2, 1)
    assert make_filter() == ReportFilter()
