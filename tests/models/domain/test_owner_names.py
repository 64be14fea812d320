"""Which owner spellings look like one person (the rules of ``dealboard check``'s warning)."""

from __future__ import annotations

from models.domain.owner_names import (
    FIRST_NAME,
    LOGIN_AS_OWNER,
    SAME_NAME,
    LookAlike,
    look_alike_owners,
    look_alike_sentence,
    name_key,
)


def test_name_key_ignores_case_spaces_and_accents():
    assert name_key("Anna de Vriës") == name_key("anna  devries") == name_key("ANNA DE VRIES")
    assert name_key("Anna de Vries") != name_key("Anna de Vries-Jansen")


def test_a_login_used_as_owner_while_the_person_has_a_name():
    found = look_alike_owners({"anna": 3, "Anna de Vries": 12}, [("anna", "Anna de Vries")])
    assert found == [LookAlike(LOGIN_AS_OWNER, "anna", 3, ("Anna de Vries",), "anna")]
    assert look_alike_sentence(found[0]) == (
        "3 deals show owner 'anna', the login of 'Anna de Vries': the same person under two names."
    )


def test_the_login_counts_in_any_case_but_a_person_named_as_their_login_is_fine():
    assert look_alike_owners({"ANNA": 1}, [("anna", "Anna de Vries")])[0].rule == LOGIN_AS_OWNER
    assert look_alike_owners({"root": 5}, [("root", "root")]) == []


def test_the_same_name_apart_from_case_spaces_and_accents():
    found = look_alike_owners({"Anna de Vries": 12, "anna de vries": 2, "Anna de Vriës": 1}, [])
    assert found == [
        LookAlike(SAME_NAME, "Anna de Vriës", 1, ("Anna de Vries",), None),
        LookAlike(SAME_NAME, "anna de vries", 2, ("Anna de Vries",), None),
    ]
    assert look_alike_sentence(found[0]) == (
        "1 deal shows owner 'Anna de Vriës', which differs from 'Anna de Vries' only in case,"
        " spaces or accents."
    )


def test_a_persons_name_is_the_spelling_kept_even_when_less_used():
    found = look_alike_owners({"anna de vries": 9, "Anna de Vries": 1}, [("adv", "Anna de Vries")])
    assert found == [LookAlike(SAME_NAME, "anna de vries", 9, ("Anna de Vries",), "adv")]


def test_a_one_word_owner_that_is_the_first_name_of_a_longer_one():
    found = look_alike_owners({"anna": 3, "Anna de Vries": 12, "Anna Jansen": 4, "Bob": 1}, [])
    assert found == [LookAlike(FIRST_NAME, "anna", 3, ("Anna de Vries", "Anna Jansen"), None)]
    assert look_alike_sentence(found[0]) == (
        "3 deals show owner 'anna', the first name of 'Anna de Vries', 'Anna Jansen'."
    )
    # A person's name counts even when no deal shows it yet; then the login is named.
    assert look_alike_owners({"Bram": 2}, [("bb", "Bram Bakker")]) == [
        LookAlike(FIRST_NAME, "Bram", 2, ("Bram Bakker",), "bb")
    ]


def test_distinct_people_are_not_named_and_each_spelling_only_once():
    assert look_alike_owners({"Anna de Vries": 3, "Anna Jansen": 2, "Chris": 1}, []) == []
    found = look_alike_owners({"anna": 3, "Anna": 1, "Anna de Vries": 4}, [])
    assert [(item.rule, item.owner, item.same_as) for item in found] == [
        (SAME_NAME, "Anna", ("anna",)),
        (FIRST_NAME, "anna", ("Anna de Vries",)),
    ]
