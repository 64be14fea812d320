"""The walk of ``test_dutch_everywhere``: press keys, look at the screen, note English words."""

from __future__ import annotations

import re
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

import textual.app as textual_app
from textual.app import App
from textual.command import CommandList
from textual.content import Content

from models.operations import deals
from models.storage.schema import database_proxy
from tests.tui.board_steps import go_to
from tests.tui.conftest import (
    FIXED_NOW,
    _yield_only,
    pending_work,
    query,
    screen_text,
    type_text,
    wait_for_workers,
)
from tests.tui.english_words import english_on_screen, english_words, user_data_words
from tui.app import DealboardApp
from tui.widgets.board_view import BoardView

DIGITS = re.compile(r"\d+")
SIZE = (80, 24)
USER = "tester"
# What the walk types; Dutch, and user data like the demo's.
TYPED = ("kantoor", "Nieuwe vestiging", "Nieuwe fase", "Te traag", "abc")

BOARD, DETAIL, FORM, CONFIRM = "BoardScreen", "DealScreen", "FormModal", "ConfirmModal"
PHASES, PALETTE = "PhasesScreen", "CommandPalette"
Step = Callable[["Walk"], Awaitable[None]]
# The most rounds ``settle`` waits while the app still has work pending (it then looks anyway).
MAX_ROUNDS = 10


async def settle(pilot, app: DealboardApp) -> None:
    """Wait until the database workers are done and the screen has caught up, in few rounds.

    A round is what ``tests.tui.conftest.settle`` repeats three times: wait for every
    worker, then the pilot's pause (every message queued at the screen handled, the process
    idle, the layout brought up to date). Most steps have nothing left after the first round,
    and two more rounds of nothing cost some 4 ms of CPU a step (the pause posts a callback
    to every node of the screen and waits). So a round follows only while ``pending_work``
    names something: as many rounds as the app needs (up to ``MAX_ROUNDS``), never a round
    after it has nothing left to do.
    """
    for _ in range(MAX_ROUNDS):
        await wait_for_workers(app)
        await pilot.pause()
        if pending_work(app) is None:
            return


class Walk:
    """The app, its pilot, and the English words seen so far, step by step."""

    def __init__(self, pilot, app: DealboardApp, english: frozenset[str]) -> None:
        self.pilot, self.app, self.english = pilot, app, english
        self.found: dict[str, list[tuple[str, str]]] = {}
        self.steps: list[str] = []
        self.seen: set[tuple[str, str]] = set()
        self.deleted = 0  # the demo's deleted deal
        self.db = Path()  # the database file the app has open

    def look(self, step: str, on: str | None = None) -> str:
        """Check what the screen shows now; remember English words under ``step``.

        ``on``: the class of the screen or dialog the step must have reached. Each word is
        reported once per line it stood on (numbers aside), under the first step it showed.
        """
        name = self.screen_name()
        classes = [kind.__name__ for kind in type(self.app.screen).__mro__]
        assert on is None or on in (name, *classes), f"{step}: the walk is on {name}, not {on}"
        titles = [note.title for note in self.app._notifications if note.title]
        text = "\n".join([screen_text(self.app), *titles])  # a toast's title shows too
        self.steps.append(f"{step} ({name})")
        for word, line in english_on_screen(text, self.english):
            key = (word.lower(), DIGITS.sub("#", line))
            if key not in self.seen:
                self.seen.add(key)
                self.found.setdefault(self.steps[-1], []).append((word, line))
        return text

    async def press(self, step: str, *keys: str, on: str | None = None) -> str:
        """Press ``keys`` one by one (waiting for the database after each), then look."""
        for key in keys:
            # What ``pilot.press`` does but its last wait for every node of the screen, the
            # wait each round of ``settle`` starts with anyway.
            await self.app._press_keys([key])
            await settle(self.pilot, self.app)
        return self.look(step, on)

    async def type(self, step: str, text: str, on: str | None = None) -> str:
        """Type ``text`` into the focused field, then look."""
        await type_text(self.pilot, text)
        await settle(self.pilot, self.app)
        return self.look(step, on)

    async def scroll_through(
        self,
        step: str,
        key: str = "down",
        burst: int = 8,
        bursts: int = 30,
        shown: str | None = None,
    ) -> str:
        """Press ``key`` in bursts until the picture stops changing, looking after each.

        ``shown``: what the step just before read (``press`` returns it), when nothing has
        happened since; the picture to compare the first burst's with, instead of reading
        the same screen twice. Returns what the last look read.
        """
        before = screen_text(self.app) if shown is None else shown
        for _ in range(bursts):
            idle = textual_app.wait_for_idle
            textual_app.wait_for_idle = _yield_only
            try:
                await self.pilot.press(*[key] * burst)
            finally:
                textual_app.wait_for_idle = idle
            await settle(self.pilot, self.app)
            now = self.look(step)
            if now == before:
                return now
            before = now
        return before

    async def help(self, where: str) -> str:
        """Open help (``?``) on this screen, read all of it, close it; return the last look."""
        back = self.screen_name()
        shown = await self.press(f"{where}: help", "question_mark", on=f"HelpScreen({back})")
        await self.scroll_through(f"{where}: help", shown=shown)
        return await self.press(f"{where}: help closed", "escape", on=back)

    def screen_name(self) -> str:
        """The class of the screen or dialog on top; help's with the screen it helps with."""
        screen = self.app.screen
        target = getattr(screen, "target", None)
        name = type(screen).__name__
        return f"{name}({type(target).__name__})" if target is not None else name

    def report(self) -> str:
        """Per step, each line that held English, with its English words."""
        lines = []
        for step, pairs in self.found.items():
            lines.append(f"{step}:")
            by_line: dict[str, list[str]] = {}
            for word, line in pairs:
                by_line.setdefault(line, []).append(word)
            lines.extend(f"    {' '.join(words)}  <-  {line}" for line, words in by_line.items())
        return "\n".join(lines)


async def first_card(walk: Walk) -> None:
    """Put the board's cursor on the first card shown (a status filter may leave it on none)."""
    board = walk.app.screen.query_one(BoardView)
    titles = [card.title for cards in board.lists for card in cards.cards]
    assert titles, "the board shows no card"
    await go_to(walk.pilot, walk.app, titles[0])


async def palette_command(walk: Walk, command: str, step: str, on: str) -> str:
    """Choose ``command`` in the palette by typing its (Dutch) name; return the look after."""
    await walk.press(step, "ctrl+p", on=PALETTE)
    await walk.type(step, command)
    await walk.pilot.pause(0.5)
    await walk.pilot.press("enter")
    await walk.pilot.pause(0.3)  # a command may open its screen a moment later
    await settle(walk.pilot, walk.app)
    return walk.look(step, on=on)


async def read_every_command(walk: Walk, step: str) -> None:
    """Move the open palette's highlight over each of its commands, looking after each move.

    The palette lists its commands in the order its providers answer (a race inside
    Textual), and a scroll that stops where the picture repeats can leave a part of a list
    that wraps around unread; one move per command reads all of them, whatever their order.
    """
    commands = walk.app.screen.query_one(CommandList)
    count = commands.option_count
    read = [walk.look(step, on=PALETTE)]
    for _ in range(count):
        read.append(await walk.press(step, "down", on=PALETTE))
    shown = "\n".join(read)
    for index in range(count):
        prompt = commands.get_option_at_index(index).prompt
        title = (prompt.plain if isinstance(prompt, Content) else str(prompt)).splitlines()[0]
        assert title in shown, f"{step}: the command {title!r} was never on screen"


async def retype(walk: Walk, field: str, typed: str, step: str) -> None:
    """Replace what the detail's ``field`` holds with ``typed``, then look."""
    widget = walk.app.screen.query_one(f"#input-{field}")
    widget.focus()
    widget.value = ""
    await walk.type(step, typed, on=DETAIL)


async def someone_else_saves(walk: Walk, step: str, value: str) -> None:
    """Another user changes the deal on screen; live refresh tells the screen, as it would."""
    deal = walk.app.screen.deal_id

    def other_user() -> None:  # another connection, as a second process would use
        with database_proxy.connection_context():
            deals.edit_deal(deal, {"value": value}, actor="daan", at=FIXED_NOW)

    thread = threading.Thread(target=other_user)
    thread.start()
    thread.join()
    walk.app.screen.refresh_from_database()  # what live refresh calls on a change
    await settle(walk.pilot, walk.app)
    walk.look(step, on=DETAIL)


async def run_walk(
    db: Path, steps: list[Step], *, read_only: bool = False, notices: tuple[str, ...] = ()
) -> Walk:
    """Open the Dutch app at 80×24 on ``db`` and take ``steps``; return what the walk saw."""
    # Theme names (the palette lists them) are names, as user data is.
    themes = tuple(App().available_themes)
    english = english_words(user_data_words(db, extra=(USER, *TYPED, *themes)))
    app = DealboardApp(
        user=USER,
        read_only=read_only,
        clock=lambda: FIXED_NOW,
        lang="nl",
        live_refresh=None,
        notices=notices,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        walk = Walk(pilot, app, english)
        deleted = query(db, "SELECT id FROM deal WHERE deleted_at IS NOT NULL")
        walk.deleted = deleted[0][0] if deleted else 0
        walk.db = db
        walk.look("board", on=BOARD)
        for step in steps:
            await step(walk)
    return walk
