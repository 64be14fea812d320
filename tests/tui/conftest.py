"""Fixtures for app tests: a small fixed pipeline, a fixed clock, and pilot helpers."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import textual.app as textual_app
from textual.worker import WorkerCancelled, WorkerState

from models.domain.i18n import set_language
from models.operations import deals
from models.storage import database as database_module
from models.storage.database import open_database
from models.storage.schema import database_proxy
from tests import textual_speed
from tui.app import DealboardApp
from tui.poll import POLL_SECONDS

REPOSITORY = Path(__file__).resolve().parents[2]  # where a fresh interpreter starts
FIXED_NOW = dt.datetime(2026, 11, 27, 9, 0)


def at(days_ago: float) -> dt.datetime:
    """A moment ``days_ago`` days before the fixed clock."""
    return FIXED_NOW - dt.timedelta(days=days_ago)


@pytest.fixture(autouse=True)
def utc_timezone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show times in UTC so screens do not depend on the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.delenv("TZ", raising=False)
    time.tzset()


@pytest.fixture(autouse=True)
def paint_frames(request: pytest.FixtureRequest) -> Iterator[None]:
    """Paint every frame for a test marked ``paints_frames`` (tests/textual_speed.py)."""
    if request.node.get_closest_marker("paints_frames") is None:
        yield
        return
    textual_speed.PAINT_FRAMES = True
    try:
        yield
    finally:
        textual_speed.PAINT_FRAMES = False


def build_pipeline(path: Path) -> None:
    """A small pipeline with every kind of card: override, overdue, stale, won, lost."""
    open_database(path)
    add = deals.create_deal
    add(
        "Website redesign",
        actor="anna",
        organization="Gemeente Utrecht",
        owner="Anna",
        value="12500",
        phase="Proposal",
        expected_close="2026-12-15",
        at=at(20),
    )
    erp = add(
        "ERP implementation",
        actor="bram",
        organization="Nordwind GmbH",
        owner="Bram",
        value="85000",
        phase="Negotiation",
        expected_close="2027-02-01",
        at=at(40),
    )
    deals.edit_deal(erp.id, {"probability_override": 60}, actor="bram", at=at(10))
    add(
        "Support contract",
        actor="anna",
        organization="Brightline Ltd",
        owner="Anna",
        value="4800",
        phase="Introduction",
        expected_close="2026-10-01",
        at=at(5),
    )
    add(
        "Cloud migration",
        actor="chris",
        organization="Van der Berg B.V.",
        owner="Chris",
        value="42000",
        phase="Presentation",
        expected_close="2027-01-10",
        at=at(90),
    )
    add(
        "Training days",
        actor="anna",
        organization="Acme",
        owner="Anna",
        value="3000",
        phase="Order",
        at=at(3),
    )
    won = add(
        "Intranet",
        actor="bram",
        organization="Stichting Noord",
        owner="Bram",
        value="20000",
        phase="Proposal",
        at=at(60),
    )
    deals.accept_deal(won.id, actor="bram", reason="Best price", at=at(2))
    lost = add(
        "Data platform",
        actor="chris",
        organization="Polder Data",
        owner="Chris",
        value="60000",
        phase="Negotiation",
        at=at(80),
    )
    deals.reject_deal(
        lost.id, actor="chris", reason="Price too high", competitor="Datalux", at=at(7)
    )
    database_proxy.obj.close()


@pytest.fixture(scope="session")
def pipeline_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small pipeline built once per worker, in English and UTC as the tests run.

    Building it (a new database, its migrations and a dozen operations) for each of some 250
    app tests cost about 45 ms of CPU and 100 ms of waiting for the disk each; ``db_file``
    copies this file instead (``test_pipeline_template.py`` holds the copy to a new build).
    """
    path = tmp_path_factory.mktemp("pipeline") / "pipeline.sqlite"
    saved = (database_proxy.obj, database_module._info)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        set_language("en")
        try:
            build_pipeline(path)
        finally:
            database_proxy.initialize(saved[0])
            database_module._info = saved[1]
    time.tzset()
    beside = sorted(p.name for p in path.parent.iterdir() if p != path)
    assert not beside, f"the pipeline left {beside} beside it; a copy of the file would lack them"
    return path


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline_template: Path) -> Path:
    """A database file with the small pipeline (a copy of ``pipeline_template``), opened."""
    monkeypatch.delenv("DEALBOARD_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = tmp_path / "pipeline.sqlite"
    shutil.copy(pipeline_template, path)  # copy, not copyfile: the file's mode too
    open_database(path)
    return path


@pytest.fixture
def make_app(db_file: Path) -> Callable[..., DealboardApp]:
    """Build the app on the test database with a fixed clock."""

    def factory(
        *, read_only: bool = False, user: str = "tester", live_refresh: float | None = POLL_SECONDS
    ) -> DealboardApp:
        if read_only:
            open_database(db_file, read_only=True)
        return DealboardApp(
            user=user, read_only=read_only, clock=lambda: FIXED_NOW, live_refresh=live_refresh
        )

    return factory


def fresh_python(code: str, *, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter in the repository, as a user starts dealboard.

    No ``DEALBOARD_*`` variable of the test run (a test server's URL, a database) reaches
    it; ``config``, when given, is the configuration file it reads (a missing one: not
    /etc/dealboard.toml).
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("DEALBOARD_")}
    if config is not None:
        env["DEALBOARD_CONFIG"] = str(config)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        timeout=120,
        check=False,
    )


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    """Read the database through a separate connection, as support staff would."""
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


async def wait_for_workers(app: DealboardApp) -> None:
    """Wait until every worker is done.

    A worker cancelled while it is waited for (an exclusive worker replaced by a newer one,
    such as the suggestions a form loads) counts as done: Textual raises ``WorkerCancelled``
    from the wait, so wait again for the others. A failed worker still fails the test.
    """
    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


# Workers the app has not seen finish yet.
UNFINISHED = (WorkerState.PENDING, WorkerState.RUNNING)
# Rounds ``settle`` takes at most after its first three while the app still owes work.
MORE_ROUNDS = 10


def pending_work(app: DealboardApp) -> str | None:
    """What the app still has to do before its screen is final, or None when it has nothing.

    A worker not finished, a layout, scroll, repaint, recompose or after-refresh callback the
    screen still owes, or a message or callback queued at the app or at any node of any
    screen on the stack. An animation (a scroll gliding, a tab's underline) is not waited
    for, as ``settle`` does not wait for one either. (Textual's own
    names; an upgrade that renames one makes every walk fail here, not pass unsettled.)
    """
    if any(worker.state in UNFINISHED for worker in app.workers):
        return "a worker"
    screen = app.screen
    owed = (screen._layout_required, screen._scroll_required, screen._repaint_required)
    if any(owed) or screen._recompose_required or screen._callbacks or screen._dirty_widgets:
        return f"{type(screen).__name__}'s refresh"
    nodes = [
        app,
        *(node for each in app.screen_stack for node in each.walk_children(with_self=True)),
    ]
    for node in nodes:
        queue = node._message_queue
        if not queue.empty() or node._pending_message is not None or node._next_callbacks:
            return f"{type(node).__name__}'s messages"
    return None


async def settle(pilot, app: DealboardApp) -> None:
    """Wait until every database worker is done and the screen has caught up.

    Three rounds of: wait for every worker, then the pilot's pause. The pause decides that
    the app is idle when it used little CPU for a few milliseconds, which on a loaded machine
    can happen while work is still queued (the process simply got no CPU), so more rounds
    follow while ``pending_work`` names something (up to ``MORE_ROUNDS``).
    """
    for _ in range(3):
        await wait_for_workers(app)
        await pilot.pause()
    for _ in range(MORE_ROUNDS):
        if pending_work(app) is None:
            return
        await wait_for_workers(app)
        await pilot.pause()


async def _yield_only(min_sleep: float = 0, max_sleep: float = 1) -> None:
    """Stands in for Textual's idle wait between the keys of one burst."""
    await asyncio.sleep(0)


async def type_text(pilot, text: str) -> None:
    """Type text key by key, as a person would: one key event per character, in order.

    One ``press`` call for the whole text, sent as one burst, as a terminal delivers a fast
    typist's keys: each is still a real key event that the app dispatches to the focused
    widget in order, but the pilot waits for the app to settle once, after the last key,
    instead of twice per key (Textual's pilot waits until the process is idle, at least
    40 ms, after every key it presses). For characters typed into one focused field only:
    a key that moves the focus must be pressed on its own (``pilot.press``).
    """
    if not text:
        return
    keys = ["space" if char == " " else char for char in text]
    idle = textual_app.wait_for_idle  # what Pilot.press (App._press_keys) waits with
    textual_app.wait_for_idle = _yield_only
    try:
        await pilot.press(*keys)
    finally:
        textual_app.wait_for_idle = idle
    await pilot.pause()  # every key of the burst handled, the screen caught up


def screen_text(app: DealboardApp) -> str:
    """Everything the screen (with any modal on top) shows now, plus current notifications."""
    # The compositor is internal, but it is the one place that knows the final picture;
    # toasts live outside it, so their messages are appended.
    strips = app.screen._compositor.render_strips()
    toasts = [notification.message for notification in app._notifications]
    return "\n".join([*(strip.text for strip in strips), *toasts])
