"""Live refresh of the board by what changed: read the changed deals' cards, patch the board.

``board_changes`` (in a worker) reads the history rows written since the board's mark
(``models.queries.board_mark``) and the cards of just those deals; ``apply_changes`` (on the
UI thread) puts each card where it now belongs in the ``BoardData`` and adjusts the totals
and the summary, so only the columns that changed repaint. Either says "reload everything"
instead when that is cheaper or the only right answer: phases or settings changed, a
commit wrote no history at all (so nothing says what it changed), more than
``MAX_CHANGED`` deals changed, the day changed (overdue and stale marks, the month's wins),
or a card lands in a column the board does not show.

The settings are read whole (``get_settings``, a Peewee query) only when their rows as
stored differ from the last look's: one raw query finds that out at a tenth of the cost,
and a changed setting still reloads the board.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.domain.periods import local_date
from models.domain.status import Status, StatusFilter
from models.operations.settings import database_zone, get_settings
from models.queries.board import BoardData, Card, Column, Summary, _cards, _summary
from models.queries.board_mark import (
    BoardMark,
    board_config,
    events_since,
    phase_probabilities,
)
from models.storage.schema import database_proxy

# Above this many changed deals one whole load is cheaper than patching card by card.
MAX_CHANGED = 200
# History kinds that can change the month's wins (a close, a reopen, a switch, a deletion).
_WIN_KINDS = frozenset({"status", "deleted", "restored"})
# The setting rows as stored: what ``get_settings`` makes its answer of (with fixed defaults).
_SETTING_ROWS_SQL = "SELECT key, value FROM setting ORDER BY key"

# The last settings read: (the rows as stored, ``get_settings()`` of them, their time zone).
# ``get_settings`` builds a Peewee query and model rows (three quarters of a look's CPU);
# the same rows read raw are checked in a tenth of that, and when they are what they were,
# so are the settings and the zone. One tuple, replaced whole: safe to share between the
# live-refresh thread and workers.
_known_settings: tuple[tuple[tuple[object, ...], ...], dict[str, str], dt.tzinfo] | None = None


@dataclass
class BoardChanges:
    """What changed since a board's mark: the changed deals' cards, or "reload everything"."""

    mark: BoardMark | None  # the mark after these changes (None with ``whole``)
    whole: bool = False  # True: reload the whole board instead
    # Each changed deal's card now; None when it was deleted.
    cards: dict[int, Card | None] = field(default_factory=dict)
    now: dt.datetime | None = None
    # The month's wins (count, cents) when a change may have moved them, else None.
    won_this_month: tuple[int, int] | None = None
    # The whole summary, read again, for a board whose filter hides open deals.
    summary: Summary | None = None
    # Filled by ``apply_changes``: cards replaced where they stood (phase id, position), and
    # whether any card came, went or changed column.
    in_place: list[tuple[int, int]] = field(default_factory=list)
    reshaped: bool = False


def _whole() -> BoardChanges:
    return BoardChanges(mark=None, whole=True)


def _won_this_month(now: dt.datetime, tz: dt.tzinfo) -> tuple[int, int]:
    """The deals won since the month of ``now`` began: count and value."""
    summary = _summary(now, tz, {})  # no open totals: only the wins are read
    return summary.won_this_month_count, summary.won_this_month_cents


def _settings_and_zone() -> tuple[dict[str, str], dt.tzinfo]:
    """The database's settings and time zone, read again only when a setting row changed."""
    global _known_settings
    rows = tuple(tuple(row) for row in database_proxy.obj.execute_sql(_SETTING_ROWS_SQL))
    known = _known_settings
    if known is not None and known[0] == rows:
        return known[1], known[2]
    settings = get_settings()
    tz = database_zone(settings)
    _known_settings = (rows, settings, tz)
    return settings, tz


def board_changes(mark: BoardMark, status: str, now: dt.datetime, today: dt.date) -> BoardChanges:
    """Read what changed since ``mark`` for a board with this status filter (a worker).

    ``today`` is the day the board was read on: a new day reloads everything.
    """
    found = events_since(mark.history, MAX_CHANGED * 5)
    if found is None:
        return _whole()
    events, history = found
    if not events:
        # A commit that wrote no history: phases, settings, people, or a row changed by
        # another client without history. Only a whole reload shows what it was.
        return _whole()
    ids = sorted({event.deal_id for event in events})
    if len(ids) > MAX_CHANGED:
        return _whole()
    settings, tz = _settings_and_zone()
    config = board_config(settings)
    if config != mark.config or local_date(now, tz) != today:
        return _whole()
    probabilities = phase_probabilities(config)
    cards: dict[int, Card | None] = dict.fromkeys(ids)
    placeholders = ", ".join(["?"] * len(ids))
    for card in _cards(f" AND id IN ({placeholders})", ids, probabilities):
        cards[card.id] = card
    changes = BoardChanges(mark=BoardMark(history, config), cards=cards, now=now)
    kinds = {event.kind for event in events}
    if kinds & _WIN_KINDS or any(
        c is not None and c.status == Status.ACCEPTED for c in cards.values()
    ):
        changes.won_this_month = _won_this_month(now, tz)
    if status not in (StatusFilter.OPEN, StatusFilter.ALL):
        changes.summary = _summary(now, tz, None)
    return changes


def _locate(data: BoardData, deal_id: int) -> tuple[Column, Card, int] | None:
    """The column, card and position of a deal on the board, if it is there."""
    for column in data.columns:
        found = column.find(deal_id)
        if found is not None:
            return column, found[1], found[0]
    return None


def apply_changes(data: BoardData, changes: BoardChanges) -> bool:
    """Patch ``data`` with ``changes``; False when the board must be reloaded instead.

    Nothing is changed when False is returned. A card identical to the one shown is left
    alone, so a column repaints only when something in it really changed. A card that stays
    in its column is replaced where it stands; ``changes.in_place`` then lists it (phase and
    position), and ``changes.reshaped`` tells whether any card came, went or moved.
    """
    if changes.whole or changes.mark is None or not data.complete:
        return False
    shows = {column.phase_id: column for column in data.columns}
    plan: list[tuple[tuple[Column, Card, int] | None, Card | None]] = []
    for deal_id, card in changes.cards.items():
        where = _locate(data, deal_id)
        wanted = card is not None and (
            data.status == StatusFilter.ALL or card.status == data.status
        )
        if wanted and card is not None and card.phase_id not in shows:
            return False  # a column the board does not show (an archived phase)
        if where is not None and wanted and where[1] == card:
            continue
        plan.append((where, card if wanted else None))
    summary = data.summary
    counts_open = data.status in (StatusFilter.OPEN, StatusFilter.ALL)
    for where, card in plan:
        if where is not None:
            column, old, index = where
            if card is not None and card.phase_id == column.phase_id:
                column.cards[index] = card  # the same id keeps its place in the order
                column.revision += 1
                column.total_cents += card.value_cents - old.value_cents
                column.weighted_total_cents += card.weighted_cents - old.weighted_cents
                changes.in_place.append((column.phase_id, index))
            else:
                column.remove(old.id)
                changes.reshaped = True
            if counts_open and old.status == Status.OPEN:
                summary.open_count -= 1
                summary.open_cents -= old.value_cents
                summary.weighted_cents -= old.weighted_cents
        if card is not None:
            if where is None or where[0].phase_id != card.phase_id:
                shows[card.phase_id].add(card)
                changes.reshaped = True
            if counts_open and card.status == Status.OPEN:
                summary.open_count += 1
                summary.open_cents += card.value_cents
                summary.weighted_cents += card.weighted_cents
    if changes.summary is not None:
        data.summary = changes.summary
    if changes.won_this_month is not None:
        data.summary.won_this_month_count, data.summary.won_this_month_cents = (
            changes.won_this_month
        )
    if changes.now is not None:
        data.now = changes.now
    data.mark = changes.mark
    if plan:
        data._last = None  # the cards changed: search afresh
    return True
