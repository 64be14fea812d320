"""The board's read model: columns of cards per phase, their totals, and the summary line.

One query fetches plain tuples for the chosen status filter (no model instances, so 20,000
deals load quickly); searching filters those cards in memory, which keeps typing fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.history import utcnow
from models.queries import weighted_cents
from models.schema import Deal, Phase
from models.settings import get_settings


@dataclass(frozen=True, slots=True)
class Card:
    """One deal as the board shows it."""

    id: int
    title: str
    organization: str
    contact: str
    owner: str
    value_cents: int
    probability: int
    override: bool
    status: str
    expected_close: dt.date | None
    updated_at: dt.datetime
    phase_id: int
    haystack: str  # title, organization, contact and owner, casefolded, for search

    @property
    def weighted_cents(self) -> int:
        """Value × effective probability for open deals; closed deals weigh nothing."""
        return weighted_cents(self.value_cents, self.probability) if self.status == "open" else 0

    def is_overdue(self, today: dt.date) -> bool:
        """An open deal whose expected close date has passed."""
        return (
            self.status == "open"
            and self.expected_close is not None
            and self.expected_close < today
        )

    def is_stale(self, now: dt.datetime, stale_days: int) -> bool:
        """An open deal nobody changed for ``stale_days`` days."""
        return self.status == "open" and (now - self.updated_at).days >= stale_days


@dataclass
class Column:
    """A phase and the cards in it."""

    phase_id: int
    name: str
    probability: int
    archived: bool
    cards: list[Card] = field(default_factory=list)

    @property
    def total_cents(self) -> int:
        """Sum of the cards' values."""
        return sum(card.value_cents for card in self.cards)

    @property
    def weighted_total_cents(self) -> int:
        """Sum of the open cards' weighted values."""
        return sum(card.weighted_cents for card in self.cards)


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

    def filtered(self, query: str) -> list[Column]:
        """Return the columns with only the cards matching ``query`` (all words, any case)."""
        words = query.casefold().split()
        if not words:
            return self.columns
        return [
            Column(
                column.phase_id,
                column.name,
                column.probability,
                column.archived,
                [card for card in column.cards if all(word in card.haystack for word in words)],
            )
            for column in self.columns
        ]


def _summary(now: dt.datetime) -> Summary:
    from peewee import fn

    from models.report_sql import ReportSql

    # The same per-deal rounding as the reports, so the board and `report` agree to the cent.
    pipeline = ReportSql().pipeline()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    won_row = (
        Deal.select(fn.COUNT(Deal.id), fn.SUM(Deal.value_cents))
        .where(Deal.status == "accepted", Deal.deleted_at.is_null(), Deal.closed_at >= month_start)
        .tuples()
        .get()
    )
    return Summary(
        open_count=sum(row[1] for row in pipeline),
        open_cents=sum(row[2] for row in pipeline),
        weighted_cents=sum(row[3] for row in pipeline),
        won_this_month_count=int(won_row[0] or 0),
        won_this_month_cents=int(won_row[1] or 0),
    )


def load_board(status: str = "open", now: dt.datetime | None = None) -> BoardData:
    """Load the board for a status filter ('open', 'accepted', 'rejected' or 'all').

    Columns are the active phases in order, plus archived phases that hold a shown deal
    (closed deals stay in the phase they closed in, even when it was archived later).
    """
    now = now or utcnow()
    settings = get_settings()
    phases = list(Phase.select().order_by(Phase.position, Phase.id))
    query = (
        Deal.select(
            Deal.id,
            Deal.title,
            Deal.organization,
            Deal.contact,
            Deal.owner,
            Deal.value_cents,
            Deal.probability_override,
            Deal.probability_at_close,
            Deal.status,
            Deal.expected_close,
            Deal.updated_at,
            Deal.phase,
        )
        .where(Deal.deleted_at.is_null())
        .order_by(Deal.id)
    )
    if status != "all":
        query = query.where(Deal.status == status)
    by_phase: dict[int, list[Card]] = {phase.id: [] for phase in phases}
    probabilities = {phase.id: phase.probability for phase in phases}
    for row in query.tuples().iterator():
        (
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
        ) = row
        if state != "open" and at_close is not None:
            chance = at_close
        elif override is not None:
            chance = override
        else:
            chance = probabilities[phase_id]
        by_phase[phase_id].append(
            Card(
                id=deal_id,
                title=title,
                organization=org,
                contact=contact,
                owner=owner,
                value_cents=cents,
                probability=chance,
                override=override is not None and state == "open",
                status=state,
                expected_close=close,
                updated_at=updated,
                phase_id=phase_id,
                haystack=f"{title}\n{org}\n{contact}\n{owner}".casefold(),
            )
        )
    columns = [
        Column(phase.id, phase.name, phase.probability, bool(phase.archived), by_phase[phase.id])
        for phase in phases
        if not phase.archived or by_phase[phase.id]
    ]
    return BoardData(
        status=status,
        columns=columns,
        summary=_summary(now),
        currency=settings["currency"],
        language=settings["language"],
        stale_days=int(settings["stale_days"]),
        now=now,
    )
