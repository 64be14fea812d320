"""What a search typed on the board means: words to find, and deal numbers (``431``, ``#431``).

Deal numbers are used everywhere ("restore with ``dealboard deal restore 539``"), so a
search for ``#431`` finds deal 431 and nothing else, and a bare ``431`` finds deal 431 as
well as any deal whose title, organization, contact or owner contains "431".
"""

from __future__ import annotations

from collections.abc import Callable


def deal_number(word: str) -> int | None:
    """The deal number a word names (``431`` or ``#431``), or None."""
    digits = word[1:] if word.startswith("#") else word
    if digits.isascii() and digits.isdigit():
        return int(digits)
    return None


def has_number(query: str) -> bool:
    """Whether any word of ``query`` names a deal number (narrowing while typing is unsafe then)."""
    return any(deal_number(word) is not None for word in query.split())


def card_matcher(query: str) -> Callable[[int, str], bool]:
    """A test ``(deal id, casefolded haystack) -> bool``: every word of ``query`` matches.

    A ``#N`` word matches deal N only; a bare ``N`` matches deal N or a haystack containing
    it; any other word matches a haystack containing it, in any case.
    """
    words = query.casefold().split()
    plain = [word for word in words if deal_number(word) is None]
    numbered = [(word, deal_number(word)) for word in words if deal_number(word) is not None]
    if not numbered:
        return lambda _deal_id, haystack: all(word in haystack for word in plain)

    def matches(deal_id: int, haystack: str) -> bool:
        for word, number in numbered:
            if deal_id != number and (word.startswith("#") or word not in haystack):
                return False
        return all(word in haystack for word in plain)

    return matches


def exact_number(query: str) -> int | None:
    """The deal number when the whole query is one (``431``, ``#431``): its deal comes first."""
    words = query.split()
    return deal_number(words[0]) if len(words) == 1 else None
