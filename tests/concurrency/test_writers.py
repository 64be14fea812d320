"""Many writers on one SQLite file, as real processes: no lost update, crash safety, backup, busy.

Each worker (``tests/concurrency/worker.py``) logs every acknowledged save durably after the
operation returned, with the version it produced and the history it must have written. The
checks compare those logs with the database: each save bumps ``version`` by exactly one, so a
deal's version must equal 1 + its acknowledged saves, and each version must belong to exactly
one acknowledged save. The heavy variants run with ``--run-heavy`` or ``DEALBOARD_HEAVY=1``.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections import Counter
from typing import Any

import pytest

from models.domain.errors import DatabaseBusy
from models.operations import deals
from models.storage import database, sqlite_file
from models.storage.database import open_database
from models.storage.maintenance import backup_database, check_database

from ..conftest import ACTOR, assert_readable, query_rows, table_snapshot
from ..full_length import heavy
from .conftest import (
    add_bulk_history,
    assert_dealboard_check,
    assert_healthy_file,
    committed_saves,
    deal_states,
    matches,
    read_log,
    replay,
    run_cli,
    spawn_worker,
    stop_all,
    wait_ready,
    wait_until,
)


def make_open_deals(count: int) -> list[int]:
    """Create ``count`` open deals through the operations; return their ids."""
    return [
        deals.create_deal(f"Shared deal {n}", actor=ACTOR, value="1000", note="start").id
        for n in range(count)
    ]


# ---------------------------------------------------------------- many writers, same deals


@pytest.mark.parametrize(
    ("processes", "edits"),
    [
        pytest.param(8, 60, id="quick-8x60"),
        pytest.param(8, 500, id="heavy-8x500", marks=heavy),
        pytest.param(16, 500, id="heavy-16x500", marks=heavy),
    ],
)
def test_concurrent_writers_lose_no_update(db, db_path, tmp_path, processes, edits):
    deal_ids = make_open_deals(3)
    before = deal_states(db_path, deal_ids)
    db.close()
    barrier = tmp_path / "go"
    workers = [
        spawn_worker(
            db_path,
            tmp_path / f"w{n}.log",
            n,
            "--deals",
            ",".join(map(str, deal_ids)),
            "--edits",
            str(edits),
            "--barrier",
            str(barrier),
        )
        for n in range(processes)
    ]
    try:
        wait_ready(workers)
        started = time.monotonic()
        barrier.touch()
        codes = [worker.finish(timeout=60 + edits * processes * 0.2) for worker in workers]
        seconds = time.monotonic() - started
    finally:
        stop_all(workers)

    lines = [line for worker in workers for line in worker.lines()]
    kinds = Counter(line["kind"] for line in lines)
    assert [line for line in lines if line["kind"] == "unhandled"] == []
    assert codes == [0] * processes
    assert kinds["done"] == processes
    acks = [line for line in lines if line["kind"] == "ack"]
    assert kinds["ack"] + kinds["conflict"] + kinds["busy"] == processes * edits

    # No lost update: each save bumps the version by one, so the version counts the saves.
    after = deal_states(db_path, deal_ids)
    saves = committed_saves(db_path, deal_ids)
    for deal_id in deal_ids:
        mine = [ack for ack in acks if ack["deal"] == deal_id]
        assert after[deal_id]["version"] == 1 + len(mine), f"deal {deal_id} lost an update"
        assert len({ack["version"] for ack in mine}) == len(mine), "two saves, one version"
        versions = sorted(version for (did, version) in saves if did == deal_id)
        assert versions == list(range(2, 2 + len(mine))), "two saves made the same version"
        for ack in mine:
            save = saves.get((deal_id, ack["version"]))
            assert save is not None and matches(save, ack), f"history does not show {ack}"
        expected = replay(before[deal_id], mine)
        assert after[deal_id] == {**expected, "version": 1 + len(mine)}

    conflicts = [line for line in lines if line["kind"] == "conflict"]
    assert conflicts, "no conflict was provoked: the test did not test compare-and-set"
    assert all(c["current"] > c["expected"] and c["changes"] >= 1 for c in conflicts)
    for busy in (line for line in lines if line["kind"] == "busy"):
        assert_readable(busy["message"])
    assert_healthy_file(db_path)
    assert_dealboard_check(db_path)
    print(
        f"\nwriters: {processes} processes × {edits} edits = {processes * edits} attempted,"
        f" {len(acks)} acknowledged, {len(conflicts)} conflicts, {kinds['busy']} busy,"
        f" lost updates: 0, {seconds:.1f} s"
    )


# ---------------------------------------------------------------- killed in the middle


@pytest.mark.parametrize(
    ("kills", "longest"),
    [
        pytest.param(10, 0.6, id="quick-10-kills"),
        pytest.param(100, 1.5, id="heavy-100-kills", marks=heavy),
    ],
)
def test_a_killed_writer_loses_no_acknowledged_save(db, db_path, tmp_path, kills, longest):
    deal_ids = make_open_deals(3)
    db.close()
    rng = random.Random(20261127)
    acked_total = unacked_total = 0
    started = time.monotonic()
    for run in range(kills):
        log = tmp_path / f"crash{run}.log"
        worker = spawn_worker(db_path, log, run, "--edits", "1000000", "--pause-ms", "0")
        try:
            wait_ready([worker])
            time.sleep(rng.uniform(0.05, longest))
            os.kill(worker.process.pid, signal.SIGKILL)
            code = worker.finish(timeout=30)
        finally:
            stop_all([worker])
        assert read_log(log, "unhandled") == []
        assert code == -signal.SIGKILL, "the writer ended before it was killed"

        assert_healthy_file(db_path)
        saves = committed_saves(db_path, deal_ids)
        acks = read_log(log, "ack")
        for ack in acks:
            save = saves.get((ack["deal"], ack["version"]))
            assert save is not None and matches(save, ack), f"run {run} lost {ack}"
        # At most the save in flight at the kill is in without its acknowledgement, whole.
        mine = {key: save for key, save in saves.items() if save["actors"] == {f"w{run}"}}
        unacked = set(mine) - {(ack["deal"], ack["version"]) for ack in acks}
        assert len(unacked) <= 1
        if unacked:
            (key,) = unacked
            last_try = read_log(log, "try")[-1]
            assert key[0] == last_try["deal"] and matches(
                mine[key], {**last_try, "actor": f"w{run}"}
            )
        acked_total += len(acks)
        unacked_total += len(unacked)
        versions = deal_states(db_path, deal_ids)
        for deal_id in deal_ids:  # no torn transaction: every version has its history
            made = sorted(version for (did, version) in saves if did == deal_id)
            assert made == list(range(2, versions[deal_id]["version"] + 1))

    assert acked_total > kills, "the writer was killed before it saved anything"
    reopened = open_database(db_path, create=False)
    try:
        deals.edit_deal(deal_ids[0], {"note": "after the kills"}, actor=ACTOR)
        assert check_database().healthy
    finally:
        reopened.close()
    assert_dealboard_check(db_path)
    print(
        f"\ncrash: {kills} SIGKILLs, integrity ok after each, {acked_total} acknowledged saves,"
        f" acknowledged saves lost: 0, committed just before a kill (unacknowledged): {unacked_total},"
        f" {time.monotonic() - started:.1f} s"
    )


# ---------------------------------------------------------------- backup while writing


@pytest.mark.parametrize(
    ("writers", "bulk"),
    [
        pytest.param(3, 60_000, id="quick-3-writers-16MB"),
        pytest.param(8, 400_000, id="heavy-8-writers-100MB", marks=heavy),
    ],
)
def test_backup_while_others_write(db, db_path, tmp_path, writers, bulk):
    deal_ids = make_open_deals(3)
    db.close()
    add_bulk_history(db_path, bulk)
    barrier, stop = tmp_path / "go", tmp_path / "stop"
    workers = [
        spawn_worker(
            db_path,
            tmp_path / f"w{n}.log",
            n,
            "--edits",
            "1000000",
            "--deals",
            ",".join(map(str, deal_ids)),
            "--barrier",
            str(barrier),
            "--stop",
            str(stop),
        )
        for n in range(writers)
    ]
    target = tmp_path / "backups" / "copy.sqlite"
    target.parent.mkdir()
    try:
        wait_ready(workers)
        barrier.touch()
        wait_until(
            lambda: all(len(w.lines("ack")) >= 10 for w in workers), 60, "the writers to save"
        )
        acked_before: list[dict[str, Any]] = [a for w in workers for a in w.lines("ack")]
        started = time.monotonic()
        result = run_cli("backup", str(target), "--db", str(db_path), timeout=30)
        seconds = time.monotonic() - started
        acked_during = sum(len(w.lines("ack")) for w in workers) - len(acked_before)
        stop.touch()
        codes = [worker.finish(timeout=60) for worker in workers]
    finally:
        stop.touch()
        stop_all(workers)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Backup written and verified"), result.stdout
    assert acked_during > 0, "nobody wrote while the backup ran"
    assert [line for w in workers for line in w.lines("unhandled")] == []
    assert codes == [0] * writers
    assert_healthy_file(target)
    saves = committed_saves(target, deal_ids)
    for ack in acked_before:  # everything saved before the backup started is in it
        save = saves.get((ack["deal"], ack["version"]))
        assert save is not None and matches(save, ack)
    versions = deal_states(target, deal_ids)
    for deal_id in deal_ids:  # one consistent moment: each version with its whole history
        made = sorted(version for (did, version) in saves if did == deal_id)
        assert made == list(range(2, versions[deal_id]["version"] + 1))
    assert_dealboard_check(target)
    assert_dealboard_check(db_path)
    size = target.stat().st_size / 1e6
    print(
        f"\nbackup: {size:.0f} MB in {seconds:.1f} s while {writers} writers saved {acked_during}"
    )


def test_saves_between_backup_steps_do_not_restart_the_backup(db, db_path, tmp_path):
    """Another connection commits after every step: the copy still finishes in one pass."""
    (deal_id,) = make_open_deals(1)
    add_bulk_history(db_path, 20_000)  # about 6 MB: six steps of 256 pages (1 MB)
    other = sqlite3.connect(db_path, isolation_level=None)  # someone else's session
    done: list[int] = []

    def save_between_steps(copied: int, total: int) -> None:
        done.append(copied)
        if len(done) > 200:
            raise AssertionError("the backup keeps restarting while others save")
        other.execute("BEGIN IMMEDIATE")  # would wait, and fail, if the backup blocked writers
        other.execute(
            "UPDATE deal SET note = ?, version = version + 1 WHERE id = ?",
            (f"s{len(done)}", deal_id),
        )
        other.execute(
            "INSERT INTO deal_event (deal_id, at, actor, kind, field, new_value, version)"
            " SELECT id, '2026-01-01 00:00:00', 'other', 'note', 'note', note, version"
            " FROM deal WHERE id = ?",
            (deal_id,),
        )
        other.execute("COMMIT")

    try:
        counts = backup_database(tmp_path / "copy.sqlite", progress=save_between_steps)
    finally:
        other.close()
    assert len(done) >= 5, "the file is too small to need several steps"
    assert done == sorted(set(done)), f"the backup restarted: {done}"
    copy = query_rows(tmp_path / "copy.sqlite", "SELECT note, version FROM deal")
    assert copy == [{"note": "start", "version": 1}], "the copy is not the moment it started"
    assert counts["deal_event"] == 20_001
    assert deal_states(db_path, [deal_id])[deal_id]["version"] == 1 + len(done)


# ---------------------------------------------------------------- a database kept busy


def test_a_lock_held_too_long_is_reported_and_the_input_kept(db, db_path, monkeypatch):
    (deal_id,) = make_open_deals(1)
    db.close()
    monkeypatch.setattr(sqlite_file, "BUSY_TIMEOUT_MS", 150)
    monkeypatch.setattr(database, "BUSY_RETRIES", 3)
    opened = open_database(db_path, create=False)  # the timeout is set when opening
    blocker = sqlite3.connect(db_path, isolation_level=None)
    typed = {"note": "Called back, wants a quote", "value": "4200.00"}
    try:
        before = table_snapshot(db_path)
        blocker.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as caught:
            deals.edit_deal(deal_id, typed, actor=ACTOR, expect_version=1)
        waited = time.monotonic() - started
        assert_readable(str(caught.value))
        assert "busy" in str(caught.value) and "Nothing was saved" in str(caught.value)
        assert 3 * 0.15 <= waited < 3 * 0.15 + 3, "not retried a bounded number of times"
        assert table_snapshot(db_path) == before
        assert typed == {"note": "Called back, wants a quote", "value": "4200.00"}
        blocker.execute("ROLLBACK")
        saved = deals.edit_deal(deal_id, typed, actor=ACTOR, expect_version=1)
        assert (saved.version, saved.note, saved.value_cents) == (2, typed["note"], 420000)
    finally:
        blocker.close()
        opened.close()


@heavy
def test_the_command_line_says_busy_after_the_real_timeout(db, db_path):
    (deal_id,) = make_open_deals(1)
    db.close()
    blocker = sqlite3.connect(db_path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        result = run_cli("deal", "edit", str(deal_id), "--note", "typed", "--db", str(db_path))
        waited = time.monotonic() - started
        blocker.execute("ROLLBACK")
    finally:
        blocker.close()
    assert result.returncode == 1
    assert result.stderr.startswith("dealboard: The database is busy"), result.stderr
    assert "Traceback" not in result.stderr
    limit = database.BUSY_RETRIES * database.BUSY_TIMEOUT_MS / 1000
    assert limit <= waited < limit + 10
    again = run_cli("deal", "edit", str(deal_id), "--note", "typed", "--db", str(db_path))
    assert again.returncode == 0, again.stderr
    assert deal_states(db_path, [deal_id])[deal_id]["note"] == "typed"
    print(f"\nbusy: the command line gave up after {waited:.1f} s and said so")
