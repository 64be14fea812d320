"""The board's read model: columns of cards per phase, their totals, and the summary line.

One plain SQL query fetches the rows for the chosen status filter, in board order, straight
from the driver: no model instances and no per-column conversion, so 20,000 open deals load
in a few tens of milliseconds. Dates stay ISO text (``2026-12-31``, ``2026-11-27 09:00:00``),
which compares and sorts correctly as text; only the cards on screen are turned into dates.
Searching filters the loaded cards in memory, which keeps typing fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from models.domain.periods import local_date, month_start
from models.domain.probability import effective_probability
from models.domain.status import Status, StatusFilter
from models.operations.history import utcnow
from models.operations.settings import database_zone, get_settings
from models.queries.board_cards import Card, Column
from models.queries.board_mark import BoardMark, board_mark
from models.queries.board_totals import column_totals
from models.queries.search_words import card_matcher, has_number
from models.reports.sql import SPLIT, joined
from models.storage.rows import tuples
from models.storage.schema import Deal, Phase, database_proxy
from models.storage.stored_values import card_fields, good_date


@dataclass
class Summary:
    """The numbers on the board's summary line (always over open deals, all phases)."""

    open_count: int = 0
    open_cents: int = 0
    weighted_cents: int = 0
    won_this_month_count: int = 0
    won_this_month_cents: int = 0


@dataclass
class BoardData:
    """Everything the board shows for one status filter."""

    status: str
    columns: list[Column]
    summary: Summary
    currency: str
    language: str
    stale_days: int
    now: dt.datetime
    # The date of ``now`` in the database's time zone: open deals due before it are overdue.
    today: dt.date
    # False while only the first cards of each column are loaded (see ``load_board``).
    complete: bool = True
    # The last search and its result, to narrow while typing (see ``filtered``).
    _last: tuple[str, list[Column]] | None = field(default=None, repr=False)
    # Where history, phases and settings stood when this was read (``board_changes``).
    mark: BoardMark | None = field(default=None, repr=False)

    def card(self, deal_id: int) -> Card | None:
        """The card of a deal on the board, if it is shown."""
        for column in self.columns:
            found = column.find(deal_id)
            if found is not None:
                return found[1]
        return None

    def replace_card(self, card: Card) -> None:
        """Put a changed deal's card where it now belongs, without reloading the board.

        Used right after a move, so the key press is answered at once; the live refresh
        reloads everything a moment later anyway. Column totals follow from the cards; the
        summary's weighted value is adjusted by the difference.
        """
        for column in self.columns:
            old = column.remove(card.id)
            if old is not None:
                self.summary.weighted_cents -= old.weighted_cents
                break
        target = next((c for c in self.columns if c.phase_id == card.phase_id), None)
        if target is None or (self.status != StatusFilter.ALL and card.status != self.status):
            return
        target.add(card)
        self.summary.weighted_cents += card.weighted_cents
        self._last = None  # the cards changed: search afresh

    def filtered(self, query: str) -> list[Column]:
        """Return the columns with only the cards matching ``query`` (all words, any case).

        A word ``431`` or ``#431`` also finds deal 431 (see ``search_words``). While the
        user types on, each query extends the previous one and can only match fewer cards,
        so the previous result is narrowed instead of searching everything (not with a
        number: ``#43`` → ``#431`` finds another deal).
        """
        words = query.casefold().split()
        if not words:
            self._last = None
            return self.columns
        source = self.columns
        last = self._last
        if last is not None and query.startswith(last[0]) and not has_number(f"{query} {last[0]}"):
            source = last[1]
        match = card_matcher(query) if has_number(query) else None

        def found(cards: list[Card]) -> list[Card]:
            if match is None:  # the common case, without a call per card
                return [card for card in cards if all(word in card.haystack for word in words)]
            return [card for card in cards if match(card.id, card.haystack)]

        result = [
            Column(
                column.phase_id,
                column.name,
                column.probability,
                column.archived,
                found(column.cards),
            )
            for column in source
        ]
        self._last = (query, result)
        return result

    def matcher(self, query: str) -> Callable[[Card], bool]:
        """Whether a card matches ``query`` as ``filtered`` decides (any card without words)."""
        words = query.casefold().split()
        if not words:
            return lambda card: True
        if has_number(query):
            match = card_matcher(query)
            return lambda card: match(card.id, card.haystack)
        return lambda card: all(word in card.haystack for word in words)

    def searched(self, query: str) -> list[Column] | None:
        """The result ``filtered(query)`` last gave, if it still holds (None: search afresh)."""
        last = self._last
        return last[1] if last is not None and last[0] == query else None

    def remember_search(self, query: str, columns: list[Column]) -> None:
        """Keep ``columns`` as what ``filtered(query)`` gives now (after ``replace_card``).

        For a change whose effect on the search's result is known (a card moved), so the
        next ``filtered`` call with the same query need not search every card again.
        """
        self._last = (query, columns)


def _summary(
    now: dt.datetime, tz: dt.tzinfo, open_totals: dict[int, tuple[int, int, int]] | None
) -> Summary:
    """The summary line; ``open_totals`` are the open columns' totals when already summed.

    "Won this month" counts deals closed since the month of ``now`` began in ``tz``.
    """
    from peewee import fn

    # The same per-deal rounding as the reports, so the board and `report` agree to the cent.
    if open_totals is None:
        open_totals = column_totals(StatusFilter.OPEN)
    pipeline = [(phase_id, *values) for phase_id, values in open_totals.items()]
    since = month_start(now, tz)
    won_row = (
        Deal.select(
            fn.COUNT(Deal.id),
            fn.SUM(Deal.value_cents / SPLIT),
            fn.SUM(Deal.value_cents - Deal.value_cents / SPLIT * SPLIT),
        )
        .where(Deal.status == Status.ACCEPTED, Deal.deleted_at.is_null(), Deal.closed_at >= since)
        .scalar(as_tuple=True)
    )
    return Summary(
        open_count=sum(row[1] for row in pipeline),
        open_cents=sum(row[2] for row in pipeline),
        weighted_cents=sum(row[3] for row in pipeline),
        won_this_month_count=int(won_row[0] or 0),
        won_this_month_cents=joined(won_row[1], won_row[2]),
    )


def _iso(value: object) -> str | None:
    """Dates as ISO text: SQLite already returns text, PostgreSQL date and datetime objects."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not a date: {value!r}")


_CARD_SQL = (
    "SELECT id, title, organization, contact, owner, value_cents, probability_override,"
    " probability_at_close, status, expected_close, updated_at, phase_id,"
    " version, next_step_date, CASE WHEN next_step <> '' THEN 1 ELSE 0 END"
    " FROM deal WHERE deleted_at IS NULL{where} ORDER BY phase_id, id"
)


def _cards(
    where: str, params: Sequence[object], probabilities: dict[int, int], limit: int | None = None
) -> Iterator[Card]:
    """Cards for the rows matching ``where``, in board order (as the index has them)."""
    db = database_proxy.obj
    sql = _CARD_SQL.format(where=where) + (f" LIMIT {int(limit)}" if limit is not None else "")
    cursor = db.execute_sql(sql.replace("?", db.param), params)
    for (
        deal_id,
        title,
        org,
        contact,
        owner,
        cents,
        override,
        at_close,
        state,
        close,
        updated,
        phase_id,
        version,
        step_date,
        has_step,
    ) in cursor:
        chance = effective_probability(
            override, probabilities[phase_id], at_close if state != Status.OPEN else None
        )
        if not (
            type(cents) is int
            and type(title) is str
            and type(org) is str
            and type(contact) is str
            and type(owner) is str
            and good_date(close)
        ):
            title, org, contact, owner, cents, close = card_fields(
                title, org, contact, owner, cents, close
            )
        yield Card(
            id=deal_id,
            title=title,
            # Owners and organizations repeat across thousands of cards: share one string.
            organization=sys.intern(org),
            owner=sys.intern(owner),
            value_cents=int(cents),
            probability=chance,
            override=override is not None and state == Status.OPEN,
            status=state,
            expected_close=_iso(close),
            updated_at=_iso(updated) or "",
            phase_id=phase_id,
            haystack=f"{title}\n{org}\n{contact}\n{owner}".casefold(),
            version=version,
            next_step_date=_iso(step_date) if good_date(step_date) else None,
            has_next_step=bool(has_step),
        )


def load_card(deal_id: int) -> Card | None:
    """Load one deal's card (after a change to it); None when it is deleted or gone."""
    probabilities: dict[int, int] = dict(tuples(Phase.select(Phase.id, Phase.probability)))
    return next(_cards(" AND id = ?", [deal_id], probabilities), None)


def load_board(
    status: str = StatusFilter.OPEN, now: dt.datetime | None = None, *, first: int | None = None
) -> BoardData:
    """Load the board for a status filter ('open', 'accepted', 'rejected' or 'all').

    Columns are the active phases in order, plus archived phases that hold a shown deal
    (closed deals stay in the phase they closed in, even when it was archived later).
    With ``first``, each column gets only its first cards (enough to paint the screen) and
    its count and totals from one aggregate query: the app shows that at once and loads the
    rest right after (``BoardData.complete`` tells which).
    """
    now = now or utcnow()
    mark = board_mark()  # before the read: a change committed meanwhile is applied twice, not lost
    settings = get_settings()
    tz = database_zone(settings)
    phases = list(Phase.select().order_by(Phase.position, Phase.id))
    by_phase: dict[int, list[Card]] = {phase.id: [] for phase in phases}
    probabilities = {phase.id: phase.probability for phase in phases}
    clause, params = ("", []) if status == StatusFilter.ALL else (" AND status = ?", [status])
    totals: dict[int, tuple[int, int, int]] | None = None
    if first is None:
        for card in _cards(clause, params, probabilities):
            by_phase[card.phase_id].append(card)
    else:
        totals = column_totals(status)
        for phase in phases:
            if phase.id in totals:  # the (status, phase_id) index serves each of these
                by_phase[phase.id] = list(
                    _cards(
                        f"{clause} AND phase_id = ?",
                        [*params, phase.id],
                        probabilities,
                        limit=first,
                    )
                )

    def column(phase: Phase) -> Column:
        cards = by_phase[phase.id]
        if totals is None:
            return Column(phase.id, phase.name, phase.probability, bool(phase.archived), cards)
        count, total, weighted = totals.get(phase.id, (0, 0, 0))
        return Column(
            phase.id,
            phase.name,
            phase.probability,
            bool(phase.archived),
            cards,
            count,
            total,
            weighted,
        )

    shown = totals if totals is not None else {pid: () for pid, cards in by_phase.items() if cards}
    return BoardData(
        status=status,
        columns=[column(phase) for phase in phases if not phase.archived or phase.id in shown],
        summary=_summary(now, tz, totals if status == StatusFilter.OPEN else None),
        currency=settings["currency"],
        language=settings["language"],
        stale_days=int(settings["stale_days"]),
        now=now,
        today=local_date(now, tz),
        complete=first is None,
        mark=mark,
    )
