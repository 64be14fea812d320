"""A Dutch session shows no English: every screen and dialog walked at 80×24 on a Dutch demo.

Each test opens the app in Dutch (``lang="nl"``) on a Dutch demo database, presses the real
keys to reach its screens and dialogs (help on each, scrolled to the end), and after every
step reads what the screen shows (toasts included) and looks for the app's own English words.
Which words those are is decided in ``tests/tui/english_words.py``, from the app's catalogs
and source, minus Dutch and user data; see its docstring for the rule. A failure lists per
step (screen or dialog) each English word with the line it stood on. The keys of each walk
are in ``tests/tui/dutch_screens.py``.

A sweep (tests/full_length.py): the default run walks the board, the detail screen, the
agenda and deleted deals, a read-only session, a vanished database and an empty database
(``SHORT_WALKS``); the dialogs of the board, the palette, the management and phase screens
are walked in CI's own step (``--run-heavy``). Their Dutch is also held by the screens' own
tests (test_screens_dutch.py, test_management_dutch.py, test_board_dutch.py).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from models.demo.build import build_demo
from models.domain.i18n import set_language
from models.operations import deals
from models.storage.database import open_database
from models.storage.schema import database_proxy
from tests.full_length import heavy
from tests.tui.conftest import FIXED_NOW, query
from tests.tui.dutch_screens import WALKS, empty_walk
from tests.tui.dutch_walk import (
    USER,
    run_walk,
)
from tests.tui.english_words import english_on_screen, english_words, user_data_words
from tui.cli.language import lang_notice_text


@pytest.fixture(scope="session")
def dutch_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Dutch demo database, built once a run: 80 deals of fixed seed and clock, one deleted.

    The xdist workers of one run share it (about a second of CPU to build; the README's run
    spreads these tests over all its workers): the first to need it builds it in the run's
    temporary directory while holding a lock, the others wait for that lock and use the file.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's directory, above each worker's own
    folder = root / "dutch-demo"
    folder.mkdir(exist_ok=True)
    path, built = folder / "demo.sqlite", folder / "built"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not built.exists():
            path.unlink(missing_ok=True)  # what a builder that failed half-way left
            build_demo(path, deals=80, seed=7, lang="nl", now=FIXED_NOW)
            open_database(path)
            sql = "SELECT id FROM deal WHERE status = 'open' ORDER BY id DESC LIMIT 1"
            [(deal_id,)] = query(path, sql)
            deals.delete_deal(deal_id, actor="sanne", at=FIXED_NOW - dt.timedelta(days=1))
            database_proxy.obj.close()
            built.touch()
    return path


@pytest.fixture
def dutch_db(dutch_demo: Path, tmp_path: Path) -> Path:
    """A copy of the Dutch demo for one test, opened for the app."""
    path = tmp_path / "demo.sqlite"
    # SQLite's backup, not a file copy: it takes what is still in the write-ahead log too.
    with closing(sqlite3.connect(dutch_demo)) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
    open_database(path)
    return path


# The walks of the default run; the others are full-length (the most keys, the most CPU).
SHORT_WALKS = frozenset({"board", "detail", "agenda-deleted", "read-only", "database-gone"})


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=() if n in SHORT_WALKS else heavy) for n in WALKS]
)
async def test_no_english_on_any_dutch_screen(
    dutch_db: Path,
    name: str,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Where the management screen's export writes: a short path without the test's name.
    monkeypatch.chdir(tmp_path_factory.mktemp("csv"))
    read_only, notices = name == "read-only", ()
    if read_only:  # also started as `--lang nl` on a database set to English: the notice
        open_database(dutch_db, read_only=True)
        set_language("nl")
        notices = (lang_notice_text("nl", "en"),)
    walk = await run_walk(dutch_db, WALKS[name], read_only=read_only, notices=notices)
    assert not walk.found, f"English on Dutch screens ({name}):\n{walk.report()}"
    assert len(walk.steps) > len(WALKS[name])  # the walk went where it meant to


def test_the_short_walks_are_walks() -> None:
    """A misspelt name would silently leave the default run without that walk."""
    assert set(WALKS) > SHORT_WALKS


async def test_no_english_on_an_empty_dutch_database(tmp_path: Path) -> None:
    """A new Dutch database (Dutch phases and reasons, no deals): every screen's empty state."""
    path = tmp_path / "leeg.sqlite"
    open_database(path, lang="nl")
    walk = await run_walk(path, [empty_walk])
    assert not walk.found, f"English on empty Dutch screens:\n{walk.report()}"
    assert len(walk.steps) > 10


def test_the_word_list_holds_the_apps_english_and_no_dutch(dutch_demo: Path) -> None:
    """The derived list catches the app's English words and lets Dutch and data through."""
    english = english_words(user_data_words(dutch_demo, extra=(USER,)))
    for word in ("board", "search", "save", "cancel", "phases", "reopen", "back", "add", "new"):
        assert word in english, word
    for word in ("opslaan", "annuleren", "zoeken", "deal", "status", "open", "kennismaken"):
        assert word not in english, word
    shown = "│ ? Help  ctrl+s Opslaan  enter Openen ▊"
    assert english_on_screen(shown, english) == [("Help", "? Help ctrl+s Opslaan enter Openen")]
    # Keys in lower case, a cut word and a file path are not judged; a description is.
    shown = "home Eerste  Install… →?  /tmp/board/new.csv  Won/lost  end End"
    assert [word for word, _line in english_on_screen(shown, english)] == ["Won", "lost", "End"]
