"""Reasons (add, edit, archive) and per-database settings."""

from __future__ import annotations

import pytest

from models.domain.errors import NotFound, RuleError, ValidationError
from models.operations import deals, reasons, settings

ACTOR = "tester"


@pytest.fixture
def reason_row(rows):
    def read(name):
        found = rows("SELECT * FROM reason WHERE name = ?", name)
        return found[0] if found else None

    return read


def test_add_reason(db, reason_row):
    added = reasons.add_reason("  Faster delivery ", "Accepted")
    row = reason_row("Faster delivery")
    assert row is not None
    assert (row["id"], row["applies_to"], row["archived"]) == (added.id, "accepted", 0)
    assert reasons.add_reason("Gut feeling").applies_to == "both"


def test_edit_reason_name_and_outcome(make_deal, reason_row, deal_row):
    deal = make_deal()
    deals.accept_deal(deal.id, actor=ACTOR, reason="Best price")
    reason_id = reason_row("Best price")["id"]
    reasons.edit_reason("best price", name="Lowest price", applies_to="both")
    assert reason_row("Best price") is None
    row = reason_row("Lowest price")
    assert (row["id"], row["applies_to"]) == (reason_id, "both")
    assert deal_row(deal.id)["reason_id"] == reason_id  # deals keep the reason itself


def test_archive_and_unarchive_reason(make_deal, reason_row, db_snapshot):
    reasons.set_reason_archived("No budget")
    assert reason_row("No budget")["archived"] == 1
    assert "No budget" not in [r.name for r in reasons.reasons_for("rejected")]
    assert "No budget" in [r.name for r in reasons.reasons_for("rejected", include_archived=True)]
    deal = make_deal()
    before = db_snapshot()
    with pytest.raises(ValidationError, match="archived") as caught:
        deals.reject_deal(deal.id, actor=ACTOR, reason="No budget")
    assert caught.value.field == "reason"
    assert db_snapshot() == before
    reasons.set_reason_archived("No budget", archived=False)
    assert reason_row("No budget")["archived"] == 0
    deals.reject_deal(deal.id, actor=ACTOR, reason="No budget")


def test_archived_reason_stays_on_deals_that_have_it(make_deal, reason_row, deal_row):
    deal = make_deal()
    deals.reject_deal(deal.id, actor=ACTOR, reason="Bad timing")
    reasons.set_reason_archived("Bad timing")
    # Editing other fields of the closed deal keeps the archived reason.
    deals.edit_deal(deal.id, {"reason": "Bad timing", "close_note": "later"}, actor=ACTOR)
    assert deal_row(deal.id)["reason_id"] == reason_row("Bad timing")["id"]


def test_reasons_for_filters_by_outcome(db):
    accepted = {r.name for r in reasons.reasons_for("accepted")}
    rejected = {r.name for r in reasons.reasons_for("rejected")}
    assert "Best price" in accepted and "Best price" not in rejected
    assert "No budget" in rejected and "No budget" not in accepted
    assert "Other" in accepted and "Other" in rejected


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: reasons.add_reason("", "both"), ValidationError, "cannot be empty"),
        (lambda: reasons.add_reason("x" * 101, "both"), ValidationError, "limit is 100"),
        (lambda: reasons.add_reason("OTHER", "both"), ValidationError, "already exists"),
        (
            lambda: reasons.add_reason("Fine", "maybe"),
            ValidationError,
            "accepted, rejected or both",
        ),
        (lambda: reasons.add_reason("Bad\x1bname", "both"), ValidationError, "control character"),
        (lambda: reasons.edit_reason("Other", name="no budget"), ValidationError, "already exists"),
        (lambda: reasons.edit_reason("Other"), ValidationError, "Nothing to change"),
        (lambda: reasons.edit_reason("Nope", name="x"), NotFound, "no reason 'Nope'"),
        (lambda: reasons.set_reason_archived("Other", archived=False), RuleError, "already active"),
    ],
)
def test_bad_reason_input_is_refused(db, db_snapshot, call, error, message):
    before = db_snapshot()
    with pytest.raises(error, match=message):
        call()
    assert db_snapshot() == before


def test_set_settings(db, rows):
    assert settings.set_setting("currency", " usd ") == "USD"
    assert settings.set_setting("language", "NL") == "nl"
    assert settings.set_setting("require_reason_on_accept", "ja") == "1"
    assert settings.set_setting("require_reason_on_reject", "off") == "0"
    assert settings.set_setting("stale_days", "014") == "14"
    stored = {r["key"]: r["value"] for r in rows("SELECT * FROM setting")}
    assert stored == {
        "currency": "USD",
        "language": "nl",
        "require_reason_on_accept": "1",
        "require_reason_on_reject": "0",
        "stale_days": "14",
    }
    # An unset time zone follows the language: this database is now Dutch.
    assert settings.get_settings() == {**stored, "timezone": "Europe/Amsterdam"}
    assert settings.setting_flag("require_reason_on_accept") is True


def test_stored_language_is_the_setting_without_a_default(db):
    from models.storage.schema import Setting

    assert settings.stored_language() == "en"  # seeded
    settings.set_setting("language", "nl")
    assert settings.stored_language() == "nl"
    Setting.delete().where(Setting.key == "language").execute()  # an older database's
    assert settings.stored_language() is None  # the locale decides (models.domain.language)
    assert settings.get_settings()["language"] == "en"


def test_require_reason_on_accept_setting_is_honoured(make_deal, db_snapshot, deal_row):
    settings.set_setting("require_reason_on_accept", "yes")
    deal = make_deal()
    before = db_snapshot()
    with pytest.raises(ValidationError, match="reason is required to accept") as caught:
        deals.accept_deal(deal.id, actor=ACTOR)
    assert caught.value.field == "reason"
    assert db_snapshot() == before
    deals.accept_deal(deal.id, actor=ACTOR, reason="Best price")
    assert deal_row(deal.id)["status"] == "accepted"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("currency", "EURO", "three-letter code"),
        ("currency", "€", "three-letter code"),
        ("language", "de", "Language must be one of en, nl"),
        ("require_reason_on_reject", "maybe", "yes or no"),
        ("stale_days", "0", "from 1 to 3650"),
        ("stale_days", "-5", "from 1 to 3650"),
        ("stale_days", "3651", "from 1 to 3650"),
        ("colour", "blue", "Unknown setting 'colour'"),
    ],
)
def test_bad_settings_are_refused(db, db_snapshot, key, value, message):
    before = db_snapshot()
    with pytest.raises(ValidationError, match=message) as caught:
        settings.set_setting(key, value)
    assert caught.value.field == key
    assert db_snapshot() == before
