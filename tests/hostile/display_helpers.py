"""The corpus database and the checks of every picture that the display tests share."""

# One database holds the whole corpus: as deal titles, organizations, contacts, owners,
# sources and notes, and as phase and reason names. Values the operations accept go in
# through them; the ones they refuse are written with raw SQL, as another client could
# (lone surrogates cannot be stored in SQLite at all). Then one app run per screen pages
# through the board, the list view, the detail screen, the phase configuration, the help and
# the command palette, and every rendered line is checked: exactly 80 cells (rich's
# ``cell_len``), no C0/C1 control character and no bidi embedding or override (the isolates
# are kept text, shown as typed in inputs), no error notification, and
# markup-looking values appear as typed. The test_display_* modules import the fixtures
# ``hostile_file`` and ``db_file`` from here; each module works on its own copy of the corpus.

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata
from contextlib import closing
from copy import deepcopy as copy_of
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from models.domain.errors import DealboardError
from models.operations import deals, phases, reasons
from models.storage.database import open_database
from models.storage.schema import database_proxy
from tests.hostile.corpus import BY_ID, aimed_at
from tests.hostile.corpus_entry import NAME, TEXT, Hostile
from tests.hostile.expected import BIDI_CONTROLS
from tests.tui.conftest import FIXED_NOW, screen_text, wait_for_workers
from tui.input_text import shown_in_input
from tui.output import printable

WIDTH, HEIGHT = 80, 24
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
def hostile_file(hostile_corpus: Hostiles, tmp_path_factory: pytest.TempPathFactory) -> Hostiles:
    """A copy of the corpus database for the module (the tests only read it)."""
    path = tmp_path_factory.mktemp("hostile-display") / "hostile.sqlite"
    # SQLite's backup, not a file copy: it takes what is still in the write-ahead log too.
    source, copy = sqlite3.connect(hostile_corpus.path), sqlite3.connect(path)
    with closing(source), closing(copy):
        source.backup(copy)
    hostiles = copy_of(hostile_corpus)
    hostiles.path = path
    return hostiles


@pytest.fixture
def db_file(hostile_file: Hostiles) -> Path:
    """The database ``make_app`` opens: the corpus one."""
    open_database(hostile_file.path)
    return hostile_file.path


# -- what every picture must satisfy ------------------------------------------------------


BIDI_OVERRIDES = BIDI_CONTROLS - set("\u2066\u2067\u2068\u2069")


def is_forbidden(char: str) -> bool:
    """A character that must never reach the terminal raw."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_OVERRIDES


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
        """The stored values whose start (as shown: escaped, cut to ``width``) appeared nowhere.

        A label shows a value escaped for display, an input as it is (``shown_in_input``):
        either counts.
        """
        everything = "\n".join(self.seen)
        gone = []
        for value in values:
            heads = [_head(printable(value), width), _head(shown_in_input(value), width)]
            if heads[0] and not any(head in everything for head in heads):
                gone.append(repr(heads[0]))
        return gone

    def verdict(self) -> None:
        assert not self.problems, "\n".join(self.problems[:40])


def _head(shown: str, width: int) -> str:
    """The start of a shown value that fits in ``width`` - 1 cells."""
    head = shown.strip()[: max(width - 1, 1)]
    while cell_len(head) > width - 1:
        head = head[:-1]
    return head.strip()


async def quick_settle(pilot: Any, app: Any) -> None:
    """Wait for the database workers and one refresh (``settle`` waits three times)."""
    await wait_for_workers(app)
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
