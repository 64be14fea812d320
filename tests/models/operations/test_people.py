"""People (add, edit, archive), the login rules, and a new deal's default owner."""

from __future__ import annotations

import pytest

from models.domain.errors import NotFound, RuleError, ValidationError
from models.operations import people
from models.storage.changes import ChangeWatcher

PEOPLE = "SELECT login, name, archived FROM person ORDER BY id"


def test_add_person_stores_login_and_name_as_typed(db, rows):
    added = people.add_person("  anna ", "  Anna de Vries ")
    assert (added.login, added.name, added.archived) == ("anna", "Anna de Vries", False)
    assert rows(PEOPLE) == [{"login": "anna", "name": "Anna de Vries", "archived": 0}]
    people.add_person("Ünal.Öz", "Ünal Öz 🚀")
    assert rows(PEOPLE)[1] == {"login": "Ünal.Öz", "name": "Ünal Öz 🚀", "archived": 0}


@pytest.mark.parametrize(
    ("login", "match"),
    [
        ("", "A login cannot be empty."),
        ("   ", "A login cannot be empty."),
        ("anna de vries", r"A login is one word without spaces; 'anna de vries' has white space\."),
        ("an\tna", "without spaces"),
        ("an\u00a0na", "without spaces"),
        ("an\x1bna", r"contains a control character \(U\+001B\); remove it\."),
        ("an\u202ena", r"contains an invisible character \(U\+202E\)"),
        ("a" * 201, "A login is at most 200 characters; this one has 201."),
    ],
)
def test_a_bad_login_is_refused_with_a_sentence(db, refused, login, match):
    error = refused(ValidationError, lambda: people.add_person(login, "Anna"), match=match)
    assert error.field == "login"


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "Anna\x07"])
def test_a_name_is_required_and_printable(db, refused, name):
    error = refused(ValidationError, lambda: people.add_person("anna", name))
    assert error.field == "name"


def test_a_taken_login_is_refused_whatever_its_case(db, refused):
    people.add_person("anna", "Anna de Vries")
    refused(
        ValidationError,
        lambda: people.add_person("ANNA", "Anna Jansen"),
        match=r"^A person with login 'anna' already exists \(Anna de Vries\); logins are unique,"
        " whatever their case.$",
    )
    people.set_person_archived("anna")
    refused(
        ValidationError,
        lambda: people.add_person("anna", "Anna"),
        match=r"\(Anna de Vries, archived\)",
    )


def test_the_schema_refuses_what_the_operations_refuse(db, raw):
    """Any client: a login taken in another case, an empty login, a space, a blank name."""
    from tests.backends import RawIntegrityError

    people.add_person("anna", "Anna de Vries")
    for login, name in (("ANNA", "Other"), ("", "Other"), ("a b", "Other"), ("bob", "  ")):
        with pytest.raises(RawIntegrityError):
            raw.execute("INSERT INTO person (login, name) VALUES (?, ?)", (login, name))
    raw.execute("INSERT INTO person (login, name) VALUES ('bob', 'Bob')")
    assert raw.scalar("SELECT archived FROM person WHERE login = 'bob'") in (0, False)


def test_edit_name_finds_the_login_in_any_case(db, rows, refused):
    people.add_person("anna", "Anna")
    people.edit_person("Anna", name="Anna de Vries")
    assert rows(PEOPLE) == [{"login": "anna", "name": "Anna de Vries", "archived": 0}]
    refused(ValidationError, lambda: people.edit_person("anna", name=" "))
    refused(
        NotFound,
        lambda: people.edit_person("bob", name="Bob"),
        match="There is no person with login 'bob'.",
    )


def test_archive_and_unarchive(db, rows, refused):
    people.add_person("anna", "Anna de Vries")
    people.set_person_archived("anna")
    assert rows(PEOPLE)[0]["archived"] == 1
    assert people.all_people(include_archived=False) == []
    refused(
        RuleError,
        lambda: people.set_person_archived("anna"),
        match=r"^Anna de Vries \(anna\) is already archived\.$",
    )
    people.set_person_archived("anna", archived=False)
    assert [p.login for p in people.all_people(include_archived=False)] == ["anna"]
    refused(
        RuleError,
        lambda: people.set_person_archived("anna", archived=False),
        match="already active",
    )


def test_all_people_by_login(db):
    for login in ("Zoe", "anna", "bob"):
        people.add_person(login, login.title())
    assert [p.login for p in people.all_people()] == ["anna", "bob", "Zoe"]


def test_default_owner_is_the_persons_name_else_the_login(db):
    assert people.default_owner("anna") == "anna"
    people.add_person("anna", "Anna de Vries")
    assert people.default_owner("anna") == "Anna de Vries"
    assert people.default_owner("ANNA") == "Anna de Vries"
    assert people.default_owner("root") == "root"
    people.set_person_archived("anna")
    assert people.default_owner("anna") == "Anna de Vries"  # archived, still herself


def test_changes_to_people_move_the_change_signal(db):
    """Live refresh notices them as it notices a phase or reason change."""
    with ChangeWatcher() as watcher:
        watcher.changed()
        for change in (
            lambda: people.add_person("anna", "Anna"),
            lambda: people.edit_person("anna", name="Anna de Vries"),
            lambda: people.set_person_archived("anna"),
        ):
            change()
            assert watcher.changed()
            assert not watcher.changed()
