"""The walks of the Dutch-everywhere test: the keys that reach every screen and dialog.

Each walk is a list of steps (``tests/tui/dutch_walk.py``) that presses the real keys of one
part of the app on the Dutch demo and names each place it stops; ``WALKS`` names the walks
that ``tests/tui/test_dutch_everywhere.py`` runs one test each for, and ``empty_walk`` is the
walk over a new database without deals.
"""

from __future__ import annotations

import shutil

from textual.widgets import Input

from tests.tui.dutch_walk import (
    BOARD,
    CONFIRM,
    DETAIL,
    FORM,
    PALETTE,
    PHASES,
    Step,
    Walk,
    first_card,
    palette_command,
    read_every_command,
    retype,
    settle,
    someone_else_saves,
)
from tui.widgets.report_view import TABS


async def _board(walk: Walk) -> None:
    await walk.help("board")
    await walk.press("board: search", "slash", on=BOARD)
    await walk.type("board: search typed", "kantoor", on=BOARD)
    await walk.press("board: search kept", "enter", on=BOARD)
    await walk.press("board: next match", "n", on=BOARD)
    await walk.press("board: search cleared", "escape", on=BOARD)
    for turn in range(5):
        await walk.press(f"board: sort {turn + 1}", "s", on=BOARD)
    for turn in range(4):
        await walk.press(f"board: status filter {turn + 1}", "f", on=BOARD)
    await walk.press("board: my deals", "u", on=BOARD)
    await walk.press("board: all deals", "u", on=BOARD)
    await walk.press("owner picker", "U", on="OwnerPicker")
    await walk.press("owner picker: one owner", "down", "enter", on=BOARD)
    await walk.press("owner picker: all owners", "U", "escape", on=BOARD)
    await walk.press("board: next phase", "greater_than_sign", on=BOARD)
    await walk.press("board: previous phase", "less_than_sign", on=BOARD)
    await walk.press("board: reopen an open deal", "o", on=BOARD)
    await walk.press("board: ctrl+c", "ctrl+c", on=BOARD)  # Textual's hint how to quit


async def _list(walk: Walk) -> None:
    await walk.press("list view", "t", on=BOARD)
    await walk.help("list view")
    for turn in range(6):
        await walk.press(f"list view: sort {turn + 1}", "s", on=BOARD)
    await walk.press("list view: sort reversed", "S", on=BOARD)
    await walk.press("list view: search", "slash", on=BOARD)
    await walk.type("list view: search typed", "kantoor", on=BOARD)
    await walk.press("list view: search cleared", "escape", "escape", on=BOARD)
    for turn in range(4):
        await walk.press(f"list view: status filter {turn + 1}", "f", on=BOARD)
    await walk.press("list view: end", "end", on=BOARD)
    await walk.press("board again", "t", on=BOARD)


async def _board_dialogs(walk: Walk) -> None:
    await walk.press("new deal", "n", on=FORM)
    await walk.press("new deal: saved empty", "ctrl+s", on=FORM)
    await walk.type("new deal: title typed", "Nieuwe vestiging", on=FORM)
    await walk.press("new deal: value field", "tab", "tab", "tab", "tab", on=FORM)
    await walk.type("new deal: a wrong amount", "abc", on=FORM)
    await walk.press("new deal: cancelled", "escape", on=BOARD)
    await walk.press("new deal again", "n", on=FORM)
    await walk.type("new deal: title typed", "Nieuwe vestiging", on=FORM)
    await walk.press("new deal: saved", "ctrl+s", on=BOARD)
    await walk.press("accept", "a", on=FORM)
    await walk.press("accept: reason list", "enter", on=FORM)
    await walk.press("accept: cancelled", "escape", "escape", on=BOARD)
    await walk.press("reject", "r", on=FORM)
    await walk.press("reject: saved without a reason", "ctrl+s", on=FORM)
    await walk.press("reject: cancelled", "escape", on=BOARD)
    await walk.press("accept again", "a", on=FORM)
    await walk.press("accept: reason picked", "enter", "down", "down", "enter", on=FORM)
    await walk.press("accept: saved", "ctrl+s", on=BOARD)
    await walk.press("reject again", "r", on=FORM)
    await walk.press("reject: reason picked", "enter", "down", "down", "enter", on=FORM)
    await walk.press("reject: saved", "ctrl+s", on=BOARD)
    await walk.press("won deals", "f", on=BOARD)
    await first_card(walk)
    shown = await walk.press("detail of a won deal", "enter", on=DETAIL)
    shown = await walk.scroll_through("detail of a won deal: history", "down", shown=shown)
    await walk.scroll_through("detail of a won deal", "tab", burst=3, bursts=6, shown=shown)
    await walk.press("detail of a won deal: back", "escape", on=BOARD)
    await walk.press("reopen", "o", on=CONFIRM)
    await walk.press("reopen: no", "n", on=BOARD)
    await walk.press("outcome switch to lost", "r", on=FORM)
    await walk.press("outcome switch: cancelled", "escape", on=BOARD)
    await walk.press("reopen again", "o", on=CONFIRM)
    await walk.press("reopen: yes", "y", on=BOARD)
    await walk.press("lost deals", "f", on=BOARD)
    await first_card(walk)
    shown = await walk.press("detail of a lost deal", "enter", on=DETAIL)
    shown = await walk.scroll_through("detail of a lost deal: history", "down", shown=shown)
    await walk.scroll_through("detail of a lost deal", "tab", burst=3, bursts=6, shown=shown)
    await walk.press("detail of a lost deal: back", "escape", on=BOARD)
    await walk.press("outcome switch to won", "a", on=FORM)
    await walk.press("outcome switch to won: cancelled", "escape", on=BOARD)
    await walk.press("outcome switch to won again", "a", on=FORM)
    await walk.press("outcome switch to won: saved", "ctrl+s", on=BOARD)
    await walk.press("move a lost deal", "greater_than_sign", on=BOARD)


async def _palette(walk: Walk) -> None:
    await walk.press("palette", "ctrl+p", on=PALETTE)
    await walk.pilot.pause(0.3)
    await read_every_command(walk, "palette")
    await walk.press("palette: closed", "escape", on=BOARD)
    await palette_command(walk, "Thema", "palette: themes", PALETTE)
    await walk.press("palette: themes closed", "escape", on=BOARD)
    await palette_command(walk, "Toetsen", "palette: keys panel", BOARD)
    await walk.press("palette: keys panel, detail", "enter", on=DETAIL)
    await walk.press("palette: keys panel, back", "escape", on=BOARD)
    await palette_command(walk, "Toetsen", "palette: keys panel hidden", BOARD)
    await palette_command(walk, "Schermafdruk", "palette: screenshot", BOARD)
    await walk.pilot.pause(0.5)  # Textual saves it a moment later, then says how it went
    await settle(walk.pilot, walk.app)
    walk.look("palette: screenshot toast", on=BOARD)
    await walk.press("palette: a deal", "ctrl+p", on=PALETTE)
    await walk.type("palette: a deal", "Intranet")
    await walk.pilot.pause(0.5)
    await settle(walk.pilot, walk.app)
    walk.look("palette: a deal", on=PALETTE)
    await walk.press("palette: deal opened", "enter", on=DETAIL)
    await walk.press("palette: back", "escape", on=BOARD)
    await walk.press("palette: nothing found", "ctrl+p", on=PALETTE)
    await walk.type("palette: nothing found", "xyzzy")
    await walk.pilot.pause(1.0)  # the palette says so after a moment without hits
    walk.look("palette: nothing found", on=PALETTE)
    await walk.press("palette: nothing found, closed", "escape", on=BOARD)
    await palette_command(walk, "Agenda", "palette: a screen", "AgendaScreen")


async def _detail(walk: Walk) -> None:
    await walk.press("detail", "enter", on=DETAIL)
    shown = await walk.help("detail")
    await walk.scroll_through("detail: history", "down", shown=shown)
    shown = await walk.press("history entry", "enter", on="HistoryEntryModal")
    await walk.scroll_through("history entry", shown=shown)
    await walk.press("history entry closed", "escape", on=DETAIL)
    await walk.press("detail: history top", "home", on=DETAIL)
    await walk.press("detail: accept", "a", on=FORM)
    await walk.press("detail: accept cancelled", "escape", on=DETAIL)
    await walk.press("detail: reject", "r", on=FORM)
    await walk.press("detail: reject cancelled", "escape", on=DETAIL)
    await walk.press("detail: reopen an open deal", "o", on=DETAIL)
    await walk.press("detail: delete", "d", on=CONFIRM)
    await walk.press("detail: delete refused", "n", on=DETAIL)
    await walk.press("detail: next phase", "greater_than_sign", on=DETAIL)
    await walk.press("detail: previous phase", "less_than_sign", on=DETAIL)
    for field, typed in (("expected_close", "31-02-2026"), ("probability_override", "150")):
        await retype(walk, field, typed, f"detail: a wrong {field}")
    await retype(walk, "probability_override", "60", "detail: an override")
    await retype(walk, "expected_close", "31-03-2027", "detail: a close date")
    await retype(walk, "next_step_date", "", "detail: a step without a date")
    value = walk.app.screen.query_one("#input-value")
    value.focus()
    value.value = ""
    await walk.type("detail: a wrong amount", "abc", on=DETAIL)
    await walk.press("detail: leave with changes", "escape", on=CONFIRM)
    await walk.press("detail: keep the changes", "n", on=DETAIL)
    await walk.press("detail: save refused", "ctrl+s", on=DETAIL)
    value.value = ""
    await walk.type("detail: an amount", "1234", on=DETAIL)
    await _conflict(walk)


async def _conflict(walk: Walk) -> None:
    """Someone else saves the deal while it is edited: a warning, then the conflict dialog."""
    await someone_else_saves(walk, "detail: changed meanwhile", "99999")
    await walk.press("conflict", "ctrl+s", on="ConflictModal")
    await walk.press("conflict: keep editing", "escape", on=DETAIL)
    await walk.press("detail: leave", "escape", on=CONFIRM)
    await walk.press("detail: changes dropped", "y", on=BOARD)
    await walk.press("detail again", "enter", on=DETAIL)
    await someone_else_saves(walk, "detail: updated by someone else", "88888")
    await walk.press("detail: delete again", "d", on=CONFIRM)
    await walk.press("detail: deleted", "y", on=BOARD)


async def _management(walk: Walk) -> None:
    on = "ManagementScreen"
    await walk.press("management", "m", on=on)
    await walk.help("management")
    for index, tab in enumerate(TABS, start=1):
        shown = await walk.press(f"management: {tab.key}", str(index), on=on)
        await walk.scroll_through(f"management: {tab.key}", "pagedown", burst=1, shown=shown)
        await walk.press(f"management: {tab.key} top", "home", on=on)
    await walk.press("management: filter", "f", on=FORM)
    await walk.press("management: filter saved", "ctrl+s", on=on)
    await walk.press("management: filter, an owner", "f", "tab", "tab", on=FORM)
    await walk.type("management: an unknown owner", "Niemand", on=FORM)
    await walk.press("management: unknown owner refused", "ctrl+s", on=FORM)
    await walk.press("management: filter given up", "escape", on=on)
    await walk.press("management: filter, a future period", "f", on=FORM)
    await walk.type("management: a future period", "01-01-2030", on=FORM)
    await walk.press("management: nothing in the period", "ctrl+s", on=on)
    for index, tab in enumerate(TABS, start=1):
        await walk.press(f"management: {tab.key}, no deals", str(index), on=on)
    await walk.press("management: filter again", "f", on=FORM)
    await walk.press("management: filter cancelled", "escape", on=on)
    await walk.press("management: export", "e", on=FORM)
    await walk.press("management: export cancelled", "escape", on=on)
    await walk.press("management: export again", "e", on=FORM)
    await walk.press("management: exported", "ctrl+s", on=on)
    await walk.press("management: export once more", "e", on=FORM)
    await walk.press("management: file exists", "ctrl+s", on=FORM)
    path = walk.app.screen.query_one(Input)
    path.value = ""
    await walk.type("management: a name too long", "x" * 300 + ".csv", on=FORM)
    await walk.press("management: a name too long refused", "ctrl+s", on=FORM)
    path.value = ""
    await walk.type("management: a folder that is not there", "nergens/uit.csv", on=FORM)
    await walk.press("management: no such folder", "ctrl+s", on=FORM)
    await walk.press("management: export given up", "escape", on=on)
    await walk.press("management: refreshed", "r", on=on)
    await walk.press("management: back", "escape", on=BOARD)


async def _phases(walk: Walk) -> None:
    await walk.press("phases", "p", on=PHASES)
    await walk.help("phases")
    await walk.press("phases: add", "n", on=FORM)
    await walk.press("phases: add saved empty", "ctrl+s", on=FORM)
    await walk.type("phases: add typed", "Nieuwe fase", on=FORM)
    await walk.press("phases: add probability", "tab", on=FORM)
    await walk.type("phases: add probability typed", "5", on=FORM)
    await walk.press("phases: added", "ctrl+s", on=PHASES)  # the cursor on the new phase
    await walk.press("phases: new one archived", "x", on=PHASES)
    await walk.press("phases: new one active again", "x", on=PHASES)
    await walk.press("phases: delete the new one", "d", on=CONFIRM)
    await walk.press("phases: new one deleted", "y", on=PHASES)
    await walk.press("phases: a phase with open deals", "home", on=PHASES)
    await walk.press("phases: rename", "e", on=FORM)
    await walk.press("phases: rename cancelled", "escape", on=PHASES)
    await walk.press("phases: probability", "p", on=FORM)
    await walk.press("phases: probability saved", "ctrl+s", on=PHASES)
    await walk.press("phases: archive refused", "x", on=PHASES)
    await walk.press("phases: delete", "d", on=CONFIRM)
    await walk.press("phases: delete refused", "y", on=PHASES)
    await walk.press("phases: moved down", "J", on=PHASES)
    await walk.press("phases: moved up", "K", on=PHASES)
    await walk.press("phases: merge", "g", on="MergeModal")
    await walk.press("phases: merge asks", "ctrl+s", on=CONFIRM)
    await walk.press("phases: merge refused", "n", on="MergeModal")
    await walk.press("phases: merge cancelled", "escape", on=PHASES)
    await walk.press("phases: merge again", "g", on="MergeModal")
    await walk.press("phases: merge asks again", "ctrl+s", on=CONFIRM)
    await walk.press("phases: merged", "y", on=PHASES)
    await walk.press("reasons", "tab", on=PHASES)
    await walk.help("reasons")
    await walk.press("reasons: add", "n", on=FORM)
    await walk.type("reasons: add typed", "Te traag", on=FORM)
    await walk.press("reasons: applies to", "tab", "enter", on=FORM)
    await walk.press("reasons: add cancelled", "escape", "escape", on=PHASES)
    await walk.press("reasons: add again", "n", on=FORM)
    await walk.type("reasons: add typed", "Te traag", on=FORM)
    await walk.press("reasons: added", "ctrl+s", on=PHASES)
    await walk.press("reasons: a name taken", "n", on=FORM)
    await walk.type("reasons: a name taken", "Te traag", on=FORM)
    await walk.press("reasons: a name taken refused", "ctrl+s", on=FORM)
    await walk.press("reasons: a name taken cancelled", "escape", on=PHASES)
    await walk.press("reasons: edit", "e", on=FORM)
    await walk.press("reasons: edit saved", "ctrl+s", on=PHASES)
    await walk.press("reasons: archive", "x", on=PHASES)
    await walk.press("reasons: archive undone", "x", on=PHASES)
    await walk.press("phases: back", "escape", on=BOARD)


async def _agenda(walk: Walk) -> None:
    on = "AgendaScreen"
    await walk.press("agenda", "g", on=on)
    shown = await walk.help("agenda")
    await walk.scroll_through("agenda", "pagedown", burst=1, shown=shown)
    await walk.press("agenda: my deals", "u", on=on)
    await walk.press("agenda: all deals", "u", on=on)
    await walk.press("agenda: deal opened", "home", "enter", on=DETAIL)
    await walk.press("agenda: back", "escape", on=on)
    await walk.press("agenda: closed", "escape", on=BOARD)


async def _deleted(walk: Walk) -> None:
    on = "DeletedScreen"
    await walk.press("deleted deals", "D", on=on)
    await walk.help("deleted deals")
    await walk.press("deleted deals: restore", "r", on=CONFIRM)
    await walk.press("deleted deals: restore refused", "n", on=on)
    await walk.press("deleted deals: restored", "r", "y", on=on)
    await walk.press("deleted deals: back", "escape", on=BOARD)
    shown = await palette_command(walk, f"#{walk.deleted}", "restored deal", DETAIL)
    await walk.scroll_through("restored deal: history", "down", shown=shown)


async def _read_only(walk: Walk) -> None:
    """A read-only session started with a --lang notice: what it says where a change is refused."""
    await walk.press("read-only: new deal", "n", on=BOARD)
    await walk.press("read-only: accept", "a", on=BOARD)
    await walk.press("read-only: next phase", "greater_than_sign", on=BOARD)
    await walk.press("read-only: detail", "enter", on=DETAIL)
    await walk.press("read-only: detail save", "ctrl+s", on=DETAIL)
    await walk.press("read-only: detail delete", "d", on=DETAIL)
    await walk.press("read-only: back", "escape", on=BOARD)
    await walk.press("read-only: phases", "p", on=PHASES)
    await walk.press("read-only: phases add", "n", on=PHASES)
    await walk.press("read-only: phases back", "escape", on=BOARD)


async def _database_gone(walk: Walk) -> None:
    """The database file deleted, then replaced, while the app has it open."""
    moved = walk.db.with_name("elders.sqlite")
    walk.db.rename(moved)
    await walk.press("database deleted: open a deal", "enter", on=BOARD)
    await walk.press("database deleted: search", "slash", on=BOARD)
    await walk.press("database deleted: search closed", "escape", on=BOARD)
    shutil.copyfile(moved, walk.db)  # another file under the old name
    await walk.press("database replaced: open a deal", "enter", on=BOARD)


WALKS: dict[str, list[Step]] = {
    "board": [_board, _list],
    "board-dialogs": [_board_dialogs],
    "palette": [_palette],
    "detail": [_detail],
    "management": [_management],
    "phases": [_phases],
    "agenda-deleted": [_agenda, _deleted],
    "read-only": [_read_only],
    "database-gone": [_database_gone],
}


async def empty_walk(walk: Walk) -> None:
    """A new database without deals: what each screen says when there is nothing to show."""
    await walk.press("empty: list view", "t", on=BOARD)
    await walk.press("empty: board", "t", on=BOARD)
    await walk.press("empty: search", "slash", on=BOARD)
    await walk.type("empty: search typed", "kantoor", on=BOARD)
    await walk.press("empty: search cleared", "escape", "escape", on=BOARD)
    await walk.press("empty: open nothing", "enter", on=BOARD)
    await walk.press("empty: accept nothing", "a", on=BOARD)
    await walk.press("empty: owner picker", "U", on="OwnerPicker")
    await walk.press("empty: owner picker closed", "escape", on=BOARD)
    await walk.press("empty: management", "m", on="ManagementScreen")
    for index, tab in enumerate(TABS, start=1):
        await walk.press(f"empty: management {tab.key}", str(index), on="ManagementScreen")
    await walk.press("empty: management export", "e", on=FORM)
    await walk.press("empty: management export cancelled", "escape", on="ManagementScreen")
    await walk.press("empty: management closed", "escape", on=BOARD)
    await walk.press("empty: agenda", "g", on="AgendaScreen")
    await walk.press("empty: agenda, open nothing", "enter", on="AgendaScreen")
    await walk.press("empty: agenda closed", "escape", on=BOARD)
    await walk.press("empty: deleted deals", "D", on="DeletedScreen")
    await walk.press("empty: deleted deals, restore nothing", "r", on="DeletedScreen")
    await walk.press("empty: deleted deals closed", "escape", on=BOARD)
    await walk.press("empty: phases", "p", on=PHASES)
    await walk.press("empty: phases closed", "escape", on=BOARD)
