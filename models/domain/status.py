"""A deal's status (open, accepted, rejected), the filter words and the words people read.

The values are the strings the ``deal.status`` column holds (docs/database.md); they never
change. People read an accepted deal as "won" and a rejected one as "lost": those words live
in ``STATUS_LABELS`` only, so the command line and the app say the same and a translation
changes one mapping.
"""

from __future__ import annotations

from enum import StrEnum

from models.domain.i18n import N_, Words


class Status(StrEnum):
    """Where a deal stands: still open, or closed as accepted (won) or rejected (lost)."""

    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"

    @property
    def is_closed(self) -> bool:
        """True for accepted and rejected: the deal has an outcome."""
        return self is not Status.OPEN

    @property
    def label(self) -> str:
        """The word people read for this status: open, won or lost."""
        return STATUS_LABELS[self]


# The two outcomes a deal can close with, accepted first (the order reports list them in).
CLOSED_STATUSES: tuple[Status, ...] = (Status.ACCEPTED, Status.REJECTED)


class StatusFilter(StrEnum):
    """Which deals a list shows: one status, or all of them."""

    OPEN = Status.OPEN.value
    ACCEPTED = Status.ACCEPTED.value
    REJECTED = Status.REJECTED.value
    ALL = "all"


# Plain strings, so messages and argparse's "choose from" show them as words.
STATUS_FILTERS: tuple[str, ...] = tuple(word.value for word in StatusFilter)


class AppliesTo(StrEnum):
    """Which outcome a reason explains: accepted deals, rejected deals or both."""

    ACCEPTED = Status.ACCEPTED.value
    REJECTED = Status.REJECTED.value
    BOTH = "both"


APPLIES_TO: tuple[str, ...] = tuple(word.value for word in AppliesTo)


# What people read for a status or a filter (keys compare equal to the plain strings).
# Each lookup reads the current language (``models.domain.i18n.Words``).
STATUS_LABELS: Words = Words(
    {
        StatusFilter.OPEN: N_("open"),
        StatusFilter.ACCEPTED: N_("won"),
        StatusFilter.REJECTED: N_("lost"),
        StatusFilter.ALL: N_("all"),
    }
)
# The status as stored (``accepted``), as people read it in a language: ``geaccepteerd``.
STATUS_WORDS: Words = Words(
    {
        StatusFilter.OPEN: N_("open"),
        StatusFilter.ACCEPTED: N_("accepted"),
        StatusFilter.REJECTED: N_("rejected"),
        StatusFilter.ALL: N_("all"),
    }
)
