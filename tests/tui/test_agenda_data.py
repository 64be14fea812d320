"""The Agenda screen's helpers, without a screen: widths, cells, titles and texts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from models.queries.agenda import Agenda
from models.queries.view_types import AgendaEntry
from tui.screens.agenda_data import (
    CELL_PADDING,
    COLUMNS,
    SCROLLBAR,
    AgendaData,
    column_labels,
    column_widths,
    empty_text,
    shown_date,
    summary,
    table_rows,
    title_text,
)

TODAY = dt.date(2026, 11, 27)


def entry(**changes: Any) -> AgendaEntry:
    fields: dict[str, Any] = {
        "group": "overdue",
        "next_step_date": "2026-11-20",
        "next_step": "Call Anna",
        "id": 7,
        "title": "Website",
        "organization": "Acme",
        "owner": "Anna de Vries",
        "version": 3,
    }
    return AgendaEntry(**{**fields, **changes})  # type: ignore[typeddict-item]


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_columns_fill_the_width(width):
    widths = column_widths(width, [entry()])
    assert sum(widths) + CELL_PADDING * len(COLUMNS) + SCROLLBAR == width
    assert widths[2] >= widths[3] >= widths[4]  # next step, deal, organization


def test_owner_column_fits_names_within_bounds():
    assert column_widths(120, [entry(owner="Bo")])[5] == len("Owner")
    assert column_widths(200, [entry(owner="A very long display name indeed")])[5] == 16
    assert column_widths(80, [entry()])[5] == 11  # a seventh of 80
    assert column_labels(column_widths(60, [entry()]))[4] == "Org."


def test_rows_name_each_group_once_and_mark_overdue_dates():
    data = AgendaData(
        Agenda(
            TODAY,
            [
                entry(id=1),
                entry(id=2, next_step_date="2026-11-26"),
                entry(id=3, group="today", next_step_date="2026-11-27"),
                entry(id=4, group="no_date", next_step_date=None),
            ],
        ),
        mine=False,
    )
    rows = table_rows(data)
    assert [(str(cells[0]), str(cells[1])) for _, cells in rows] == [
        ("Overdue", "20 Nov"),
        ("", "26 Nov"),
        ("Today", "today"),
        ("No date", ""),
    ]
    assert rows[0][1][1].style == "bold red"
    assert str(rows[0][1][3]) == "#1 Website"
    assert title_text(data) == "Agenda · every owner · 2 overdue · 1 today · 1 no date"
    assert title_text(AgendaData(Agenda(TODAY, []), mine=True)) == "Agenda · my deals"
    # Too wide for the screen: the word Agenda gives way, the counts stay whole.
    assert title_text(data, 60) == "Agenda · every owner · 2 overdue · 1 today · 1 no date"
    assert title_text(data, 50) == "Every owner · 2 overdue · 1 today · 1 no date"


def test_texts_for_the_selected_entry_and_an_empty_agenda():
    text = summary(entry(title="[b]x[/b]"))
    assert text.plain == "Call Anna · 2026-11-20\n#7 [b]x[/b] · Acme · Anna de Vries"
    assert shown_date(entry(next_step_date="'2026-02-30' ⚠ not a date"), TODAY).startswith("'")
    assert "u shows every owner's" in empty_text(True)
    assert "--next-step" in empty_text(False)
