"""The shapes of the read models in ``models.queries.deal_views``: JSON-ready TypedDicts.

The command line prints them with ``--json`` as they are, so their keys and order are a
contract (docs/command-line.md); the screens read the same dicts.
"""

# No ``from __future__ import annotations`` here: TypedDict reads NotRequired at run time
# only from evaluated annotations (``DealView.__optional_keys__``).
from typing import NotRequired, TypedDict


class DealView(TypedDict):
    """Every field of a deal, its effective probability and weighted value, as JSON values.

    A value another client stored in a shape its column cannot hold comes marked
    (``'abc' ⚠ not a whole number of cents``) and is named under ``problems``, which is
    present only then.
    """

    id: int
    title: str
    organization: str
    contact: str
    owner: str
    source: str
    value: str  # exact decimal ("12500.00"), or the marked stored text
    value_cents: int | None  # None when the stored value is not a whole number of cents
    phase: str
    phase_id: int
    phase_probability: int
    status: str
    probability_override: int | None
    probability_at_close: int | None
    effective_probability: int
    probability_source: str  # "close", "override" or "phase"
    weighted_value: str | None  # open deals with a readable value only
    reason: str | None
    competitor: str
    close_note: str
    note: str
    expected_close: str | None
    created_at: str | None  # ISO 8601 UTC with a Z
    updated_at: str | None
    closed_at: str | None
    deleted_at: str | None
    version: int
    next_step: str | None  # what happens next, or None
    next_step_date: str | None  # its ISO date ("2026-12-31"), or None
    problems: NotRequired[dict[str, str]]


class HistoryEntry(TypedDict):
    """One line of a deal's history as JSON values (``at`` in ISO 8601 UTC with a Z)."""

    at: str | None
    actor: str
    kind: str
    field: str | None
    old_value: str | None
    new_value: str | None
    version: int | None


class DealWithHistory(DealView):
    """A deal and its history, oldest first: what ``deal show --json`` prints."""

    history: list[HistoryEntry]


class DeletedDeal(TypedDict):
    """A soft-deleted deal, with who deleted it and when (``deleted_at`` ISO 8601 UTC, a Z)."""

    id: int
    title: str
    organization: str
    value: str  # exact decimal ("12500.00"), or the marked stored text
    value_cents: int | None  # None when the stored value is not a whole number of cents
    phase: str
    status: str
    deleted_at: str | None
    deleted_by: str | None  # None when no history line names who deleted it
    version: int


class PhaseSummary(TypedDict):
    """A phase in board order with its deals and its open deals' totals."""

    id: int
    position: int
    name: str
    probability: int
    archived: bool
    deals: int  # every deal in it, open or closed, deleted ones too
    open_count: int
    open_value: str
    open_value_cents: int
    weighted_value: str
    weighted_value_cents: int


class AgendaEntry(TypedDict):
    """An open deal's next step on the agenda (``models.queries.agenda``), as JSON values."""

    group: str  # "overdue", "today", "this_week", "later" or "no_date"
    next_step_date: str | None  # ISO date ("2026-12-31"), or the marked stored text
    next_step: str
    id: int
    title: str
    organization: str
    owner: str
    version: int
