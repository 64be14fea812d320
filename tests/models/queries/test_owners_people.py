""" "My deals" counts the deals owned by the user's login and by their display name."""

from __future__ import annotations

from models.operations import people
from models.queries.owners import owner_matches_user, user_display_name


def test_the_display_name_counts_as_the_user_too():
    assert owner_matches_user("Anna de Vries", "anna", "Anna de Vries")
    assert owner_matches_user("anna", "anna", "Anna de Vries")
    assert not owner_matches_user("anna de vries", "anna", "Anna de Vries")
    assert not owner_matches_user("", "anna", "")
    assert not owner_matches_user("", "anna", None)


def test_user_display_name_reads_the_person_of_the_login(db):
    assert user_display_name("anna") is None
    people.add_person("anna", "Anna de Vries")
    assert user_display_name("anna") == "Anna de Vries"
    assert user_display_name("ANNA") == "Anna de Vries"
    assert user_display_name("bob") is None
