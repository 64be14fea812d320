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
            return char, "a control character"
        if char in BIDI_CONTROLS:
            return char, "a bidi control character"
        if category == "Cs":
            return char, "an invalid character"
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
        problem, fix = f"is {len(name)} characters long; the limit is {ACTOR_LIMIT}", ""
    elif (bad := _bad_char(name)) is not None:
        problem, fix = f"contains {bad[1]} (U+{ord(bad[0]):04X})", "; remove it"
    elif not any(_visible(char) for char in name):
        problem, fix = "shows no visible character", "; give a name"
    else:
        return name
    if given:
        raise ValidationError("user", f"--user {problem}{fix}.")
    raise ValidationError(
        "user", f"The login name {shown(name)} {problem}; give a name with --user NAME."
    )
