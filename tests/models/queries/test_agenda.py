"""The agenda read model: open deals with a next step, grouped by when it is due."""

from __future__ import annotations

import datetime as dt

import pytest

from models.operations import deals, people, settings
from models.queries.agenda import AgendaGroup, agenda_group, load_agenda

# Wednesday 4 March 2026, 10:00 UTC: this week runs to Sunday 8 March.
NOW = dt.datetime(2026, 3, 4, 10, 0)
TODAY = dt.date(2026, 3, 4)


def step(title: str, text: str | None, day: str | None = None, **kwargs: object) -> int:
    """Create a deal with a next step (``text`` None: without one); return its id."""
    return deals.create_deal(
        title, actor="t", next_step=text, next_step_date=day, at=NOW, **kwargs
    ).id


@pytest.mark.parametrize(
    ("day", "group"),
    [
        (dt.date(2026, 3, 3), AgendaGroup.OVERDUE),
        (dt.date(2025, 12, 31), AgendaGroup.OVERDUE),
        (TODAY, AgendaGroup.TODAY),
        (dt.date(2026, 3, 5), AgendaGroup.THIS_WEEK),
        (dt.date(2026, 3, 8), AgendaGroup.THIS_WEEK),
        (dt.date(2026, 3, 9), AgendaGroup.LATER),
        (None, AgendaGroup.NO_DATE),
        ("2026-02-30 ⚠ not a date", AgendaGroup.NO_DATE),
    ],
)
def test_groups_by_the_day_seen_today(day, group):
    assert agenda_group(day, TODAY) is group


def test_on_a_sunday_this_week_is_only_today():
    sunday = dt.date(2026, 3, 8)
    assert agenda_group(sunday, sunday) is AgendaGroup.TODAY
    assert agenda_group(dt.date(2026, 3, 9), sunday) is AgendaGroup.LATER


def test_the_agenda_lists_open_deals_with_a_step_overdue_first(db):
    later = step("Later", "Send contract", "2026-03-20", organization="Acme", owner="Ann")
    undated = step("Undated", "Think about it")
    week = step("This week", "Demo", "2026-03-06")
    today = step("Today", "Call back", "2026-03-04")
    overdue = step("Overdue", "Mail the offer", "2026-03-02")
    older = step("Older", "Ask for feedback", "2026-02-27")
    step("Without", None)
    closed = step("Closed", "Never", "2026-03-01")
    deals.accept_deal(closed, actor="t", at=NOW)
    gone = step("Deleted", "Never", "2026-03-01")
    deals.delete_deal(gone, actor="t", at=NOW)
    agenda = load_agenda(NOW)
    assert agenda.today == TODAY
    assert [(e["group"], e["id"]) for e in agenda.entries] == [
        ("overdue", older),
        ("overdue", overdue),
        ("today", today),
        ("this_week", week),
        ("later", later),
        ("no_date", undated),
    ]
    assert agenda.entries[4] == {
        "group": "later",
        "next_step_date": "2026-03-20",
        "next_step": "Send contract",
        "id": later,
        "title": "Later",
        "organization": "Acme",
        "owner": "Ann",
        "version": 1,
    }
    assert [(group.label, len(entries)) for group, entries in agenda.groups()] == [
        ("Overdue", 2),
        ("Today", 1),
        ("This week", 1),
        ("Later", 1),
        ("No date", 1),
    ]


def test_today_is_the_day_in_the_database_time_zone(db):
    settings.set_setting("timezone", "Europe/Amsterdam")
    deal = step("Tomorrow in UTC", "Call", "2026-03-05")
    late_evening = dt.datetime(2026, 3, 4, 23, 30)  # 00:30 on the 5th in Amsterdam
    assert load_agenda(late_evening).entries[0]["group"] == "today"
    assert load_agenda(late_evening).today == dt.date(2026, 3, 5)
    assert load_agenda(NOW).entries[0]["group"] == "this_week"
    assert deal


def test_my_deals_are_the_login_and_the_display_name(db):
    people.add_person("anna", "Anna de Vries")
    by_name = step("By name", "Call", "2026-03-04", owner="Anna de Vries")
    by_login = step("By login", "Call", "2026-03-04", owner="anna")
    step("Someone else's", "Call", "2026-03-04", owner="Bram")
    assert [e["id"] for e in load_agenda(NOW, user="anna").entries] == [by_name, by_login]
    assert [e["id"] for e in load_agenda(NOW, user="bram").entries] == []
    assert [e["id"] for e in load_agenda(NOW, owner=" anna de VRIES").entries] == [by_name]
