r"""What an input shows for a stored value, and what is saved from what the user left there.

An input holds the real text: every character ``models.domain.validation`` keeps (a zero-width
joiner, a bidi isolate, a variation selector …) is shown and saved as it is. Only characters
that validation refuses, which just another client or an older version can have stored,
are shown escaped (``\x1b``, ``\u202e``): raw, they would drive or reorder the terminal;
so is a joiner with nothing to join, which would shift the line.
Such an escape is never saved as if typed: a value left as shown keeps the stored text, and
in an edited value each escape that stood for a stored character becomes that character
again, so validation judges the real text (naming a refused character, which the user then
removes).
"""

from __future__ import annotations

from models.domain.validation import printable, refused_character

JOINERS = "\u200c\u200d"


def _escape(char: str) -> str:
    if char == "\n":
        return "\\n"
    return f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}"


def _hidden(text: str, index: int, multiline: bool) -> bool:
    """Whether the character at ``index`` is shown escaped.

    Besides refused characters: a joiner with nothing on one side to join (at an end, or
    beside a space) does nothing visible, and the terminal would measure the space after
    it as part of it, shifting the rest of the line.
    """
    char = text[index]
    if refused_character(char, multiline=multiline):
        return True
    if char not in JOINERS:
        return False
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return before.isspace() or after.isspace()


def shown_in_input(value: str | None, *, multiline: bool = False) -> str:
    """The text an input shows for a stored value: real, but refused characters escaped."""
    if not value:
        return ""
    if printable(value, multiline=multiline):  # no refused character, no joiner (format)
        return value
    return "".join(
        _escape(char) if _hidden(value, index, multiline) else char
        for index, char in enumerate(value)
    )


def saved_from_input(typed: str, stored: str | None, *, multiline: bool = False) -> str:
    """The value to save from an input that was filled with ``shown_in_input(stored)``."""
    stored = stored or ""
    if typed == shown_in_input(stored, multiline=multiline):
        return stored
    if printable(stored, multiline=multiline):  # nothing was shown escaped
        return typed
    hidden = {stored[index] for index in range(len(stored)) if _hidden(stored, index, multiline)}
    for char in hidden:
        typed = typed.replace(_escape(char), char)
    return typed
