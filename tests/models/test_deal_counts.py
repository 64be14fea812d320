"""Messages that count deals say one deal or several, in English and in Dutch."""

from __future__ import annotations

import pytest

from models.domain import i18n
from tui.i18n import ngettext as tui_ngettext

NO_HISTORY = (
    "{no_history} deal has no history at all.",
    "{no_history} deals have no history at all.",
)
MOVED = (
    "Moved {count} deal from {source} into {target}; {source} is archived.",
    "Moved {count} deals from {source} into {target}; {source} is archived.",
)


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 deal has no history at all.", "2 deals have no history at all."),
        (
            "nl",
            "1 deal heeft helemaal geen geschiedenis.",
            "2 deals hebben helemaal geen geschiedenis.",
        ),
    ],
)
def test_a_count_of_deals_is_singular_or_plural(language, one, two):
    i18n.set_language(language)
    try:
        assert i18n.ngettext(*NO_HISTORY, 1).format(no_history=1) == one
        assert i18n.ngettext(*NO_HISTORY, 2).format(no_history=2) == two
        moved = tui_ngettext(*MOVED, 1).format(count=1, source="A", target="B")
        assert moved.startswith("1 deal verplaatst" if language == "nl" else "Moved 1 deal from")
    finally:
        i18n.set_language("en")
