"""Corpus values on every screen at 80x24: shown literally, never sent to the terminal raw.

One database holds the whole corpus: as deal titles, organizations, contacts, owners,
sources and notes, and as phase and reason names. Values the operations accept go in
through them; the ones they refuse are written with raw SQL, as another client could
(lone surrogates cannot be stored in SQLite at all). Then one app run per screen pages
through the board, the list view, the detail screen, the phase configuration, the help and
the command palette, and every rendered line is checked: exactly 80 cells (rich's
``cell_len``), no C0/C1 control character and no bidi override, no error notification, and
markup-looking values appear as typed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from models import deals, phases, reasons
from models.database import open_database
from models.errors import DealboardError
from models.schema import database_proxy
from tests.hostile.corpus import BIDI_CONTROLS, BY_ID, NAME, TEXT, Hostile, aimed_at
from tests.tui.conftest import FIXED_NOW, screen_text, settle, type_text
from tests.tui.conftest import make_app as make_app  # the app on ``db_file`` below
from tests.tui.conftest import utc_timezone as utc_timezone  # autouse: times shown in UTC
from tui.output import printable
from tui.screens.detail import DealScreen
from tui.screens.phases import PhasesScreen
from tui.widgets.board_view import BoardView
from tui.widgets.card_list import CARD_HEIGHT
from tui.widgets.deal_table import DealTable
from tui.widgets.report_view import SECTIONS as REPORT_SECTIONS

WIDTH, HEIGHT = 80, 24
SECTIONS = len(REPORT_SECTIONS)
FIELDS = ("title", "organization", "contact", "owner", "source", "note")
# Phases with hostile names that stay active, so the board shows them as columns.
ACTIVE_PHASES = ("markup-bold", "ansi-red", "bidi-override", "wide-many")
# Reasons (as stored: trimmed) deals are lost for, shown in the detail screen's picker.
LOST_FOR = (
    "markup-close-all",
    "markup-bold",
    "markup-closer-first",
    "markup-click-quit",
    "markup-variable",
    "markup-lone-open",
    "ansi-red",
    "osc8-hyperlink",
    "bidi-override",
    "zwj-between-letters",
    "len-101",
    "long-wide-250",
    "emoji-family-zwj",
)

# Every text value that can be stored at all (SQLite keeps UTF-8; a lone surrogate is not).
TEXTS = [entry for entry in aimed_at(TEXT) if not entry.has_surrogate]
NAMES = [entry for entry in aimed_at(NAME) if not entry.has_surrogate]
# Deal k shows TEXTS[k], TEXTS[k + N] and TEXTS[k + 2N] on its card (title, organization,
# owner), so N deals put every value on the board; the other fields are shifted by N / 2.
N = -(-len(TEXTS) // 3)
SHIFTS = {"title": 0, "organization": N, "owner": 2 * N, "contact": N // 2}
SHIFTS |= {"source": N + N // 2, "note": 2 * N + N // 2}


def value_of(deal: int, name: str) -> Hostile:
    return TEXTS[(deal + SHIFTS[name]) % len(TEXTS)]


@dataclass
class Hostiles:
    """What the database holds and where each value went."""

    path: Path
    deal_ids: list[int] = field(default_factory=list)
    lost_for: dict[int, str] = field(default_factory=dict)  # deal id: its hostile reason
    stuck_id: int = 0  # lost in the archived phase "[/]": reopening it is refused
    refused: list[str] = field(default_factory=list)  # "what id": written by raw SQL
    impossible: list[str] = field(default_factory=list)  # even the schema refuses them
    stored: dict[int, dict[str, str]] = field(default_factory=dict)  # deal id: its fields
    names: list[str] = field(default_factory=list)  # phase and reason names as stored

    def read_back(self) -> None:
        """What the database holds now, read through a separate connection."""
        connection = sqlite3.connect(self.path)
        try:
            for row in connection.execute(f"SELECT id, {', '.join(FIELDS)} FROM deal"):
                self.stored[row[0]] = dict(zip(FIELDS, row[1:], strict=True))
            self.names = [
                row[0]
                for row in connection.execute(
                    "SELECT name FROM phase UNION SELECT name FROM reason"
                )
            ]
        finally:
            connection.close()

    def shown(self, *names: str) -> list[str]:
        """These fields of every open deal, as stored."""
        return [self.stored[deal_id][name] for deal_id in self.deal_ids for name in names]


def _raw(path: Path, hostiles: Hostiles, what: str, sql: str, *params: object) -> None:
    """Write as another client would; the schema's own checks may still refuse."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(sql, params)
        hostiles.refused.append(what)
    except sqlite3.IntegrityError:
        hostiles.impossible.append(what)
    finally:
        connection.close()


def build(path: Path) -> Hostiles:
    """Fill a fresh database with the corpus; refused values by raw SQL afterwards."""
    hostiles = Hostiles(path)
    database = open_database(path)
    database.execute_sql("PRAGMA synchronous=OFF")
    later: list[tuple[str, str, str, object]] = []
    phase_ids = []
    for entry in NAMES:
        try:
            phase = phases.add_phase(entry.value, 30)
            if entry.id not in ACTIVE_PHASES:
                phases.archive_phase(phase.id)
            else:
                phase_ids.append(phase.id)
        except DealboardError:
            archived = entry.id not in ACTIVE_PHASES
            later.append(("phase", entry.id, entry.value, archived))
        try:
            reasons.add_reason(entry.value, "both")
        except DealboardError:
            later.append(("reason", entry.id, entry.value, None))
    board_phases = [1, 2, 3, 4, 5, *phase_ids]
    stamp = FIXED_NOW - dt.timedelta(days=1)
    for index in range(N):
        deal = deals.create_deal(
            f"Deal {index}", actor="tester", phase=board_phases[index % len(board_phases)], at=stamp
        )
        hostiles.deal_ids.append(deal.id)
        for name in FIELDS:
            entry = value_of(index, name)
            try:
                deals.edit_deal(deal.id, {name: entry.value}, actor="tester", at=FIXED_NOW)
            except DealboardError:
                later.append((name, entry.id, entry.value, deal.id))
    database.close()
    for kind, ident, value, extra in later:
        what = f"{kind} {ident}"
        if kind == "phase":
            _raw(
                path,
                hostiles,
                what,
                "INSERT INTO phase (name, probability, position, archived)"
                " VALUES (?, 30, (SELECT MAX(position) + 1 FROM phase), ?)",
                value,
                int(bool(extra)),
            )
        elif kind == "reason":
            _raw(
                path,
                hostiles,
                what,
                "INSERT INTO reason (name, applies_to, archived) VALUES (?, 'both', 0)",
                value,
            )
        else:
            _raw(path, hostiles, what, f"UPDATE deal SET {kind} = ? WHERE id = ?", value, extra)
            # The history another client might leave behind, too.
            _raw(
                path,
                hostiles,
                f"event {ident}",
                "INSERT INTO deal_event (deal_id, at, actor, kind, field, old_value, new_value)"
                " VALUES (?, ?, ?, 'field', ?, '', ?)",
                extra,
                str(FIXED_NOW),
                value[:200],  # another client's idea of who did it
                kind,
                value,
            )
    # Deals lost for a reason with a hostile name (the raw ones included, by id), each with a
    # hostile competitor and closing note too.
    open_database(path).execute_sql("PRAGMA synchronous=OFF")
    connection = sqlite3.connect(path)
    wanted = {BY_ID[ident].value for ident in LOST_FOR}
    reason_ids = {
        row[0]: row[1]
        for row in connection.execute("SELECT id, name FROM reason")
        if row[1] in wanted
    }
    connection.close()
    for number, (reason_id, reason_name) in enumerate(reason_ids.items()):
        deal = deals.create_deal(f"Lost {number}", actor="tester", at=stamp)
        rival, note = TEXTS[number * 7 % len(TEXTS)].value, TEXTS[number * 11 % len(TEXTS)].value
        try:
            deals.reject_deal(
                deal.id, actor="tester", reason=reason_id, competitor=rival, note=note
            )
        except DealboardError:
            deals.reject_deal(deal.id, actor="tester", reason=reason_id)
        hostiles.lost_for[deal.id] = reason_name
    closer = BY_ID["markup-close-all"].value
    phases.unarchive_phase(closer)
    stuck = deals.create_deal("Stuck", actor="tester", phase=closer, at=stamp)
    deals.reject_deal(stuck.id, actor="tester", reason="Price too high")
    phases.archive_phase(closer)
    hostiles.stuck_id = stuck.id
    database_proxy.obj.close()
    hostiles.read_back()
    return hostiles


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Hostiles:
    """The corpus database, built once for the module (the tests only read it)."""
    return build(tmp_path_factory.mktemp("hostile-display") / "hostile.sqlite")


@pytest.fixture
def db_file(hostile_file: Hostiles) -> Path:
    """The database ``make_app`` opens: the corpus one."""
    open_database(hostile_file.path)
    return hostile_file.path


# -- what every picture must satisfy ------------------------------------------------------


def is_forbidden(char: str) -> bool:
    """A character that must never reach the terminal raw."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS


class Screens:
    """Looks at each picture the app draws and collects what is wrong with it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.problems: list[str] = []
        self.seen: list[str] = []

    def look(self, where: str) -> str:
        """Check the current picture; return its text."""
        assert self.app.is_running, f"{where}: the app stopped"
        lines = [strip.text for strip in self.app.screen._compositor.render_strips()]
        if len(lines) != HEIGHT:
            self.problems.append(f"{where}: {len(lines)} lines instead of {HEIGHT}")
        for row, line in enumerate(lines):
            width = cell_len(line)
            if width != WIDTH:
                self.problems.append(f"{where}, line {row}: {width} cells: {line!r}")
            bad = sorted({char for char in line if is_forbidden(char)})
            if bad:
                self.problems.append(f"{where}, line {row}: raw {bad!r} in {line!r}")
        for notification in self.app._notifications:
            if notification.markup:  # messages quote user text: never parsed as markup
                self.problems.append(f"{where}: a markup notification {notification.message!r}")
            if notification.severity == "error" or "Unexpected" in (notification.title or ""):
                self.problems.append(f"{where}: error shown: {notification.message!r}")
            if any(is_forbidden(char) for char in notification.message):
                self.problems.append(f"{where}: raw control in {notification.message!r}")
        text = screen_text(self.app)
        self.seen.append(text)
        return text

    def missing(self, values: list[str], width: int) -> list[str]:
        """The stored values whose start (as shown: escaped, cut to ``width``) appeared nowhere."""
        everything = "\n".join(self.seen)
        gone = []
        for value in values:
            shown = printable(value).strip()
            head = shown[: max(width - 1, 1)]
            while cell_len(head) > width - 1:
                head = head[:-1]
            head = head.strip()
            if head and head not in everything:
                gone.append(repr(head))
        return gone

    def verdict(self) -> None:
        assert not self.problems, "\n".join(self.problems[:40])


async def quick_settle(pilot: Any, app: Any) -> None:
    """Wait for the database workers and one refresh (``settle`` waits three times)."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def page_through(pilot: Any, screens: Screens, widget: Any, rows: int, where: str) -> None:
    """Look at every page of a scrolling widget holding ``rows`` lines, pressing pagedown."""
    visible = max(widget.scrollable_content_region.height - 1, 1)  # a table's header row
    for page in range(-(-rows // visible) + 1):
        screens.look(f"{where}, page {page}")
        await pilot.press("pagedown")


def literal(values: list[str], width: int) -> list[str]:
    """Markup-looking and escape-looking values that fit in ``width`` cells whole."""
    return [
        value
        for value in values
        if ("[" in value or "\x1b" in value or "%" in value)
        and cell_len(printable(value)) <= width
        and "\n" not in value
        and value.strip()
    ]


# -- the board and the list view ----------------------------------------------------------


async def test_board_and_list_show_every_value_as_typed(
    make_app: Callable[..., Any], hostile_file: Hostiles
) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        screens = Screens(app)
        board = app.screen.query_one(BoardView)
        assert len(board.lists) == 5 + len(ACTIVE_PHASES)
        for column, card_list in enumerate(board.lists):
            pages = -(-len(card_list.cards) * CARD_HEIGHT // card_list.size.height) + 1
            for page in range(pages):
                screens.look(f"board column {column} page {page}")
                await pilot.press("pagedown")
            await pilot.press("right")
        # Columns are 14 cells wide, cards 11: short values are seen whole.
        assert not screens.missing([BY_ID[name].value for name in ACTIVE_PHASES], 11)
        gone = screens.missing(
            literal(hostile_file.shown("title", "organization", "owner"), 10), 10
        )
        assert not gone, "not shown as typed on the board:\n" + "\n".join(gone)

        screens.seen.clear()
        await pilot.press("t")
        await settle(pilot, app)
        table = app.screen.query_one(DealTable)
        assert table.row_count == N
        await pilot.press("home")
        await page_through(pilot, screens, table, N, "list view")
        # At 80 columns the list shows the title (22 cells) and the organization (14); the
        # owner is scrolled off to the right.
        gone = screens.missing(literal(hostile_file.shown("title"), 20), 20)
        assert not gone, "not shown as typed in the list:\n" + "\n".join(gone)
        gone = screens.missing(hostile_file.shown("title", "organization"), 12)
        assert not gone, "not shown in the list:\n" + "\n".join(gone)
        screens.verdict()


# -- the detail screen --------------------------------------------------------------------


async def test_detail_screen_shows_every_field_escaped(
    make_app: Callable[..., Any], hostile_file: Hostiles
) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DealScreen)
        screens = Screens(app)
        # Deals 0 .. N/2 carry every value in one of their six fields; the screen is
        # reloaded for each (as after a save) instead of opened anew, which is slow.
        for index in range(N // 2 + 1):
            screen.deal_id = hostile_file.deal_ids[index]
            screen.load()
            await quick_settle(pilot, app)
            screens.look(f"detail of deal {index}")
            stored = hostile_file.stored[screen.deal_id]
            for name in ("title", "organization", "contact", "owner", "source"):
                for gone in screens.missing([stored[name]], 20):
                    screens.problems.append(f"deal {index}: {name} {gone} not shown")
            screens.seen.clear()
        # Lost deals show their reason in the picker's label, competitor and closing note.
        assert len(hostile_file.lost_for) == len(LOST_FOR)
        for deal_id, reason in hostile_file.lost_for.items():
            screen.deal_id = deal_id
            screen.load()
            await quick_settle(pilot, app)
            screens.look(f"detail of lost deal #{deal_id}")
            for gone in screens.missing([reason], 20):
                screens.problems.append(f"lost deal #{deal_id}: reason {gone} not shown")
            screens.seen.clear()
        screens.verdict()
        # Reopening a deal lost in the archived phase "[/]" is refused with a message that
        # quotes the name: as text, not as markup (which would crash the notification).
        screen.deal_id = hostile_file.stuck_id
        screen.load()
        await quick_settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        await pilot.press("y")
        await settle(pilot, app)
        refusals = [n for n in app._notifications if n.severity == "error"]
        assert len(refusals) == 1 and "phase '[/]', which is archived" in refusals[0].message
        assert not refusals[0].markup and app.is_running
        app.clear_notifications()
        screens.look("after the refused reopen")
        # A title with an escape sequence in the delete question is escaped too.
        deal_id = next(
            deal_id
            for deal_id in hostile_file.deal_ids
            if "\x1b[2J" in hostile_file.stored[deal_id]["title"]
        )
        screen.deal_id = deal_id
        screen.load()
        await quick_settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        assert "\\x1b[2J" in screens.look("delete question")
        await pilot.press("escape")
        await settle(pilot, app)
        screens.verdict()


# -- phases, reasons, help ----------------------------------------------------------------


async def test_phase_screen_lists_every_name_escaped(
    make_app: Callable[..., Any], hostile_file: Hostiles
) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PhasesScreen)
        screens = Screens(app)
        for kind in ("phase", "reason"):
            table = app.screen.query_one(f"#{kind}-table", DataTable)
            table.focus()
            await page_through(pilot, screens, table, table.row_count, f"{kind} table")
        gone = screens.missing(hostile_file.names, 12)
        assert not gone, "names not listed:\n" + "\n".join(gone)
        await pilot.press("question_mark")
        await settle(pilot, app)
        screens.look("help of the phase screen")
        await pilot.press("escape")
        await settle(pilot, app)
        # Renaming starts from the current name: a raw escape sequence must not be in it.
        for table, name, key in (("reason", "ansi-red", "e"), ("phase", "ansi-red", "e")):
            await select_row(pilot, app, table, BY_ID[name].value)
            await pilot.press(key)
            await settle(pilot, app)
            screens.look(f"rename form of the {table} {name}")
            await pilot.press("escape")
            await settle(pilot, app)
        screens.verdict()


async def select_row(pilot: Any, app: Any, kind: str, name: str) -> None:
    """Put the cursor of the phase or reason table on the row named ``name``."""
    screen = app.screen
    assert screen.config is not None
    rows = screen.config["phases" if kind == "phase" else "reasons"]
    index = next(i for i, row in enumerate(rows) if row["name"] == name)
    table = screen.query_one(f"#{kind}-table")
    table.focus()
    table.move_cursor(row=index, animate=False)
    await pilot.pause()


async def test_reason_picker_help_and_reports(make_app: Callable[..., Any]) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        screens = Screens(app)
        # The management information names owners, sources, reasons and competitors.
        await pilot.press("m")
        await settle(pilot, app)
        for section in range(SECTIONS):
            screens.look(f"report section {section}")
            await pilot.press("right")
            await quick_settle(pilot, app)
        gone = screens.missing([BY_ID[ident].value for ident in LOST_FOR[:3]], 20)
        assert not gone, "reasons not in the report:\n" + "\n".join(gone)
        screens.seen.clear()
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        screens.look("help of the board")
        await pilot.press("escape")
        await pilot.press("r")  # reject: the close form with every reason in its picker
        await settle(pilot, app)
        screens.look("close form")
        await pilot.press("enter")
        await pilot.pause()
        for page in range(len(NAMES) // 8 + 2):
            screens.look(f"reason picker page {page}")
            await pilot.press("pagedown")
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        screens.verdict()


# -- the command palette ------------------------------------------------------------------

PALETTE_QUERIES = ("red", "[b]", "שלום")


async def test_palette_search_shows_deals_escaped(make_app: Callable[..., Any]) -> None:
    app = make_app()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        screens = Screens(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for query in PALETTE_QUERIES:
            await pilot.press("ctrl+u")  # clear the search field
            await type_text(pilot, query)
            await pilot.pause(0.3)
            await settle(pilot, app)
            text = screens.look(f"palette search {query!r}")
            assert "#" in text, f"no deal found for {query!r}"
        await pilot.press("escape")
        await settle(pilot, app)
        # The title with an escape sequence is found by its visible part, shown escaped.
        assert "\\x1b[31mred" in "\n".join(screens.seen)
        assert "[b]x[/b]" in "\n".join(screens.seen)
        screens.verdict()


# -- another client's bytes ---------------------------------------------------------------

# SQLite does not check that text is UTF-8: another client can store any bytes.


async def test_a_row_in_invalid_utf8_does_not_empty_the_board(tmp_path: Path) -> None:
    from tui.app import DealboardApp

    path = tmp_path / "bytes.sqlite"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        for title in ("CAST(x'41eda08042' AS TEXT)", "'Fine deal'"):
            connection.execute(
                "INSERT INTO deal (title, value_cents, phase_id, status, created_at, updated_at,"
                f" version) VALUES ({title}, 0, 1, 'open', ?, ?, 1)",
                (str(FIXED_NOW), str(FIXED_NOW)),
            )
    open_database(path)
    app = DealboardApp(user="tester", clock=lambda: FIXED_NOW)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot, app)
        screens = Screens(app)
        text = screens.look("board with a bad row")
        assert "Fine deal" in text
        assert "A\ufffd\ufffd\ufffdB" in text  # the bad bytes, shown as replacement characters
        screens.verdict()


def test_the_corpus_reached_the_database(hostile_file: Hostiles) -> None:
    """Both ways in were used, and only values even the schema refuses were left out."""
    assert hostile_file.refused, "nothing went in by raw SQL"
    assert len(hostile_file.deal_ids) == N
    for what in hostile_file.impossible:  # an empty title or name: CHECK constraints
        kind, ident = what.split(" ", 1)
        value = BY_ID[ident].value
        assert kind in ("title", "phase", "reason", "event"), what
        assert not value.replace("\x00", "").strip(), what
