"""What the free-text inputs suggest: values in use, most used first; people first for owners."""

from __future__ import annotations

from models.operations import deals, people
from models.queries.suggestions import new_deal_defaults, used_values
from tests.conftest import ACTOR


def test_values_in_use_most_used_first_without_empty_or_deleted(db):
    for organization in ("Acme", "Beta", "Acme", ""):
        deals.create_deal("D", actor=ACTOR, organization=organization, contact="Jan")
    gone = deals.create_deal("Gone", actor=ACTOR, organization="Deleted BV")
    deals.delete_deal(gone.id, actor=ACTOR)
    found = used_values(("organization", "contact"))
    assert found == {"organization": ["Acme", "Beta"], "contact": ["Jan"]}


def test_owners_offer_the_active_peoples_names_first(db):
    for owner in ("anna", "anna", "anna", "Zoe Bakker", "Bob de Wit"):
        deals.create_deal("D", actor=ACTOR, owner=owner)
    people.add_person("anna", "Anna de Vries")
    people.add_person("bob", "Bob de Wit")
    people.add_person("carl", "Carl Gone")
    people.set_person_archived("carl")
    assert used_values(("owner",))["owner"] == [
        "Anna de Vries",
        "Bob de Wit",
        "anna",
        "Zoe Bakker",
    ]


def test_the_new_deal_form_starts_with_the_acting_logins_name(db):
    deals.create_deal("D", actor=ACTOR, organization="Acme", source="Fair")
    assert new_deal_defaults("anna") == {
        "owner": "anna",
        "suggestions": {"organization": ["Acme"], "contact": [], "owner": [], "source": ["Fair"]},
    }
    people.add_person("anna", "Anna de Vries")
    defaults = new_deal_defaults("anna")
    assert defaults["owner"] == "Anna de Vries"
    assert defaults["suggestions"]["owner"] == ["Anna de Vries"]
