"""The command palette (ctrl+p): jump to any deal by title or organization, or to a screen.

The palette speaks the session's language: the screens' names (and what a search matches),
Textual's own system commands (theme, quit, keys, screenshot, …), its placeholder and its
"No matches found".
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import partial
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from models.domain.status import STATUS_LABELS, Status
from models.queries.search_words import exact_number
from tui.dbwork import in_connection
from tui.formatting import safe
from tui.i18n import N_, _
from tui.running_app import dealboard_app

SCREENS = (
    (N_("Board"), N_("the pipeline board"), "show_board"),
    (N_("Phase configuration"), N_("phases and reasons"), "open_phases"),
    (
        N_("Management information"),
        N_("where deals are won and lost, and why"),
        "open_management",
    ),
    (N_("Deleted deals"), N_("who deleted which deal, and when; restore one"), "open_deleted"),
    (N_("Agenda"), N_("the open deals' next steps, overdue first"), "open_agenda"),
    (N_("Help"), N_("every key of the current screen"), "action_help"),
)

# Textual's own words in the palette (``App.get_system_commands``, Textual 8.2), so that the
# catalog holds them; ``translated_system_commands`` looks each up when the palette opens.
SYSTEM_WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


def translated_system_commands(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
    """Textual's system commands with their titles and help in the current language."""
    for command in commands:
        yield command._replace(title=_(command.title), help=_(command.help))


class DealboardPalette(CommandPalette):
    """Textual's command palette that says "No matches found" in the current language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """After a moment without hits, say that nothing matched (Textual's, translated)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                prompt = Align.center(Text(_("No matches found"), style="not bold"))
                self.query_one(CommandList).add_option(
                    Option(prompt, disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:  # discovery found nothing: nothing worth saying
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


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
        """The screens' names and help in the current language, each with what opens it."""
        return [
            (_(name), _(help_text), getattr(self.app, method))
            for name, help_text, method in SCREENS
        ]

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
