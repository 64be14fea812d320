"""`dealboard person …` and the owner `deal add` gives a new deal, on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.conftest import query_rows

PEOPLE = "SELECT login, name, archived FROM person ORDER BY id"


def test_add_list_edit_archive_unarchive(cli, db_target):
    added = cli("person", "add", "anna", "--name", "Anna de Vries")
    assert (added.code, added.err) == (0, "")
    assert added.out.strip().isdigit()
    assert cli("person", "add", "bob", "--name", "Bob", "--json").json() == {
        "id": int(added.out) + 1,
        "login": "bob",
        "name": "Bob",
        "archived": False,
    }
    edited = cli("person", "edit", "Bob", "--name", "Bob de Wit")
    assert (edited.code, edited.out) == (0, "bob is now shown as Bob de Wit.\n")
    archived = cli("person", "archive", "bob")
    assert (archived.code, archived.out) == (0, "Bob de Wit (bob) is archived.\n")
    assert query_rows(db_target, PEOPLE) == [
        {"login": "anna", "name": "Anna de Vries", "archived": 0},
        {"login": "bob", "name": "Bob de Wit", "archived": 1},
    ]
    listed = cli("person", "list")
    assert listed.code == 0
    assert listed.out.splitlines() == [
        "Id  Login  Name           Archived",
        "--  -----  -------------  --------",
        f"{int(added.out):>2}  anna   Anna de Vries",
        f"{int(added.out) + 1:>2}  bob    Bob de Wit     archived",
    ]
    assert [p["archived"] for p in cli("person", "list", "--json").json()] == [False, True]
    again = cli("person", "unarchive", "bob", "--json")
    assert (again.code, again.json()["archived"]) == (0, False)


def test_refusals_are_one_sentence_with_exit_1_and_change_nothing(cli, db_target):
    cli("person", "add", "anna", "--name", "Anna de Vries")
    cases = [
        (("person", "add", "ANNA", "--name", "Anna"), "already exists (Anna de Vries)"),
        (("person", "add", "anna de vries", "--name", "Anna"), "one word without spaces"),
        (("person", "add", "", "--name", "Anna"), "A login cannot be empty."),
        (("person", "add", "eve", "--name", "  "), "Name cannot be empty."),
        (("person", "edit", "eve", "--name", "Eve"), "There is no person with login 'eve'."),
        (("person", "unarchive", "anna"), "Anna de Vries (anna) is already active."),
    ]
    for args, words in cases:
        result = cli(*args)
        assert result.code == 1, args
        assert result.out == ""
        assert result.err.startswith("dealboard: ") and words in result.err, result.err
        assert result.err.count("\n") == 1
    assert query_rows(db_target, PEOPLE) == [
        {"login": "anna", "name": "Anna de Vries", "archived": 0}
    ]


def test_usage_errors_exit_2(cli):
    assert cli("person", "add", "anna").code == 2  # --name is required
    assert cli("person", "edit", "anna").code == 2
    assert cli("person").code == 2


def test_read_only_refuses_changes(cli):
    result = cli("person", "add", "anna", "--name", "Anna", "--read-only")
    assert result.code == 1 and "read-only" in result.err


def test_names_are_printed_as_text_never_as_terminal_controls(cli):
    """A name may hold brackets and bidi marks: printed as typed, control characters escaped."""
    assert cli("person", "add", "x", "--name", "[b]Anna[/b] \u2066x\u2069").code == 0
    listed = cli("person", "list").out
    assert "[b]Anna[/b] \\u2066x\\u2069" in listed
    assert "\u2066" not in listed
    assert cli("person", "list", "--json").json()[0]["name"] == "[b]Anna[/b] \u2066x\u2069"


def test_deal_add_takes_the_owner_from_the_acting_login(cli, db_target):
    cli("deal", "add", "Before", user="anna")
    cli("person", "add", "anna", "--name", "Anna de Vries")
    cli("deal", "add", "After", user="anna")
    cli("deal", "add", "Any case", user="ANNA")
    cli("deal", "add", "Unknown login", user="root")
    cli("deal", "add", "Given", "--owner", "Bob", user="anna")
    cli("deal", "add", "Given empty", "--owner", "", user="anna")
    assert query_rows(db_target, "SELECT title, owner FROM deal ORDER BY id") == [
        {"title": "Before", "owner": "anna"},
        {"title": "After", "owner": "Anna de Vries"},
        {"title": "Any case", "owner": "Anna de Vries"},
        {"title": "Unknown login", "owner": "root"},
        {"title": "Given", "owner": "Bob"},
        {"title": "Given empty", "owner": ""},
    ]
    # History still records the login: the person's name is only the owner shown.
    assert query_rows(db_target, "SELECT DISTINCT actor FROM deal_event ORDER BY actor") == [
        {"actor": "ANNA"},
        {"actor": "anna"},
        {"actor": "root"},
    ]


def test_check_warns_about_owners_that_look_alike_and_still_exits_0(cli):
    cli("deal", "add", "Before", user="anna")  # owner 'anna': no person yet
    cli("person", "add", "anna", "--name", "Anna de Vries")
    cli("deal", "add", "After", user="anna")
    assert cli("deal", "add", "Typed", "--owner", "Anna de Vriës", user="anna").code == 0
    result = cli("check")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Healthy: ")
    assert lines[1:] == [
        "Owners that may be the same person (a warning, not a problem):",
        "  - 1 deal shows owner 'anna', the login of 'Anna de Vries': the same person under"
        " two names.",
        "  - 1 deal shows owner 'Anna de Vriës', which differs from 'Anna de Vries' only in"
        " case, spaces or accents.",
    ]
    report = cli("check", "--json")
    assert report.code == 0
    data = report.json()
    assert data["healthy"] is True and data["warnings_left_off"] == 0
    assert [(w["problem"], w["rule"], w["owner"], w["login"]) for w in data["warnings"]] == [
        ("owners_look_alike", "login_as_owner", "anna", "anna"),
        ("owners_look_alike", "same_name", "Anna de Vriës", "anna"),
    ]


def test_check_warnings_follow_the_problems_on_stderr(cli, raw):
    cli("person", "add", "anna", "--name", "Anna de Vries")
    cli("deal", "add", "Mine", "--owner", "anna")
    raw.execute("UPDATE phase SET archived = TRUE")
    result = cli("check")
    assert result.code == 1 and result.out == ""
    assert "There is no active phase" in result.err
    assert result.err.splitlines()[-2:] == [
        "Owners that may be the same person (a warning, not a problem):",
        "  - 1 deal shows owner 'anna', the login of 'Anna de Vries': the same person under"
        " two names.",
    ]
