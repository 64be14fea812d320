"""The report as JSON and CSV, and the report of an empty database."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from models.domain.errors import ValidationError
from models.operations.deals import accept_deal, create_deal, delete_deal, reject_deal
from models.operations.phases import rename_phase
from models.reports.csv_export import HEADER, report_csv, report_rows
from models.reports.management import ReportFilter, build_report, make_filter, report_to_json
from tests.models.reports.report_cases import (
    ACTOR,
    EXTRA_KEYS,
    OUTCOME_KEYS,
    REPORT_KEYS,
    TODAY,
    at,
    report,
)

# ------------------------------------------------------------------ JSON form


def test_json_has_exactly_the_design_keys(hand):
    data = report_to_json(report())
    assert set(data) == REPORT_KEYS | EXTRA_KEYS
    assert set(data["pipeline"]) == {"phases", "total"}
    assert set(data["pipeline"]["phases"][0]) == {
        "phase",
        "probability",
        "open_count",
        "open_value",
        "weighted_value",
    }
    assert set(data["pipeline"]["total"]) == {"open_count", "open_value", "weighted_value"}
    assert set(data["outcomes_by_phase"][0]) == {
        "phase",
        "probability",
        "accepted_count",
        "accepted_value",
        "rejected_count",
        "rejected_value",
    }
    assert set(data["funnel"][0]) == {"phase", "reached", "share"}
    assert set(data["calibration"][0]) == {
        "phase",
        "probability",
        "closed",
        "won",
        "actual_win_rate",
        "too_few",
        "interval_low",
        "interval_high",
        "outside",
    }
    assert set(data["reasons"][0]) == {"reason", "outcome", "count", "value"}
    assert set(data["competitors"][0]) == {"competitor", "count", "value"}
    assert set(data["forecast"][0]) == {"month", "open_count", "weighted_value"}
    assert set(data["overdue"]) == {"count", "value", "weighted_value"}
    assert set(data["win_rate"]) == {"overall", "by_owner", "by_source"}
    assert set(data["win_rate"]["overall"]) == {"closed", "won", "rate"}
    assert set(data["win_rate"]["by_owner"][0]) == {"owner", "closed", "won", "rate"}
    assert set(data["win_rate"]["by_source"][0]) == {"source", "closed", "won", "rate"}
    assert set(data["days_to_close"]) == {"average", "by_owner", "by_source", "by_phase"}
    assert set(data["days_to_close"]["by_owner"][0]) == {"owner", "closed", "average"}
    assert set(data["days_to_close"]["by_source"][0]) == {"source", "closed", "average"}
    assert set(data["days_to_close"]["by_phase"][0]) == {"phase", "closed", "average"}
    assert set(data["reasons_by_phase"][0]) == {"phase", "outcome", "reason", "count", "value"}
    assert set(data["competitors_by_phase"][0]) == {"phase", "competitor", "count", "value"}
    assert set(data["forecast_accuracy"]) == {"won_with_date", "won_late", "average_slip_days"}
    assert set(data["corrections"]) == {"reopened", "switched"}


def test_json_amounts_are_decimal_strings_and_rates_numbers(hand):
    data = report_to_json(report())
    assert json.loads(json.dumps(data)) == data
    assert data["currency"] == "EUR"
    assert data["pipeline"]["total"] == {
        "open_count": 5,
        "open_value": "2394.43",
        "weighted_value": "457.63",
    }
    presentation = data["pipeline"]["phases"][2]
    assert presentation == {
        "phase": "Presentation",
        "probability": 25,
        "open_count": 2,
        "open_value": "1010.04",
        "weighted_value": "252.52",
    }
    assert data["outcomes_by_phase"][5]["rejected_value"] == "2500.75"
    assert data["reasons"][0] == {
        "reason": None,
        "outcome": "accepted",
        "count": 1,
        "value": "99.99",
    }
    assert data["competitors"][0]["value"] == "2501.76"
    assert data["forecast"][0] == {"month": "2026-03", "open_count": 1, "weighted_value": "5.01"}
    assert data["forecast_undated"] == {"open_count": 1, "weighted_value": "2.51"}
    assert data["overdue"] == {"count": 1, "value": "1001.01", "weighted_value": "100.10"}
    pilot, order = data["calibration"][4], data["calibration"][6]
    assert pilot["actual_win_rate"] == 0.3333 and isinstance(pilot["actual_win_rate"], float)
    assert pilot["too_few"] is False and order["too_few"] is True
    assert order["actual_win_rate"] is None
    assert data["funnel"][0]["share"] == 1.0 and isinstance(data["funnel"][0]["share"], float)
    assert data["win_rate"]["overall"]["rate"] == 0.5
    assert data["days_to_close"]["average"] == 28.5
    # Every amount anywhere is a string with exactly two decimals.
    amounts = list(amounts_in(data))
    # pipeline 7 × 2 + total 2, outcomes 7 × 2, reasons 6, competitors 2, forecast 3,
    # undated 1, overdue 2 (value and weighted value), reasons by phase 6, competitors by
    # phase 3; trend 12 months × won, lost and average won value, the average null in the 10
    # months without a won deal
    assert len(amounts) == 16 + 14 + 6 + 2 + 3 + 1 + 2 + 6 + 3 + 12 * 3
    assert amounts.count(None) == 10
    assert [row["average_won_value"] for row in data["trend"]].count(None) == 10
    amounts = [a for a in amounts if a is not None]
    assert all(isinstance(a, str) and re.fullmatch(r"\d+\.\d\d", a) for a in amounts), amounts


def amounts_in(node):
    """Every value under a key named ``value`` or ``…_value`` anywhere in the JSON."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "value" or key.endswith("_value"):
                yield value
            else:
                yield from amounts_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from amounts_in(item)


# ------------------------------------------------------------------ empty database


def test_empty_database_answers_with_zeros_and_nulls(db):
    result = build_report(ReportFilter(today=TODAY))
    names = ["Introduction", "Presentation", "Proposal", "Negotiation", "Order"]
    assert [row["phase"] for row in result["pipeline"]["phases"]] == names
    assert all(
        (row["open_count"], row["open_value"], row["weighted_value"]) == (0, 0, 0)
        for row in result["pipeline"]["phases"]
    )
    assert result["pipeline"]["total"] == {"open_count": 0, "open_value": 0, "weighted_value": 0}
    assert [tuple(row[k] for k in OUTCOME_KEYS) for row in result["outcomes_by_phase"]] == [
        (0, 0, 0, 0)
    ] * 5
    assert [(row["phase"], row["reached"], row["share"]) for row in result["funnel"]] == [
        (name, 0, None) for name in names
    ]
    assert [
        (row["closed"], row["won"], row["actual_win_rate"], row["too_few"])
        for row in result["calibration"]
    ] == [(0, 0, None, True)] * 5
    assert result["reasons"] == []
    assert result["competitors"] == []
    assert result["forecast"] == []
    assert result["forecast_undated"] == {"open_count": 0, "weighted_value": 0}
    assert result["overdue"] == {"count": 0, "value": 0, "weighted_value": 0}
    assert result["win_rate"] == {
        "overall": {"closed": 0, "won": 0, "rate": None},
        "by_owner": [],
        "by_source": [],
    }
    assert result["days_to_close"] == {
        "average": None,
        "by_owner": [],
        "by_source": [],
        "by_phase": [],
    }

    data = report_to_json(result)
    assert set(data) == REPORT_KEYS | EXTRA_KEYS
    assert data["pipeline"]["total"] == {
        "open_count": 0,
        "open_value": "0.00",
        "weighted_value": "0.00",
    }
    assert {row["open_value"] for row in data["pipeline"]["phases"]} == {"0.00"}
    assert {row["weighted_value"] for row in data["pipeline"]["phases"]} == {"0.00"}
    assert {row["accepted_value"] for row in data["outcomes_by_phase"]} == {"0.00"}
    assert {row["rejected_value"] for row in data["outcomes_by_phase"]} == {"0.00"}
    assert data["overdue"] == {"count": 0, "value": "0.00", "weighted_value": "0.00"}
    assert data["forecast_undated"] == {"open_count": 0, "weighted_value": "0.00"}
    rows = report_rows(result)
    assert ("win_rate", "overall", "rate", "") in rows
    assert ("days_to_close", "closed deals", "average", "") in rows


def test_only_deleted_deals_is_like_an_empty_database(db):
    deal = create_deal("Gone", actor=ACTOR, value="10.00", owner="ann", at=at("2026-01-01 09:00"))
    accept_deal(deal.id, actor=ACTOR, at=at("2026-01-02 09:00"))
    delete_deal(deal.id, actor=ACTOR, at=at("2026-01-03 09:00"))
    result = build_report(ReportFilter(today=TODAY))
    assert result["win_rate"]["overall"] == {"closed": 0, "won": 0, "rate": None}
    assert [row["reached"] for row in result["funnel"]] == [0] * 5
    assert result["reasons"] == [] and result["days_to_close"] == {
        "average": None,
        "by_owner": [],
        "by_source": [],
        "by_phase": [],
    }
    with pytest.raises(ValidationError, match=r"^No deal has owner 'ann'\.$"):
        make_filter(owner="ann")


# ------------------------------------------------------------------ CSV


def parse_csv(text):
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_a_header_and_the_json_values(hand):
    result = report()
    table = parse_csv(report_csv(result))
    assert table[0] == list(HEADER) == ["section", "name", "metric", "value"]
    assert all(len(row) == 4 for row in table)
    rows = {tuple(row[:3]): row[3] for row in table[1:]}
    data = report_to_json(result)
    assert (
        rows[("pipeline", "total", "weighted_value")]
        == data["pipeline"]["total"]["weighted_value"]
        == "457.63"
    )
    assert rows[("pipeline", "Presentation", "weighted_value")] == "252.52"
    assert rows[("outcomes_by_phase", "Negotiation", "rejected_value")] == "2500.75"
    assert rows[("funnel", "Pilot", "reached")] == "4"  # D2 D9 D10, D3 skipped it
    assert rows[("calibration", "Pilot", "actual_win_rate")] == "0.3333"
    assert rows[("calibration", "Order", "actual_win_rate")] == ""
    assert rows[("calibration", "Order", "too_few")] == "true"
    assert rows[("reasons", "(no reason) (accepted)", "value")] == "99.99"
    assert rows[("reasons", "Other (rejected)", "count")] == "1"
    assert rows[("competitors", "Rivalsoft", "value")] == "2501.76"
    assert rows[("forecast", "2026-04", "weighted_value")] == "250.01"
    assert rows[("forecast", "no date", "weighted_value")] == "2.51"
    assert rows[("overdue", "open deals", "value")] == "1001.01"
    assert rows[("overdue", "open deals", "weighted_value")] == "100.10"
    assert rows[("win_rate", "overall", "rate")] == "0.5"
    assert rows[("win_rate", "owner: ann", "rate")] == "0.75"
    assert rows[("win_rate", "source: web", "won")] == "1"
    assert rows[("days_to_close", "closed deals", "average")] == "28.5"
    assert rows[("days_to_close", "owner: bob", "closed")] == "2"
    assert rows[("days_to_close", "source: web", "average")] == "21.8"
    assert rows[("days_to_close", "phase: Negotiation", "average")] == "39.5"
    assert rows[("reasons_by_phase", "Proposal: (no reason) (accepted)", "value")] == "99.99"
    assert rows[("reasons_by_phase", "Negotiation: Chose a competitor (rejected)", "count")] == "1"
    assert rows[("competitors_by_phase", "Pilot: Acme Tools", "value")] == "777.77"
    assert rows[("forecast_accuracy", "closed deals", "won_with_date")] == "0"
    assert rows[("forecast_accuracy", "closed deals", "average_slip_days")] == ""
    assert rows[("corrections", "closed deals", "reopened")] == "1"
    assert rows[("corrections", "closed deals", "switched")] == "1"
    assert len(rows) == len(table) - 1  # no (section, name, metric) twice


def test_csv_rows_of_a_section(hand):
    rows = report_rows(report())
    assert [row for row in rows if row[0] == "funnel" and row[1] == "Negotiation"] == [
        ("funnel", "Negotiation", "reached", "3"),
        ("funnel", "Negotiation", "share", "0.2727"),
    ]
    assert [row for row in parse_csv(report_csv(report())) if row[0] == "overdue"] == [
        ["overdue", "open deals", "count", "1"],
        ["overdue", "open deals", "value", "1001.01"],
        ["overdue", "open deals", "weighted_value", "100.10"],
    ]
    sections = [row[0] for row in rows]
    assert list(dict.fromkeys(sections)) == [
        "pipeline",
        "outcomes_by_phase",
        "funnel",
        "calibration",
        "conversion",
        "time_in_phase",
        "reasons",
        "competitors",
        "reasons_by_phase",
        "competitors_by_phase",
        "forecast",
        "overdue",
        "win_rate",
        "days_to_close",
        "forecast_accuracy",
        "corrections",
        "trend",
    ]
    assert [row for row in rows if row[0] == "competitors_by_phase"] == [
        ("competitors_by_phase", "Introduction: Rivalsoft", "count", "1"),
        ("competitors_by_phase", "Introduction: Rivalsoft", "value", "1.01"),
        ("competitors_by_phase", "Pilot: Acme Tools", "count", "1"),
        ("competitors_by_phase", "Pilot: Acme Tools", "value", "777.77"),
        ("competitors_by_phase", "Negotiation: Rivalsoft", "count", "1"),
        ("competitors_by_phase", "Negotiation: Rivalsoft", "value", "2500.75"),
    ]


def test_csv_neutralises_names_a_spreadsheet_would_run(db):
    rename_phase("Negotiation", "=1+1")
    deal = create_deal(
        "Formula",
        actor=ACTOR,
        phase="=1+1",
        value="10.00",
        owner="=cmd|' /C calc'!A0",
        source="+source",
        at=at("2026-01-01 09:00"),
    )
    reject_deal(
        deal.id, reason="No budget", competitor="@SUM(1)", actor=ACTOR, at=at("2026-01-02 09:00")
    )
    table = parse_csv(report_csv(build_report(ReportFilter(today=TODAY))))
    assert ["pipeline", "'=1+1", "open_count", "0"] in table
    assert ["calibration", "'=1+1", "closed", "1"] in table
    assert ["competitors", "'@SUM(1)", "count", "1"] in table
    # Owners and sources are prefixed with what they are, so their cells cannot start a
    # formula either.
    assert ["win_rate", "owner: =cmd|' /C calc'!A0", "closed", "1"] in table
    assert ["win_rate", "source: +source", "won", "0"] in table
    for row in table:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@"), row
