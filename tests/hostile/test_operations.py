"""Corpus text through every text input of the operations: deal fields, closing, settings."""

# Each call either succeeds and the value read back through a separate sqlite3 connection is
# exactly what the rules in ``corpus`` say (text trimmed, notes keeping inner newlines and
# tabs), or it raises a ``DealboardError`` with a one-line printable message and every table
# is unchanged. Anything else (another exception, a half-written row) is a failure naming the
# operation. The Store, the Checker and ``setting_values`` are in operations_helpers.py, the
# fixtures that give a test its ``store`` in conftest.py; the other test_operations_* modules
# (and test_csv) use them too.

from __future__ import annotations

from typing import Any

import pytest

from models.operations import deals
from tests.hostile.corpus import aimed_at
from tests.hostile.corpus_entry import TEXT, Hostile
from tests.hostile.expected import REFUSED, expected_text
from tests.hostile.operations_helpers import ACTOR, Checker, Store, ids, setting_values, short

DEAL_TEXTS = ("title", "organization", "contact", "owner", "source", "note")


# -- free text: deal fields, closing, settings ---------------------------------------------


def text_fields(check: Checker, store: Store, value: str) -> None:
    """Create a deal with the value in each text field, then edit each field to it."""
    check(
        "create_deal(title)",
        lambda: deals.create_deal(value, actor=ACTOR),
        expected_text("title", value, required=True),
        lambda deal: store.deal(deal.id, "title"),
    )
    for field in DEAL_TEXTS[1:]:
        check(
            f"create_deal({field}=)",
            lambda field=field: deals.create_deal("Hostile", actor=ACTOR, **{field: value}),
            expected_text(field, value),
            lambda deal, field=field: store.deal(deal.id, field),
        )
    base = deals.create_deal(
        "Base", actor=ACTOR, organization="Org", contact="C", owner="O", source="S", note="N"
    )
    for field in DEAL_TEXTS:
        check(
            f"edit_deal({field})",
            lambda field=field: deals.edit_deal(base.id, {field: value}, actor=ACTOR),
            expected_text(field, value, required=field == "title"),
            lambda _deal, field=field: store.deal(base.id, field),
        )
    # The history holds what was stored, not the raw input.
    expected_note = expected_text("note", value)
    if expected_note not in (REFUSED, "N"):
        recorded = store.value(
            "SELECT new_value FROM deal_event WHERE deal_id = ? AND field = 'note'"
            " ORDER BY id DESC LIMIT 1",
            base.id,
        )
        if recorded != expected_note:
            check.problems.append(f"history of the note: {short(recorded)}")


def expected_reason(store: Store, value: str, outcome: str) -> Any:
    """The reason id a close with ``reason=value`` stores: by name (any case) or id."""
    wanted = value.strip()
    if not wanted:
        required = store.value(
            "SELECT value FROM setting WHERE key = ?",
            "require_reason_on_reject" if outcome == "rejected" else "require_reason_on_accept",
        )
        return REFUSED if required == "1" else None
    found = [
        row
        for row in store.rows("SELECT id, name, applies_to, archived FROM reason")
        if row[1].casefold() == wanted.casefold()
        or (wanted.isascii() and wanted.isdigit() and len(wanted) < 19 and row[0] == int(wanted))
    ]
    if not found or found[0][3] or found[0][2] not in (outcome, "both"):
        return REFUSED
    return found[0][0]


def closing(check: Checker, store: Store, value: str) -> None:
    """Close deals with the value as competitor, closing note and reason; edit them after."""
    lost = deals.create_deal("Lost one", actor=ACTOR)
    check(
        "close_deal(rejected, competitor=)",
        lambda: deals.close_deal(
            lost.id, "rejected", actor=ACTOR, reason="Price too high", competitor=value
        ),
        expected_text("competitor", value),
        lambda _deal: store.deal(lost.id, "competitor"),
    )
    won = deals.create_deal("Won one", actor=ACTOR)
    check(
        "close_deal(accepted, note=)",
        lambda: deals.close_deal(won.id, "accepted", actor=ACTOR, note=value),
        expected_text("close_note", value),
        lambda _deal: store.deal(won.id, "close_note"),
    )
    other = deals.create_deal("Reasoned", actor=ACTOR)
    check(
        "close_deal(rejected, reason=)",
        lambda: deals.close_deal(other.id, "rejected", actor=ACTOR, reason=value),
        expected_reason(store, value, "rejected"),
        lambda _deal: store.deal(other.id, "reason_id"),
    )
    if store.deal(lost.id, "status") != "rejected":
        deals.close_deal(lost.id, "rejected", actor=ACTOR, reason="Price too high")
    for field in ("competitor", "close_note"):
        check(
            f"edit_deal({field}) of a lost deal",
            lambda field=field: deals.edit_deal(lost.id, {field: value}, actor=ACTOR),
            expected_text(field, value),
            lambda _deal, field=field: store.deal(lost.id, field),
        )


@pytest.mark.parametrize("entry", aimed_at(TEXT), ids=ids(aimed_at(TEXT)))
def test_text_inputs(store: Store, entry: Hostile) -> None:
    check = Checker(store, entry)
    text_fields(check, store, entry.value)
    closing(check, store, entry.value)
    setting_values(check, store, entry.value)
    check.verdict()
