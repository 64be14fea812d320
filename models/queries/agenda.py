"""The agenda's read model: the open deals with a next step, overdue first, then by date.

"Today" is the date of ``now`` in the database's time zone (``models.domain.periods``), as on
the board. A step is overdue before today, due today, due this week up to Sunday, or later;
a step without a date comes last ("no date"). A next step stored in another shape by another
client comes marked, its date counted as no date, instead of failing the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from models.domain.i18n import N_, _
from models.domain.periods import local_date
from models.domain.status import Status
from models.operations.history import utcnow
from models.operations.settings import database_zone
from models.queries.deal_views import iso_date
from models.queries.owners import owner_matches_user, user_display_name
from models.queries.view_types import AgendaEntry
from models.storage.rows import tuples
from models.storage.schema import Deal
from models.storage.stored_values import marked


class AgendaGroup(StrEnum):
    """When a next step is due, in the agenda's order; the value is the JSON word."""

    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"
    LATER = "later"
    NO_DATE = "no_date"

    @property
    def label(self) -> str:
        """The group's heading in the current language: ``This week``."""
        return _(GROUP_LABELS[self])


# Each group's heading, marked for the catalog (translated by ``AgendaGroup.label``).
GROUP_LABELS = {
    AgendaGroup.OVERDUE: N_("Overdue"),
    AgendaGroup.TODAY: N_("Today"),
    AgendaGroup.THIS_WEEK: N_("This week"),
    AgendaGroup.LATER: N_("Later"),
    AgendaGroup.NO_DATE: N_("No date"),
}


GROUP_ORDER = tuple(AgendaGroup)


def agenda_group(day: object, today: dt.date) -> AgendaGroup:
    """The group of a step due on ``day`` (a date, or anything else for none) seen on ``today``."""
    if not isinstance(day, dt.date):
        return AgendaGroup.NO_DATE
    if day < today:
        return AgendaGroup.OVERDUE
    if day == today:
        return AgendaGroup.TODAY
    if day <= today + dt.timedelta(days=6 - today.weekday()):  # up to Sunday
        return AgendaGroup.THIS_WEEK
    return AgendaGroup.LATER


@dataclass
class Agenda:
    """The agenda on one day: its entries in order (group, date, deal number)."""

    today: dt.date
    entries: list[AgendaEntry]

    def groups(self) -> list[tuple[AgendaGroup, list[AgendaEntry]]]:
        """The groups that hold an entry, in order, each with its entries."""
        found = [
            (group, [entry for entry in self.entries if entry["group"] == group])
            for group in GROUP_ORDER
        ]
        return [(group, entries) for group, entries in found if entries]


def load_agenda(
    now: dt.datetime | None = None, *, user: str | None = None, owner: str | None = None
) -> Agenda:
    """The open, live deals that have a next step, due soonest first.

    ``user`` keeps only that user's deals ("my deals": owned by the login or its display
    name, as ``owner_matches_user`` decides); ``owner`` only those whose owner is that name
    in any case.
    """
    today = local_date(now or utcnow(), database_zone())
    query = Deal.select(
        Deal.id,
        Deal.title,
        Deal.organization,
        Deal.owner,
        Deal.next_step,
        Deal.next_step_date,
        Deal.version,
    ).where(
        Deal.deleted_at.is_null(),
        Deal.status == Status.OPEN,
        Deal.next_step.is_null(False),
        Deal.next_step != "",
    )
    name = user_display_name(user) if user is not None else None
    wanted = owner.strip().casefold() if owner is not None else None
    entries: list[AgendaEntry] = []
    for deal_id, title, organization, deal_owner, step, day, version in tuples(query):
        shown_owner = marked(deal_owner)
        if user is not None and not owner_matches_user(shown_owner, user, name):
            continue
        if wanted is not None and shown_owner.casefold() != wanted:
            continue
        entries.append(
            {
                "group": agenda_group(day, today),
                "next_step_date": iso_date(day),
                "next_step": marked(step),
                "id": deal_id,
                "title": marked(title),
                "organization": marked(organization),
                "owner": shown_owner,
                "version": version,
            }
        )
    entries.sort(
        key=lambda entry: (
            GROUP_ORDER.index(AgendaGroup(entry["group"])),
            entry["next_step_date"] or "",
            entry["id"],
        )
    )
    return Agenda(today=today, entries=entries)
