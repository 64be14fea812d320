"""The bulk path of the demo: big demos are valid, realistic and deterministic.

One bulk demo is built once and held to `dealboard check`, the history rules the benchmarks
verify, the shape of the demo and the management report. A sweep (tests/full_length.py): the
default run builds 6,000 deals in three blocks of 2,000 above a lowered threshold, which asks
the same of the bulk path and its workers; the demo as shipped, 30,000 deals above
``BULK_ABOVE`` in blocks of 10,000, is held to the same tests in CI's own step
(``--run-heavy``). Smaller bulk files come from ``write_deals`` directly or from
``build_demo`` with a lowered threshold, to keep the module at a few seconds. The bulk
path's settings (its threshold, serialize, language) on small files alone:
test_demo_bulk_settings.py; what a failed or interrupted run leaves behind:
test_demo_bulk_files.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from models.demo import build as demo
from models.demo import bulk as demo_bulk
from models.demo.build import BULK_ABOVE, DemoSummary, build_demo
from models.operations.reached_rows import reached_from_events
from models.operations.stay_rows import stays_from_events
from models.reports.management import build_report
from models.storage import database as database_module
from models.storage.database import open_database
from models.storage.schema import database_proxy
from tests.bench.datasets import HISTORY_RULES
from tests.full_length import heavy
from tests.models.demo.demo_files import DEALS, NOW, fingerprint, fresh_file, query


class Size(NamedTuple):
    """A bulk demo's size: its deals, the bulk path's block and the threshold above which it runs."""

    deals: int
    block: int
    threshold: int


SIZES = [
    pytest.param(Size(6_000, 2_000, 4_000), id="6k"),
    pytest.param(Size(DEALS, demo_bulk.BLOCK, BULK_ABOVE), id="30k", marks=heavy),
]
ROOT = Path(__file__).resolve().parents[3]

# Every (kind, field, old, new, carries a phase) shape of history row the operations write in
# a demo (what a replayed demo holds), and nothing else: see ``shape``.
SHAPES = {
    ("created", None, "none", "text", True),
    ("phase", "phase", "text", "text", True),
    ("note", "note", "empty", "text", False),
    ("note", "note", "text", "text", False),
    ("field", "value", "money", "money", False),
    ("field", "expected_close", "date", "date", False),
    ("field", "expected_close", "none", "date", False),
    ("field", "owner", "text", "text", False),
    ("field", "probability_override", "digits", "none", False),
    ("field", "probability_override", "none", "digits", False),
    ("field", "probability_override", "digits", "digits", False),
    ("status", "status", "text", "text", False),
    ("field", "reason", "none", "text", False),
    ("field", "reason", "text", "none", False),
    ("field", "reason", "text", "text", False),
    ("field", "competitor", "none", "text", False),
    ("field", "competitor", "empty", "text", False),
    ("field", "competitor", "text", "empty", False),
    ("field", "competitor", "text", "none", False),
    ("field", "close_note", "none", "text", False),
    ("field", "close_note", "empty", "text", False),
    ("field", "close_note", "text", "none", False),
    ("field", "close_note", "text", "text", False),
    ("field", "probability_at_close", "digits", "none", False),
    ("field", "closed_at", "datetime", "none", False),
    ("deleted", None, "none", "text", False),
    ("restored", None, "datetime", "none", False),
    ("field", "next_step", "none", "text", False),
    ("field", "next_step_date", "none", "date", False),
}


def shape(value: str | None) -> str:
    """What kind of text a history value is: none, empty, digits, money, date, datetime, text."""
    for name, pattern in (
        ("digits", r"\d+"),
        ("money", r"\d+\.\d\d"),
        ("date", r"\d{4}-\d\d-\d\d"),
        ("datetime", r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"),
    ):
        if value and re.fullmatch(pattern, value):
            return name
    return "none" if value is None else "empty" if value == "" else "text"


def shapes(path: Path) -> set[tuple]:
    sql = "SELECT DISTINCT kind, field, old_value, new_value, phase_id IS NOT NULL FROM deal_event"
    seen: dict[str | None, str] = {}  # many values recur (phases, statuses): shape each once

    def known(value: str | None) -> str:
        if value not in seen:
            seen[value] = shape(value)
        return seen[value]

    return {(kind, field, known(old), known(new), bool(ph)) for kind, field, old, new, ph in query(path, sql)}  # fmt: skip


class Bulk(NamedTuple):
    """A bulk demo: its file, summary, the progress it reported, the files left, its size."""

    path: Path
    summary: DemoSummary
    calls: list[tuple[int, int]]
    files: list[str]
    size: Size


@pytest.fixture(scope="module", params=SIZES)
def bulk(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Bulk:
    """One demo written in bulk (6,000 deals, or 30,000 in the full-length run)."""
    size: Size = request.param
    path = tmp_path_factory.mktemp("bulk") / "demo.sqlite"
    calls: list[tuple[int, int]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo, "BULK_ABOVE", size.threshold)
        patch.setattr(demo_bulk, "BLOCK", size.block)
        summary = build_demo(
            path, deals=size.deals, seed=1, now=NOW, progress=lambda *a: calls.append(a)
        )
    return Bulk(path, summary, calls, sorted(p.name for p in path.parent.iterdir()), size)


@pytest.fixture(scope="module")
def history(bulk: Bulk) -> list[tuple]:
    """The bulk demo's history rows without their ids, by deal and time, as the builders take them."""
    return [row[1:] for row in query(bulk[0], "SELECT * FROM deal_event ORDER BY deal_id, at, id")]


def test_summary_and_progress(bulk: Bulk) -> None:
    path, summary, calls, files, size = bulk
    deals = size.deals
    assert summary.deals == deals == query(path, "SELECT COUNT(*) FROM deal")[0][0]
    assert summary.open + summary.accepted + summary.rejected + summary.deleted == deals
    assert summary.events == query(path, "SELECT COUNT(*) FROM deal_event")[0][0]
    deleted = query(path, "SELECT COUNT(*) FROM deal WHERE deleted_at IS NOT NULL")[0][0]
    assert summary.deleted == deleted > 0
    assert 0.15 <= summary.open / deals <= 0.35
    assert 5 <= summary.events / deals <= 8
    # One call at the start and one per block of the three (blocks of 10,000 at 30,000).
    assert calls == [(done, deals) for done in range(0, deals + 1, size.block)]
    assert len(calls) == 4
    assert files == ["demo.sqlite"]
    assert query(path, "PRAGMA journal_mode") == [("wal",)]


def test_dealboard_check_passes(bulk: Bulk) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--json", "--db", str(bulk[0])],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    verdict = json.loads(done.stdout)
    assert verdict["healthy"] is True
    assert verdict["counts"]["deals"] == bulk.size.deals - bulk.summary.deleted


@pytest.mark.parametrize("rule", list(HISTORY_RULES))
def test_history_rules_hold(bulk: Bulk, rule: str) -> None:
    assert query(bulk[0], HISTORY_RULES[rule]) == [(0,)]


def test_every_status_in_every_phase(bulk: Bulk) -> None:
    rows = query(
        bulk[0],
        "SELECT d.status, p.probability, COUNT(*) FROM deal d JOIN phase p ON p.id = d.phase_id"
        " WHERE d.deleted_at IS NULL GROUP BY 1, 2",
    )
    counts = {(status, probability): count for status, probability, count in rows}
    for probability in (10, 25, 50, 75, 100):
        for status in ("open", "accepted", "rejected"):
            assert counts.get((status, probability), 0) > 20, (status, probability)
    assert counts[("open", 10)] > counts[("open", 100)]  # open deals sit early
    rates = [
        counts[("accepted", p)] / (counts[("accepted", p)] + counts[("rejected", p)])
        for p in (10, 25, 50, 75, 100)
    ]
    assert rates[0] < rates[2] < rates[4]


def test_every_deal_starts_with_one_created_event(bulk: Bulk) -> None:
    path = bulk[0]
    first = query(
        path,
        "SELECT e.kind, COUNT(*) FROM deal_event e WHERE e.id = (SELECT MIN(id) FROM deal_event"
        " WHERE deal_id = e.deal_id) GROUP BY e.kind",
    )
    deals = bulk.size.deals
    assert first == [("created", deals)]
    assert query(path, "SELECT COUNT(*) FROM deal_event WHERE kind = 'created'") == [(deals,)]
    assert query(
        path,
        "SELECT COUNT(*) FROM deal d JOIN deal_event e ON e.deal_id = d.id"
        " AND e.kind = 'created' WHERE e.at <> d.created_at OR e.new_value <> d.title",
    ) == [(0,)]


def test_reached_rows_are_what_the_operations_builder_makes_of_the_history(
    bulk: Bulk, history: list[tuple]
) -> None:
    path = bulk[0]
    order = [(row[0], True) for row in query(path, "SELECT id FROM phase ORDER BY position, id")]
    expected = sorted(reached_from_events(history, order))
    stored = query(path, "SELECT deal_id, phase_id, at FROM deal_reached ORDER BY id")
    assert sorted(stored) == expected
    assert query(  # every deal reached the phase it stands (or closed) in
        path,
        "SELECT COUNT(*) FROM deal d WHERE NOT EXISTS (SELECT 1 FROM deal_reached r"
        " WHERE r.deal_id = d.id AND r.phase_id = d.phase_id)",
    ) == [(0,)]


def test_stays_are_what_the_operations_builder_makes_of_the_history(
    bulk: Bulk, history: list[tuple]
) -> None:
    path = bulk[0]
    expected = stays_from_events(history)
    stored = query(path, "SELECT deal_id, phase_id, started_at, ended_at FROM deal_stay")
    assert sorted(stored, key=by_start) == sorted(expected, key=by_start)
    assert query(  # an open deal has one running stay, in its phase; a closed deal none
        path,
        "SELECT COUNT(*) FROM deal d WHERE (SELECT COUNT(*) FROM deal_stay s"
        " WHERE s.deal_id = d.id AND s.ended_at IS NULL AND s.phase_id = d.phase_id)"
        " <> CASE WHEN d.status = 'open' THEN 1 ELSE 0 END"
        " OR EXISTS (SELECT 1 FROM deal_stay s WHERE s.deal_id = d.id AND s.ended_at IS NULL"
        " AND s.phase_id <> d.phase_id)",
    ) == [(0,)]


def by_start(stay: tuple) -> tuple:
    """A stay's sort key: deal, start, phase (the end may be None)."""
    return stay[0], stay[2], stay[1]


def test_versions_count_the_changes(bulk: Bulk) -> None:
    """A deal's version is 1 + its changes; all events of one change share its version."""
    mismatched = query(
        bulk[0],
        "SELECT COUNT(*) FROM deal d JOIN (SELECT deal_id, COUNT(DISTINCT version) AS changes,"
        " MAX(version) AS top FROM deal_event WHERE kind <> 'created' GROUP BY deal_id) c"
        " ON c.deal_id = d.id WHERE d.version <> 1 + c.changes OR d.version <> c.top",
    )
    assert mismatched == [(0,)]
    unchanged = query(
        bulk[0],
        "SELECT COUNT(*) FROM deal d WHERE d.version <> 1 AND NOT EXISTS (SELECT 1"
        " FROM deal_event e WHERE e.deal_id = d.id AND e.kind <> 'created')",
    )
    assert unchanged == [(0,)]


def test_history_spans_eighteen_months_before_now(bulk: Bulk) -> None:
    first, last = query(bulk[0], "SELECT MIN(at), MAX(at) FROM deal_event")[0]
    assert first >= str(NOW - dt.timedelta(days=550))
    assert first < str(NOW - dt.timedelta(days=500))
    assert str(NOW - dt.timedelta(days=2)) < last < str(NOW)
    # Deal ids follow creation time.
    unordered = query(
        bulk[0], "SELECT COUNT(*) FROM deal a JOIN deal b ON b.id = a.id + 1 WHERE b.created_at"
        " < a.created_at AND julianday(a.created_at) - julianday(b.created_at) > 1",
    )  # fmt: skip
    assert unordered == [(0,)]


def test_history_rows_look_like_the_operations_rows(bulk: Bulk, tmp_path: Path) -> None:
    replayed = tmp_path / "replayed.sqlite"
    build_demo(replayed, deals=400, seed=3, now=NOW)
    assert shapes(replayed) <= shapes(bulk[0]) <= SHAPES


def test_the_report_makes_sense(bulk: Bulk) -> None:
    path, summary = bulk.path, bulk.summary
    saved = (database_proxy.obj, database_module._info)
    db = open_database(path)
    try:
        report = build_report()
    finally:
        db.close()
        database_proxy.initialize(saved[0])
        database_module._info = saved[1]
    assert report["pipeline"]["total"]["open_count"] == summary.open
    reached = [row["reached"] for row in report["funnel"]]
    assert reached[0] == summary.deals - summary.deleted
    assert all(a >= b for a, b in itertools.pairwise(reached)) and reached[-1] > 0
    for row in report["outcomes_by_phase"]:
        assert row["accepted_count"] > 0 and row["rejected_count"] > 0, row
    rates = [row["actual_win_rate"] for row in report["calibration"]]
    assert rates == sorted(rates) and not any(row["too_few"] for row in report["calibration"])
    overall = report["win_rate"]["overall"]
    assert overall["closed"] == summary.accepted + summary.rejected
    assert 0.3 < overall["rate"] < 0.7
    assert len(report["win_rate"]["by_owner"]) == 8
    assert report["competitors"] and report["reasons"]
    assert 10 < report["days_to_close"]["average"] < 120


def test_the_same_seed_gives_the_same_rows_on_any_number_of_workers(
    bulk: Bulk, tmp_path: Path, small_bulk: None
) -> None:
    # build_demo uses every core; here one process makes the blocks, or three when only one
    # core was there, so the rows cannot depend on who made which block. Three blocks of 100
    # deals (``small_bulk``) ask the same of the workers as the fixture's three blocks, at a
    # fraction of the cost.
    built = tmp_path / "built.sqlite"
    build_demo(built, deals=300, seed=1, now=NOW)
    workers = 1 if demo_bulk.usable_cores() > 1 else 3
    again = fresh_file(tmp_path / "again.sqlite")
    demo_bulk.write_deals(again, 300, seed=1, lang="en", now=NOW, workers=workers)
    assert fingerprint(again) == fingerprint(built)
    assert query(built, "SELECT COUNT(*) FROM deal") == [(300,)]
    other = fresh_file(tmp_path / "other.sqlite")
    demo_bulk.write_deals(other, 500, seed=2, lang="en", now=NOW)
    assert query(other, "SELECT title, value_cents FROM deal WHERE id <= 20") != query(
        bulk[0], "SELECT title, value_cents FROM deal WHERE id <= 20"
    )
