"""The command palette (ctrl+p): jump to any deal by title or organization, or to a screen."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from models.domain.status import STATUS_LABELS, Status
from models.queries.search_words import exact_number
from tui.dbwork import in_connection
from tui.formatting import safe
from tui.running_app import dealboard_app

SCREENS = (
    ("Board", "the pipeline board", "show_board"),
    ("Phase configuration", "phases and reasons", "open_phases"),
    ("Management information", "where deals are won and lost, and why", "open_management"),
    ("Deleted deals", "who deleted which deal, and when; restore one", "open_deleted"),
    ("Agenda", "the open deals' next steps, overdue first", "open_agenda"),
    ("Help", "every key of the current screen", "action_help"),
)


def find_deals(query: str, limit: int = 20) -> list[tuple[int, str, str, str]]:
    """Deals whose title or organization contains ``query`` (runs in a thread).

    ``431`` or ``#431`` puts deal 431 first; ``#431`` finds only that deal.
    """
    from models.storage.rows import tuples
    from models.storage.schema import Deal

    fields = (Deal.id, Deal.title, Deal.organization, Deal.status)
    number = exact_number(query)
    found: list[tuple[int, str, str, str]] = []
    if number is not None:
        found = tuples(Deal.select(*fields).where(Deal.id == number, Deal.deleted_at.is_null()))
        if query.strip().startswith("#"):
            return found
    pattern = f"%{query}%"
    matches = (
        Deal.select(*fields)
        .where(Deal.deleted_at.is_null(), (Deal.title**pattern) | (Deal.organization**pattern))
        .order_by(Deal.status != Status.OPEN, Deal.id.desc())
        .limit(limit)
    )
    return found + [row for row in tuples(matches) if row[0] != number]


class DealboardCommands(Provider):
    """Deals and screens for the command palette."""

    def _screen_hits(self) -> list[tuple[str, str, Any]]:
        return [(name, help_text, getattr(self.app, method)) for name, help_text, method in SCREENS]

    async def discover(self) -> Hits:
        """Offer the screens before anything is typed."""
        for name, help_text, callback in self._screen_hits():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Screens by name, deals by title or organization."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._screen_hits():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        number = exact_number(query)
        if len(query.strip()) < 2 and number is None:
            return
        rows = await asyncio.to_thread(in_connection, find_deals, query.strip())
        for deal_id, title, organization, status in rows:
            # A Text prompt is never parsed as markup; a str prompt or help would be.
            label = Text(f"#{deal_id} {safe(title)}", no_wrap=True, overflow="ellipsis")
            detail = safe(organization) + (
                "" if status == Status.OPEN else f" · {STATUS_LABELS[status]}"
            )
            if detail:
                label.append("\n" + detail, style="dim")
            # The deal a number names comes first; the others rank below a full match.
            score = 1.0 if deal_id == number else min(max(matcher.match(title), 0.1), 0.99)
            yield Hit(
                score,
                label,
                partial(dealboard_app(self.screen).open_deal, deal_id),
                text=f"#{deal_id}",
            )
