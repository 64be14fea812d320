"""The report's types match what it holds, and its sections are named in one place."""

from __future__ import annotations

from typing import get_type_hints, is_typeddict

from models.reports import sections
from models.reports.csv_export import report_rows
from models.reports.sections import SECTIONS, Report, Section
from tests.models.reports.report_cases import report


def check_shape(value, hint, where):
    """Every TypedDict in ``hint`` has exactly the keys of the dict ``value`` at that place."""
    if is_typeddict(hint):
        assert set(value) == set(get_type_hints(hint)), where
        for key, inner in get_type_hints(hint).items():
            check_shape(value[key], inner, f"{where}.{key}")
    elif getattr(hint, "__origin__", None) is list:
        (item,) = hint.__args__
        for index, row in enumerate(value):
            check_shape(row, item, f"{where}[{index}]")


def test_every_section_and_row_has_the_keys_its_typeddict_names(hand):
    data = report()
    check_shape(data, Report, "report")
    # The hand-built database fills every list, so every row type was checked above.
    assert all(data[key] for key in ("reasons", "competitors", "forecast", "funnel"))
    assert data["win_rate"]["by_owner"] and data["win_rate"]["by_source"]
    assert data["reasons_by_phase"] and data["competitors_by_phase"]
    assert all(data["days_to_close"][f"by_{group}"] for group in ("owner", "source", "phase"))


def test_sections_are_the_report_keys_in_report_order():
    hints = list(get_type_hints(Report))
    assert [str(section) for section in SECTIONS] == [key for key in hints if key in SECTIONS]
    assert set(hints) - set(SECTIONS) == {"currency", "filters", "forecast_undated"}


def test_the_csv_lists_the_sections_of_models_reports_sections_in_their_order(hand):
    named = list(dict.fromkeys(row[0] for row in report_rows(report())))
    assert named == list(SECTIONS)
    assert list(sections.Section) == list(SECTIONS)


def test_the_csv_can_export_one_section_by_its_member_or_its_text(hand):
    data = report()
    by_member = report_rows(data, [Section.OVERDUE])
    assert by_member == report_rows(data, ["overdue"])
    assert {row[0] for row in by_member} == {"overdue"}
