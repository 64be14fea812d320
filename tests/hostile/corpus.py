"""The hostile-input corpus: values that break terminals, parsers, layouts and SQL, as data.

The entries (``Hostile``, the kinds of input) are defined in tests/hostile/corpus_entry.py,
the values by category in tests/hostile/corpus_text.py (aimed at every input) and
tests/hostile/corpus_values.py (numbers and dates); here they are put together in one
order, by id and by category. What the rules say each value becomes is in
tests/hostile/expected.py.
"""

from __future__ import annotations

from tests.hostile.corpus_entry import Hostile
from tests.hostile.corpus_text import CONTROLS, LONG, MARKUP, SQL_AND_FORMATS, UNICODE, WHITESPACE
from tests.hostile.corpus_values import DATES, NUMBERS

CORPUS: list[Hostile] = [
    *MARKUP,
    *CONTROLS,
    *UNICODE,
    *WHITESPACE,
    *SQL_AND_FORMATS,
    *LONG,
    *NUMBERS,
    *DATES,
]
BY_ID: dict[str, Hostile] = {entry.id: entry for entry in CORPUS}
CATEGORIES = tuple(dict.fromkeys(entry.category for entry in CORPUS))

assert len(BY_ID) == len(CORPUS), "corpus ids must be unique"
assert len({entry.value for entry in CORPUS}) == len(CORPUS), "corpus values must be distinct"


def aimed_at(kind: str) -> list[Hostile]:
    """The entries meant for inputs of ``kind``, in corpus order."""
    return [entry for entry in CORPUS if entry.targets(kind)]


def sample(entries: list[Hostile], every: int) -> list[Hostile]:
    """Every ``every``-th entry, plus each category's first, for the slower kinds of test."""
    picked = {id(entry) for entry in entries[::every]}
    seen: set[str] = set()
    for entry in entries:
        if entry.category not in seen:
            seen.add(entry.category)
            picked.add(id(entry))
    return [entry for entry in entries if id(entry) in picked]
