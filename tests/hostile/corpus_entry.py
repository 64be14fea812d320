"""One entry of the hostile-input corpus: the ``Hostile`` class and the kinds of input.

Each entry has an ``id`` (used in test ids, so ASCII), the ``value`` (always a ``str``, as
every input of the app arrives: typed, a command-line argument or a CSV cell), the
``category`` it illustrates and the ``kinds`` of input it is aimed at:

- ``text``: free-text deal fields (title, organization, contact, owner, source, note,
  competitor, closing note) and settings values;
- ``name``: phase and reason names;
- ``money``: amounts (a deal's value);
- ``probability``: win probabilities (a phase's, a deal's override) and positions;
- ``date``: dates (expected close, report periods, CSV timestamps).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TEXT = "text"
NAME = "name"
MONEY = "money"
PROBABILITY = "probability"
DATE = "date"
KINDS = (TEXT, NAME, MONEY, PROBABILITY, DATE)

EVERY_KIND = frozenset(KINDS)  # strings hostile to any input
NUMBER_KINDS = frozenset({MONEY, PROBABILITY})  # as text they are harmless
DATE_KINDS = frozenset({DATE})


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Hostile:
    """One hostile value and what it is aimed at."""

    id: str
    value: str
    category: str
    kinds: frozenset[str]

    def targets(self, kind: str) -> bool:
        """True when the value is meant for inputs of ``kind``."""
        return kind in self.kinds

    @property
    def has_control(self) -> bool:
        """True when a C0/C1 control character, line/paragraph separator or surrogate is in it."""
        return any(
            unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029"
            for char in self.value
        )

    @property
    def has_surrogate(self) -> bool:
        """True for a lone surrogate: no UTF-8 encoder (SQLite, a file, a terminal) takes it."""
        # The surrogates are exactly Unicode's category Cs; a regex scans megabyte values in C.
        return _SURROGATE.search(self.value) is not None

    @property
    def typeable(self) -> bool:
        """True when a person could type it into a one-line field in a reasonable time."""
        return not self.has_control and 0 < len(self.value) <= 40 and "\t" not in self.value


def group(category: str, kinds: frozenset[str], values: list[tuple[str, str]]) -> list[Hostile]:
    """The entries of one category, all aimed at ``kinds``, from ``(id, value)`` pairs."""
    return [Hostile(ident, value, category, kinds) for ident, value in values]
