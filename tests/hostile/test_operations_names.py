"""Corpus values as phase and reason names: added and renamed as the rules say, or refused."""

from __future__ import annotations

import pytest

from models.operations import phases, reasons
from tests.hostile.corpus import aimed_at
from tests.hostile.corpus_entry import NAME, Hostile
from tests.hostile.expected import expected_name
from tests.hostile.operations_helpers import Checker, Store, ids

# -- phase and reason names ---------------------------------------------------------------


@pytest.mark.parametrize("entry", aimed_at(NAME), ids=ids(aimed_at(NAME)))
def test_names(store: Store, entry: Hostile) -> None:
    check = Checker(store, entry)
    value = entry.value
    check(
        "add_phase(name)",
        lambda: phases.add_phase(value, 40),
        expected_name("phase", value, store.names("phase")),
        lambda phase: store.value("SELECT name FROM phase WHERE id = ?", phase.id),
    )
    check(
        "rename_phase(Order, name)",
        lambda: phases.rename_phase("Order", value),
        expected_name("phase", value, [name for name in store.names("phase") if name != "Order"]),
        lambda phase: store.value("SELECT name FROM phase WHERE id = ?", phase.id),
    )
    check(
        "add_reason(name)",
        lambda: reasons.add_reason(value, "both"),
        expected_name("reason", value, store.names("reason")),
        lambda reason: store.value("SELECT name FROM reason WHERE id = ?", reason.id),
    )
    check.verdict()
