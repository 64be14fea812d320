r"""What an input shows for a stored value, and what is saved from what the user left there.

An input holds the real text: every character ``models.validation`` keeps (a zero-width
joiner, a bidi isolate, a variation selector …) is shown and saved as it is. Only characters
that validation refuses, which just another client or an older version can have stored,
are shown escaped (``\x1b``, ``\u202e``): raw, they would drive or reorder the terminal.
Such an escape is never saved as if typed: a value left as shown keeps the stored text, and
in an edited value each escape that stood for a stored character becomes that character
again, so validation refuses it by name and the user removes it.
"""

from __future__ import annotations

from models.validation import refused_character


def _escape(char: str) -> str:
    if char == "\n":
        return "\\n"
    return f"\\x{ord(char):02x}" if ord(char) < 256 else f"\\u{ord(char):04x}"


def shown_in_input(value: str | None, *, multiline: bool = False) -> str:
    """The text an input shows for a stored value: real, but refused characters escaped."""
    if not value:
        return ""
    return "".join(
        _escape(char) if refused_character(char, multiline=multiline) else char for char in value
    )


def saved_from_input(typed: str, stored: str | None, *, multiline: bool = False) -> str:
    """The value to save from an input that was filled with ``shown_in_input(stored)``."""
    stored = stored or ""
    if typed == shown_in_input(stored, multiline=multiline):
        return stored
    for char in dict.fromkeys(stored):
        if refused_character(char, multiline=multiline):
            typed = typed.replace(_escape(char), char)
    return typed
