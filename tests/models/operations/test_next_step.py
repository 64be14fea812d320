"""A deal's next step: set, changed and cleared through ``edit_deal``, checked and recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from models.domain.errors import ConflictError, ValidationError
from models.domain.wording import history_line
from models.operations import deals
from models.queries.deal_views import deal_to_dict

ACTOR = "tester"
T0 = dt.datetime(2026, 3, 1, 9, 30, 0)
T1 = T0 + dt.timedelta(hours=1)


def test_setting_a_next_step_stores_both_and_records_each(make_deal, deal_row, events):
    deal = make_deal("Website", at=T0)
    changed = deals.edit_deal(
        deal.id,
        {"next_step": "  Call Anna about the offer ", "next_step_date": "2026-03-04"},
        actor="bram",
        expect_version=1,
        at=T1,
    )
    row = deal_row(deal.id)
    assert (row["next_step"], row["next_step_date"]) == ("Call Anna about the offer", "2026-03-04")
    assert row["version"] == changed.version == 2
    history = [(e["kind"], e["field"], e["old_value"], e["new_value"]) for e in events(deal.id)]
    assert history[1:] == [
        ("field", "next_step", None, "Call Anna about the offer"),
        ("field", "next_step_date", None, "2026-03-04"),
    ]
    assert history_line("next_step", None, "Call Anna") == "next step: (empty) → Call Anna"
    assert history_line("next_step_date", "2026-03-04", None) == (
        "next step date: 2026-03-04 → (empty)"
    )
    view = deal_to_dict(changed)
    assert (view["next_step"], view["next_step_date"]) == (
        "Call Anna about the offer",
        "2026-03-04",
    )


def test_clearing_both_at_once_and_an_empty_text_means_none(make_deal, deal_row, events):
    deal = make_deal("Website", at=T0)
    deals.edit_deal(deal.id, {"next_step": "Call", "next_step_date": "2026-03-04"}, actor=ACTOR)
    deals.edit_deal(deal.id, {"next_step": "", "next_step_date": None}, actor=ACTOR, at=T1)
    row = deal_row(deal.id)
    assert (row["next_step"], row["next_step_date"]) == (None, None)
    assert [(e["field"], e["old_value"], e["new_value"]) for e in events(deal.id)][-2:] == [
        ("next_step", "Call", None),
        ("next_step_date", "2026-03-04", None),
    ]
    # Nothing changed: no version, no history.
    again = deals.edit_deal(deal.id, {"next_step": "   ", "next_step_date": ""}, actor=ACTOR)
    assert again.version == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"next_step": "x" * 201}, "next_step", "Next step is 201 characters long"),
        ({"next_step": "Call\x1b[31m"}, "next_step", "Next step contains a control character"),
        ({"next_step": "Call\nthen mail"}, "next_step", "control character"),
        ({"next_step": "Call", "next_step_date": "2026-02-30"}, "next_step_date", "not a real"),
        ({"next_step": "Call", "next_step_date": "tomorrow"}, "next_step_date", "YYYY-MM-DD"),
        ({"next_step_date": "2026-03-04"}, "next_step", "needs the next step itself"),
    ],
)
def test_a_bad_next_step_is_refused_and_nothing_changes(
    make_deal, deal_row, events, changes, field, message
):
    deal = make_deal("Website", at=T0)
    with pytest.raises(ValidationError, match=message) as caught:
        deals.edit_deal(deal.id, changes, actor=ACTOR)
    assert caught.value.field == field
    assert deal_row(deal.id)["version"] == 1
    assert len(events(deal.id)) == 1


def test_the_date_message_names_the_next_step_date(make_deal):
    deal = make_deal("Website", at=T0)
    with pytest.raises(ValidationError, match=r"^Next step date 2026-02-30 is not a real date"):
        deals.edit_deal(deal.id, {"next_step": "Call", "next_step_date": "2026-02-30"}, actor="t")


def test_clearing_only_the_step_while_a_date_stays_is_refused(make_deal, deal_row):
    deal = make_deal("Website", at=T0)
    deals.edit_deal(deal.id, {"next_step": "Call", "next_step_date": "2026-03-04"}, actor=ACTOR)
    with pytest.raises(ValidationError, match="needs the next step"):
        deals.edit_deal(deal.id, {"next_step": ""}, actor=ACTOR)
    deals.edit_deal(deal.id, {"next_step_date": ""}, actor=ACTOR)  # the date alone may go
    assert deal_row(deal.id)["next_step"] == "Call"


def test_a_stale_version_is_a_conflict_naming_the_next_step(make_deal, deal_row):
    deal = make_deal("Website", at=T0)
    deals.edit_deal(deal.id, {"next_step": "Call"}, actor="anna", expect_version=1, at=T1)
    with pytest.raises(ConflictError) as caught:
        deals.edit_deal(deal.id, {"next_step": "Mail"}, actor="bram", expect_version=1)
    assert [(c.actor, c.field, c.new_value) for c in caught.value.changes] == [
        ("anna", "next_step", "Call")
    ]
    assert deal_row(deal.id)["next_step"] == "Call"


def test_a_new_deal_can_start_with_a_next_step(make_deal, deal_row):
    deal = make_deal("Website", next_step="Send the offer", next_step_date="2026-03-02", at=T0)
    row = deal_row(deal.id)
    assert (row["next_step"], row["next_step_date"]) == ("Send the offer", "2026-03-02")
    with pytest.raises(ValidationError, match="needs the next step"):
        make_deal("Dateless", next_step_date="2026-03-02")
