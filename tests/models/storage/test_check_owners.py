"""``check`` names owners that look like one person, as warnings that keep it healthy."""

from __future__ import annotations

from models.operations import deals, people
from models.storage.maintenance import check_database
from tests.conftest import ACTOR


def test_look_alike_owners_are_warnings_not_problems(db):
    people.add_person("anna", "Anna de Vries")
    for owner in ("anna", "anna", "Anna de Vries", "bram", "Bram Bakker", "Chris"):
        deals.create_deal("D", actor=ACTOR, owner=owner)
    gone = deals.create_deal("Gone", actor=ACTOR, owner="chris jansen")
    deals.delete_deal(gone.id, actor=ACTOR)  # deleted deals are left out
    result = check_database()
    assert result.healthy and result.problems == []
    assert result.warnings == [
        {
            "problem": "owners_look_alike",
            "rule": "login_as_owner",
            "owner": "anna",
            "deals": 2,
            "same_as": ["Anna de Vries"],
            "login": "anna",
            "message": "2 deals show owner 'anna', the login of 'Anna de Vries': the same"
            " person under two names.",
        },
        {
            "problem": "owners_look_alike",
            "rule": "first_name",
            "owner": "bram",
            "deals": 1,
            "same_as": ["Bram Bakker"],
            "login": None,
            "message": "1 deal shows owner 'bram', the first name of 'Bram Bakker'.",
        },
    ]
    assert result.warnings_left_off == 0


def test_no_warnings_when_owners_are_distinct(db):
    for owner in ("Anna de Vries", "Bram Bakker", ""):
        deals.create_deal("D", actor=ACTOR, owner=owner)
    result = check_database()
    assert result.healthy and result.warnings == []


def test_at_most_twenty_are_listed(db):
    for index in range(23):
        deals.create_deal("D", actor=ACTOR, owner=f"Person{index} Surname")
        deals.create_deal("D", actor=ACTOR, owner=f"person{index}")
    result = check_database()
    assert len(result.warnings) == 20 and result.warnings_left_off == 3
