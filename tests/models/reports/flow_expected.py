"""Conversion and days in phase by plain Python over a database file's rows, for cross-checks.

An independent reading of the definitions in ``models.reports.sql_flow``: every history row
of every deal is walked in time order here (fine for a test database of a few thousand
deals), where the report aggregates in SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import sqlite3
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def _rows(path: Any, sql: str) -> list[dict[str, Any]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql)]
    finally:
        connection.close()


@functools.cache
def _load(path: str) -> tuple[list[dict[str, Any]], ...]:
    """The rows these checks read, once per file: phases, live deals, reached, marks."""
    phases = sorted(_rows(path, "SELECT * FROM phase"), key=lambda p: (p["position"], p["id"]))
    deals = _rows(path, "SELECT * FROM deal WHERE deleted_at IS NULL")
    reached = _rows(path, "SELECT deal_id, phase_id FROM deal_reached")
    marks = []
    for event in _rows(path, "SELECT * FROM deal_event ORDER BY at, id"):
        moves = event["kind"] in ("created", "phase") and event["phase_id"] is not None
        if moves or (event["kind"] == "status" and event["field"] == "status"):
            marks.append({**event, "at": dt.datetime.fromisoformat(event["at"])})
    return phases, deals, reached, marks


def _days(seconds: int, deals: int) -> float | None:
    return round(seconds / deals / 86400, 1) if deals else None


def _seconds(start: dt.datetime, end: dt.datetime) -> int:
    """Whole seconds, halves away from zero, as ROUND does on both databases."""
    exact = Decimal(str((end - start).total_seconds()))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def expected_flow(
    path: Any,
    now: dt.datetime,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    owner: str | None = None,
    source: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, tuple[int, float | None, float | None]]]:
    """The conversion rows, and per phase name (deals, average days, median days).

    The scope is the funnel's: every deal not deleted, or with a period (UTC days) the deals
    closed in it; owner and source filter.
    """
    phases, live, reached_rows, all_marks = _load(str(path))
    names = {p["id"]: p["name"] for p in phases}
    period = date_from is not None or date_to is not None
    deals = {}
    for deal in live:
        if owner is not None and deal["owner"] != owner:
            continue
        if source is not None and deal["source"] != source:
            continue
        if period:
            if deal["status"] == "open":
                continue
            day = dt.datetime.fromisoformat(deal["closed_at"]).date()
            if (date_from and day < date_from) or (date_to and day > date_to):
                continue
        deals[deal["id"]] = deal

    reached = defaultdict(set)
    for row in reached_rows:
        if row["deal_id"] in deals:
            reached[row["deal_id"]].add(row["phase_id"])
    active = [p for p in phases if not p["archived"]]
    conversion = []
    for phase, following in itertools.pairwise(active):
        behind = [d for d, got in reached.items() if phase["id"] in got]
        onward = [d for d in behind if following["id"] in reached[d]]
        conversion.append(
            {
                "phase": phase["name"],
                "next_phase": following["name"],
                "reached": len(behind),
                "reached_next": len(onward),
                "rate": round(len(onward) / len(behind), 4) if behind else None,
            }
        )

    marks = defaultdict(list)
    for event in all_marks:
        if event["deal_id"] in deals and event["at"] <= now:
            marks[event["deal_id"]].append(event)
    spent: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for deal_id, events in marks.items():
        deal = deals[deal_id]
        phase, is_open = None, None
        for index, event in enumerate(events):
            if event["kind"] == "created":
                phase, is_open = event["phase_id"], True
            elif event["kind"] == "phase":
                phase = event["phase_id"]
            else:
                is_open = event["new_value"] == "open"
            start = event["at"]
            if index + 1 < len(events):
                end = events[index + 1]["at"]
            elif deal["status"] == "open":
                end = now
            else:
                end = dt.datetime.fromisoformat(deal["closed_at"])
            if is_open and phase is not None:
                spent[phase][deal_id] += max(_seconds(start, min(end, now)), 0)
    times = {}
    for phase in phases:
        sums = sorted(spent[phase["id"]].values())
        n = len(sums)
        middle = sums[(n - 1) // 2 : n // 2 + 1]
        times[names[phase["id"]]] = (n, _days(sum(sums), n), _days(sum(middle), len(middle)))
    return conversion, times
