"""`dealboard agenda`: next steps of open deals, grouped overdue first, for everyone or one owner."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import models.queries.agenda

NOW = dt.datetime(2026, 3, 4, 10, 0)  # a Wednesday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models.queries.agenda, "utcnow", lambda: NOW)


def add(run, title: str, owner: str, step: str | None = None, day: str | None = None) -> None:
    assert run("deal", "add", title, "--owner", owner, "--organization", "Acme").code == 0
    if step is not None:
        options = ["--next-step", step] + (["--next-step-date", day] if day else [])
        assert run("deal", "edit", title_id(run, title), *options).code == 0


def title_id(run, title: str) -> str:
    deals = json.loads(run("deal", "list", "--json").out)
    return str(next(deal["id"] for deal in deals if deal["title"] == title))


def test_agenda_groups_overdue_first(run):
    add(run, "Later deal", "Ann", "Send contract", "2026-03-20")
    add(run, "Late deal", "tester", "Mail offer", "2026-03-02")
    add(run, "Today deal", "Ann", "Call back", "2026-03-04")
    add(run, "Quiet deal", "Ann")
    result = run("agenda")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == ["When", "Date", "Next", "step", "#", "Title", "Organization", "Owner"]  # fmt: skip
    assert lines[2].split()[:3] == ["Overdue", "2026-03-02", "Mail"]
    assert lines[3].split()[:3] == ["Today", "2026-03-04", "Call"]
    assert lines[4].split()[:3] == ["Later", "2026-03-20", "Send"]
    assert len(lines) == 5  # the deal without a next step is not listed
    assert "3 next step(s); today is 2026-03-04" in result.err


def test_agenda_json_and_owner_filters(run):
    add(run, "Mine", "tester", "Call", "2026-03-05")
    add(run, "Anns", "Ann", "Mail", "2026-03-01")
    data = json.loads(run("agenda", "--json").out)
    assert [(e["group"], e["title"], e["next_step"]) for e in data] == [
        ("overdue", "Anns", "Mail"),
        ("this_week", "Mine", "Call"),
    ]
    assert list(data[0]) == [
        "group",
        "next_step_date",
        "next_step",
        "id",
        "title",
        "organization",
        "owner",
        "version",
    ]
    assert [e["title"] for e in json.loads(run("agenda", "--mine", "--json").out)] == ["Mine"]
    assert [e["title"] for e in json.loads(run("agenda", "--owner", "ann", "--json").out)] == [
        "Anns"
    ]
    nobody = run("agenda", "--owner", "Nobody")
    assert (nobody.code, nobody.out, nobody.err.strip()) == (0, "", "No next steps.")
    both = run("agenda", "--mine", "--owner", "Ann")
    assert both.code == 1 and "not both" in both.err
