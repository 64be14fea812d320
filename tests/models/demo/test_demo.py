"""The demo-data generator: deterministic, realistic in shape, safe with files."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from models.demo.build import MAX_DEALS, DemoSummary, build_demo
from models.demo.data import TEAM
from models.domain.errors import DatabaseError, ValidationError
from models.storage.database import open_database
from models.storage.schema import Phase, database_proxy

NOW = dt.datetime(2026, 5, 1, 12, 0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty directory of this test's own (the shared conftest may add others beside)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def dump(path: Path) -> list[str]:
    """Every row of every table as SQL, bar the migration log (it records when it ran)."""
    connection = sqlite3.connect(path)
    try:
        return [
            line
            for line in connection.iterdump()
            if not line.startswith('INSERT INTO "schema_migration"')
        ]
    finally:
        connection.close()


def query(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, demo_copy) -> tuple[Path, DemoSummary]:
    """One 300-deal demo database shared by the shape tests (building it takes a moment)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    return path, demo_copy(path, deals=300, seed=1, now=NOW)  # tests/models/conftest.py


def test_same_seed_and_now_give_identical_rows(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_demo(first, deals=150, seed=5, now=NOW)
    build_demo(second, deals=150, seed=5, now=NOW)
    rows = dump(first)
    assert rows == dump(second)
    assert any(line.startswith('INSERT INTO "deal_event"') for line in rows)


def test_another_seed_gives_other_deals(tmp_path: Path) -> None:
    build_demo(tmp_path / "a.sqlite", deals=50, seed=1, now=NOW)
    build_demo(tmp_path / "b.sqlite", deals=50, seed=2, now=NOW)
    sql = "SELECT * FROM deal ORDER BY id"
    assert query(tmp_path / "a.sqlite", sql) != query(tmp_path / "b.sqlite", sql)


def test_summary_matches_the_database(demo: tuple[Path, DemoSummary]) -> None:
    path, summary = demo
    assert summary.deals == 300
    assert summary.open + summary.accepted + summary.rejected + summary.deleted == 300
    assert summary.events == query(path, "SELECT COUNT(*) FROM deal_event")[0][0]
    assert (
        summary.deleted
        == query(path, "SELECT COUNT(*) FROM deal WHERE deleted_at IS NOT NULL")[0][0]
    )
    assert summary.seconds > 0


def test_outcomes_happen_in_every_phase(demo: tuple[Path, DemoSummary]) -> None:
    path, summary = demo
    assert summary.open and summary.accepted and summary.rejected
    assert 0.15 <= summary.open / summary.deals <= 0.35
    rows = query(
        path,
        "SELECT d.status, p.probability, COUNT(*) FROM deal d JOIN phase p ON p.id = d.phase_id"
        " WHERE d.deleted_at IS NULL GROUP BY 1, 2",
    )
    counts = {(status, probability): count for status, probability, count in rows}
    # Won before the order phase, lost late: the phase and the status are independent.
    assert counts.get(("accepted", 50), 0) > 0
    assert counts.get(("accepted", 25), 0) > 0
    assert counts.get(("rejected", 75), 0) > 0
    for probability in (10, 25, 50, 75, 100):
        assert counts.get(("open", probability), 0) > 0, probability
    # More open deals early in the pipeline than at its end.
    assert counts[("open", 10)] > counts[("open", 100)]


def test_win_rate_rises_with_the_phase(demo: tuple[Path, DemoSummary]) -> None:
    rows = query(
        demo[0],
        "SELECT p.position, AVG(d.status = 'accepted') FROM deal d JOIN phase p"
        " ON p.id = d.phase_id WHERE d.status <> 'open' GROUP BY p.position ORDER BY 1",
    )
    rates = [rate for _, rate in rows]
    assert rates[0] < rates[2] < rates[4]


def test_history_is_complete_and_in_order(demo: tuple[Path, DemoSummary]) -> None:
    path = demo[0]
    first_events = query(
        path,
        "SELECT e.kind, COUNT(*) FROM deal_event e WHERE e.id = (SELECT MIN(id) FROM deal_event"
        " WHERE deal_id = e.deal_id) GROUP BY e.kind",
    )
    assert first_events == [("created", 300)]
    assert query(path, "SELECT COUNT(*) FROM deal_event WHERE kind = 'created'") == [(300,)]
    out_of_order = query(
        path,
        "SELECT COUNT(*) FROM deal_event a JOIN deal_event b ON a.deal_id = b.deal_id"
        " AND a.id < b.id AND a.at > b.at",
    )
    assert out_of_order == [(0,)]
    first, last = query(path, "SELECT MIN(at), MAX(at) FROM deal_event")[0]
    first_at, last_at = dt.datetime.fromisoformat(first), dt.datetime.fromisoformat(last)
    assert last_at - first_at > dt.timedelta(days=365)
    assert first_at >= NOW - dt.timedelta(days=550)
    assert last_at <= NOW
    closed = query(path, "SELECT MIN(closed_at), MAX(closed_at) FROM deal")[0]
    assert closed[0] >= str(NOW - dt.timedelta(days=550)) and closed[1] <= str(NOW)


def test_closing_data_follows_the_rules(demo: tuple[Path, DemoSummary]) -> None:
    path = demo[0]
    assert query(
        path,
        "SELECT COUNT(*) FROM deal d LEFT JOIN reason r ON r.id = d.reason_id"
        " WHERE d.status = 'rejected' AND (r.id IS NULL OR r.applies_to = 'accepted')",
    ) == [(0,)]
    assert query(
        path,
        "SELECT COUNT(*) FROM deal d JOIN reason r ON r.id = d.reason_id"
        " WHERE d.status = 'accepted' AND r.applies_to = 'rejected'",
    ) == [(0,)]
    assert query(
        path, "SELECT COUNT(*) FROM deal WHERE status = 'accepted' AND competitor <> ''"
    ) == [(0,)]
    named, lost = query(
        path, "SELECT SUM(competitor <> ''), COUNT(*) FROM deal WHERE status = 'rejected'"
    )[0]
    assert 0.25 < named / lost < 0.75


def test_reopened_corrected_overridden_and_deleted_deals(demo: tuple[Path, DemoSummary]) -> None:
    path = demo[0]
    reopened = "SELECT COUNT(*) FROM deal_event WHERE kind = 'status' AND new_value = 'open'"
    assert query(path, reopened)[0][0] > 0
    assert query(path, "SELECT COUNT(*) FROM deal WHERE deleted_at IS NOT NULL")[0][0] > 0
    overrides = (
        "SELECT COUNT(*) FROM deal WHERE status = 'open' AND probability_override IS NOT NULL"
    )
    assert query(path, overrides)[0][0] > 0
    notes = "SELECT COUNT(*) FROM deal_event WHERE kind = 'note'"
    assert query(path, notes)[0][0] > 0


def test_people_are_the_team(demo: tuple[Path, DemoSummary]) -> None:
    path = demo[0]
    owners = {row[0] for row in query(path, "SELECT DISTINCT owner FROM deal")}
    actors = {row[0] for row in query(path, "SELECT DISTINCT actor FROM deal_event")}
    assert owners <= {name for name, _, _ in TEAM}
    assert actors <= {login for _, login, _ in TEAM}
    assert len(owners) >= 6
    values = query(path, "SELECT MIN(value_cents), MAX(value_cents) FROM deal")[0]
    assert values[0] >= 100_00 and values[1] >= 50_000_00


def test_database_is_healthy(demo: tuple[Path, DemoSummary]) -> None:
    path = demo[0]
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    assert query(path, "PRAGMA foreign_key_check") == []
    assert query(path, "PRAGMA journal_mode") == [("wal",)]


def test_no_temporary_file_is_left_behind(folder: Path) -> None:
    build_demo(folder / "demo.sqlite", deals=20, now=NOW)
    assert sorted(p.name for p in folder.iterdir()) == ["demo.sqlite"]


def test_dutch_demo_has_dutch_phases_and_titles(tmp_path: Path) -> None:
    path = tmp_path / "nl.sqlite"
    build_demo(path, deals=40, lang="nl", now=NOW)
    phases = [row[0] for row in query(path, "SELECT name FROM phase ORDER BY position")]
    assert phases == ["Kennismaken", "Presenteren", "Voorstel", "Onderhandelen", "Opdracht"]
    sources = {row[0] for row in query(path, "SELECT DISTINCT source FROM deal")}
    assert sources & {"Aanbeveling", "Bestaande klant", "Beurs", "Aanbesteding", "Website"}
    assert query(path, "SELECT value FROM setting WHERE key = 'language'") == [("nl",)]


def test_existing_target_is_refused_and_left_alone(folder: Path) -> None:
    target = folder / "mine.sqlite"
    target.write_bytes(b"precious data")
    with pytest.raises(DatabaseError, match="already exists"):
        build_demo(target, deals=5, now=NOW)
    assert target.read_bytes() == b"precious data"
    assert sorted(p.name for p in folder.iterdir()) == ["mine.sqlite"]


def test_overwrite_replaces_the_target(folder: Path) -> None:
    target = folder / "demo.sqlite"
    build_demo(target, deals=5, seed=1, now=NOW)
    (folder / "demo.sqlite-wal").write_bytes(b"stale")  # must not be replayed onto the new file
    summary = build_demo(target, deals=12, seed=2, now=NOW, overwrite=True)
    assert summary.deals == 12
    assert sorted(p.name for p in folder.iterdir()) == ["demo.sqlite"]
    assert query(target, "SELECT COUNT(*) FROM deal") == [(12,)]


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        build_demo(tmp_path / "nowhere" / "demo.sqlite", deals=5, now=NOW)
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    ("deals", "lang"), [(-1, "en"), (MAX_DEALS + 1, "en"), (True, "en"), ("10", "en"), (5, "fr")]
)
def test_bad_arguments_are_refused(folder: Path, deals: object, lang: str) -> None:
    with pytest.raises(ValidationError):
        build_demo(folder / "demo.sqlite", deals=deals, lang=lang, now=NOW)  # type: ignore[arg-type]
    assert list(folder.iterdir()) == []


def test_an_interrupted_run_leaves_nothing_behind(folder: Path) -> None:
    def stop(done: int, total: int) -> None:
        if done >= 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_demo(folder / "demo.sqlite", deals=200, now=NOW, progress=stop)
    assert list(folder.iterdir()) == []


def test_progress_is_reported_about_every_hundred_deals(tmp_path: Path, demo_copy) -> None:
    # The build the tally test copies too (tests/models/conftest.py); any seed reports alike.
    demo_copy(tmp_path / "demo.sqlite", deals=250, seed=3, now=NOW)
    calls = demo_copy.progress(deals=250, seed=3, now=NOW)
    assert calls == [(0, 250), (100, 250), (200, 250), (250, 250)]


def test_zero_deals_gives_a_seeded_empty_database(tmp_path: Path) -> None:
    summary = build_demo(tmp_path / "demo.sqlite", deals=0, now=NOW)
    assert (summary.deals, summary.events) == (0, 0)
    assert query(tmp_path / "demo.sqlite", "SELECT COUNT(*) FROM phase") == [(5,)]


def test_the_open_database_stays_bound(tmp_path: Path) -> None:
    db = open_database(tmp_path / "own.sqlite")
    try:
        build_demo(tmp_path / "demo.sqlite", deals=10, now=NOW)
        assert database_proxy.obj is db
        assert Phase.select().count() == 5
    finally:
        db.close()
