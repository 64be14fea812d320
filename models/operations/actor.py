"""The name a change is recorded under (``--user`` or the login name), checked like any name.

The name lands in every history line and in the conflict messages colleagues read, so it
must be shown as typed on their screens: no control characters (an escape sequence would
drive their terminal), no bidi embeddings, overrides or isolates (they reorder the rest of a
line), no line breaks, nothing invisible only. Its length limit is the history column's, so
SQLite (which would store any length) and PostgreSQL (which refuses more) agree, and the
check comes before any database work.
"""

from __future__ import annotations

import unicodedata

from models.domain.errors import ValidationError
from models.domain.i18n import N_, _
from models.domain.validation import shown
from models.storage.schema import DealEvent

ACTOR_LIMIT: int = DealEvent.actor.max_length
# Explicit bidi embeddings, overrides and isolates, plus the Arabic letter mark and the
# left-to-right/right-to-left marks: invisible, and they reorder what surrounds them.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Letters that draw nothing (Hangul fillers, the Braille blank): a name of only these is empty.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _bad_char(name: str) -> tuple[str, str] | None:
    """The first character a name may not hold, and what kind it is; None if all are fine."""
    for char in name:
        category = unicodedata.category(char)
        if category == "Cc" or char in "\u2028\u2029":
            return char, N_("a control character")
        if char in BIDI_CONTROLS:
            return char, N_("a bidi control character")
        if category == "Cs":
            return char, N_("an invalid character")
    return None


def _visible(char: str) -> bool:
    return not (
        char.isspace() or unicodedata.category(char) in ("Cf", "Mn") or char in BLANK_LETTERS
    )


def clean_actor(value: str, *, given: bool = True) -> str:
    """Return the trimmed name to record changes under, or raise ``ValidationError``.

    ``given`` says whether the user typed the name (``--user``) or it is the login name,
    so the sentence says what to change.
    """
    name = value.strip()
    if len(name) > ACTOR_LIMIT:
        problem = _("is {length} characters long; the limit is {limit}").format(
            length=len(name), limit=ACTOR_LIMIT
        )
        fix = ""
    elif (bad := _bad_char(name)) is not None:
        problem = _("contains {what} (U+{code:04X})").format(what=_(bad[1]), code=ord(bad[0]))
        fix = _("; remove it")
    elif not any(_visible(char) for char in name):
        problem, fix = _("shows no visible character"), _("; give a name")
    else:
        return name
    if given:
        raise ValidationError("user", _("--user {problem}{fix}.").format(problem=problem, fix=fix))
    raise ValidationError(
        "user",
        _("The login name {shown_name} {problem}; give a name with --user NAME.").format(
            shown_name=shown(name), problem=problem
        ),
    )
