"""The Deleted deals screen's helpers, without a screen: times, amounts, widths, the summary."""

from __future__ import annotations

from models.queries.view_types import DeletedDeal
from tui.formatting import Money
from tui.screens.deleted_data import (
    CELL_PADDING,
    COLUMNS,
    SCROLLBAR,
    TIME_WIDTH,
    DeletedData,
    column_labels,
    column_widths,
    same_view,
    shown_time,
    summary,
)

MONEY = Money("EUR", "en")


def row(**changes: object) -> DeletedDeal:
    data: DeletedDeal = {
        "id": 7,
        "title": "Data platform",
        "organization": "Polder Data",
        "value": "60000.00",
        "value_cents": 6_000_000,
        "phase": "Negotiation",
        "status": "rejected",
        "deleted_at": "2026-11-26T21:00:00Z",
        "deleted_by": "bram",
        "version": 4,
    }
    data.update(changes)  # type: ignore[typeddict-item]
    return data


def test_a_stored_utc_time_is_shown_in_the_local_zone():
    # tests/tui/conftest.py sets TZ=UTC for every test here.
    assert shown_time("2026-11-26T21:00:00Z") == "2026-11-26 21:00"
    assert shown_time(None) == ""
    assert shown_time("2026-02-30 ⚠ not a date and time") == "2026-02-30 ⚠ not a date and time"


def test_widths_fill_the_terminal_and_keep_every_header_readable():
    rows = [row(), row(id=1234, value_cents=12_345_678_90, deleted_by="Anna de Vries")]
    for width in (80, 120):
        widths = column_widths(width, rows, MONEY)
        assert sum(widths) + CELL_PADDING * len(COLUMNS) + SCROLLBAR == width
        labels = column_labels(widths)
        assert all(size >= len(label) for size, label in zip(widths, labels, strict=True))
        number, title, organization, value, by, when = widths
        assert (number, value, by, when) == (4, len("€12,345,678.90"), 13, TIME_WIDTH)
        assert title >= organization >= 8
    assert column_labels(column_widths(80, rows, MONEY))[2] == "Org."
    assert column_labels(column_widths(120, rows, MONEY))[2] == "Organization"
    # A name longer than the column's limit is cut, not given the whole line.
    assert column_widths(80, [row(deleted_by="x" * 40)], MONEY)[4] == 16


def test_the_summary_names_status_phase_amount_and_who_deleted_it_when():
    text = summary(row(), MONEY).plain
    assert text == (
        "#7 Data platform · lost · phase Negotiation · €60,000.00 · Polder Data\n"
        "deleted 2026-11-26 21:00 by bram"
    )
    unknown = summary(row(deleted_by=None, organization="", value_cents=None, value="x ⚠"), MONEY)
    assert unknown.plain.endswith("· x ⚠\ndeleted 2026-11-26 21:00 by ?")


def test_the_same_rows_in_the_same_currency_are_the_same_view():
    old = DeletedData([row()], Money("EUR", "en"))
    assert same_view(old, DeletedData([row()], Money("EUR", "en")))
    assert not same_view(old, DeletedData([row(deleted_by="anna")], Money("EUR", "en")))
    assert not same_view(old, DeletedData([row()], Money("EUR", "nl")))
    assert not same_view(old, DeletedData([], Money("EUR", "en")))
