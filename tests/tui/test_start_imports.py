"""What starting the app imports before the board first shows its cards (docs/performance.md).

Each test starts ``dealboard --db FILE`` the way a user does (``tui.launch.main`` in a fresh
interpreter), with Textual run headless; once the board holds its first cards the child
prints which of the watched modules it has imported. Forms, modals, the other screens and the
PostgreSQL driver are imported only when first used: each costs start-up time on every run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.tui.conftest import fresh_python

# Not needed to show the board's first cards: each is imported when first used.
NOT_AT_START = (
    "psycopg2",  # peewee imports it whenever installed; an SQLite run never needs it
    "playhouse.migrations",  # only to migrate: an up-to-date database is checked without it
    "tomllib",  # only to read a configuration file, and there is none here
    "tui.commands",  # the command palette's providers: when the palette opens
    "tui.deal_actions",
    "tui.modals.form",
    "tui.modals.confirm",
    "tui.modals.owner_picker",
    "tui.widgets.deal_table",  # the list view's table: mounted when the list is first shown
    "textual.widgets._data_table",
    "tui.screens.detail",
    "tui.screens.management",
    "tui.screens.phases",
    "tui.screens.agenda",
    "tui.screens.deleted",
    "tui.screens.help",
    "models.operations.deals",
    "models.queries.board_changes",  # live refresh's: at its first look, after the first frame
    "babel",  # the first frame's signs, months and percentages: models/domain/locale_facts.py
)
# Imported on the way, so the child did reach the board through the real entry point.
AT_START = ("peewee", "tui.launch", "tui.app", "tui.screens.board")

CHILD = """
import sys
from textual.app import App

WATCHED = {watched!r}
stock_run = App.run


async def report_at_first_cards(pilot):
    from tui import start_gc

    for _ in range(2000):
        data = getattr(pilot.app.screen, "data", None)
        # The collector's pause ends once the frame with the first cards is drawn.
        if data is not None and data.columns and not start_gc.paused():
            break
        await pilot.pause(0.01)
    # A None entry is a module marked unavailable (the PostgreSQL driver on SQLite).
    loaded = [name for name in WATCHED if sys.modules.get(name) is not None]
    print("LOADED", ",".join(loaded), flush=True)
    pilot.app.exit()


def headless_run(self, **kwargs):
    return stock_run(self, headless=True, size=(80, 24), auto_pilot=report_at_first_cards)


App.run = headless_run
from tui.launch import main

sys.exit(main(["--db", {db!r}, "--user", "tester", *{extra!r}]))
"""


def start_until_first_cards(db: Path, *extra: str) -> list[str]:
    """Start the app on ``db`` (``extra`` words after ``--db``) in a fresh interpreter.

    Return the watched modules it had imported once the board held its first cards.
    """
    code = CHILD.format(watched=NOT_AT_START + AT_START, db=str(db), extra=list(extra))
    # As a user starts it: no test server's URL (DEALBOARD_TEST_PG_URL) in the environment.
    result = fresh_python(code, config=db.parent / "no-such-config.toml")
    lines = [line for line in result.stdout.splitlines() if line.startswith("LOADED")]
    assert result.returncode == 0 and lines, result.stdout[-2000:] + result.stderr[-2000:]
    return [name for name in lines[-1].removeprefix("LOADED").strip().split(",") if name]


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Path:
    """A new database file, as ``dealboard init`` leaves it."""
    path = tmp_path / "start.sqlite"
    shutil.copyfile(sqlite_template, path)
    return path


def test_the_board_shows_its_first_cards_before_forms_other_screens_or_postgres(sqlite_db):
    loaded = start_until_first_cards(sqlite_db)
    assert set(AT_START) <= set(loaded)
    assert [name for name in loaded if name in NOT_AT_START] == []


@pytest.mark.parametrize("language", ["en", "nl"])
def test_cards_with_amounts_and_dates_are_written_without_babel(
    pipeline_template: Path, tmp_path: Path, language: str
) -> None:
    # Amounts, close dates and phase probabilities on every card and header of the first
    # frame, in both languages: written from models/domain/locale_facts.py.
    db = tmp_path / "pipeline.sqlite"
    shutil.copy(pipeline_template, db)
    loaded = start_until_first_cards(db, "--lang", language)
    assert "tui.screens.board" in loaded
    assert not [name for name in loaded if name.startswith("babel")]
