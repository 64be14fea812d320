"""Corpus values as people's logins and display names: stored as the rules say, or refused."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from models.operations import people
from tests.hostile.corpus import aimed_at
from tests.hostile.corpus_entry import NAME, Hostile
from tests.hostile.expected import REFUSED, expected_text
from tests.hostile.operations_helpers import Checker, Store, ids

TAKEN = "someone"  # the login the display-name check adds first


def expected_login(value: str) -> Any:
    """A login: trimmed, 1 to 200 characters, no white space, no control or format character."""
    text = value.strip()
    if not text or len(text) > 200 or text.casefold() == TAKEN:
        return REFUSED
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return REFUSED
    return text


@pytest.mark.parametrize("entry", aimed_at(NAME), ids=ids(aimed_at(NAME)))
def test_people(store: Store, entry: Hostile) -> None:
    check = Checker(store, entry)
    value = entry.value
    check(
        "add_person(login, name)",
        lambda: people.add_person(TAKEN, value),
        expected_text("owner", value, required=True),  # an owner's limits: 200, printable
        lambda person: store.value("SELECT name FROM person WHERE id = ?", person.id),
    )
    check(
        "add_person(login)",
        lambda: people.add_person(value, "Some One"),
        expected_login(value),
        lambda person: store.value("SELECT login FROM person WHERE id = ?", person.id),
    )
    check.verdict()
