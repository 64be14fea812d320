"""Terminal escapes: ``--user`` is checked like any name, and messages quoting data escape it.

Data written by another client (or an older dealboard) may hold escape sequences and bidi
overrides; whatever a message quotes reaches a colleague's terminal escaped.
"""

from __future__ import annotations

import pytest

ESCAPE = "x\x1b]0;PWNED\x07"  # sets the terminal's title
OVERRIDE = "ev\u202eil"  # right-to-left override: the rest of the line reads backwards


def one_line(stderr: str) -> str:
    """The single line a refused command prints (no traceback)."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def assert_no_raw_controls(text: str) -> None:
    """Nothing in ``text`` can drive or reorder the terminal."""
    assert not any(char in text for char in "\x1b\x07\u202e\u2066\u2028"), repr(text)


@pytest.mark.parametrize(
    ("user", "says"),
    [
        (ESCAPE, "--user contains a control character (U+001B); remove it."),
        (OVERRIDE, "--user contains a bidi control character (U+202E); remove it."),
        ("\u2066ann\u2069", "--user contains a bidi control character (U+2066); remove it."),
        ("ann\u2028bob", "--user contains a control character (U+2028); remove it."),
        ("a" * 201, "--user is 201 characters long; the limit is 200."),
        ("\u200b\u3164", "--user shows no visible character; give a name."),
    ],
    ids=["escape", "override", "isolate", "line-separator", "201-characters", "invisible"],
)
def test_a_bad_user_name_is_refused_before_the_database_on_both(cli, rows, user, says):
    deal_id = cli("deal", "add", "Website").out.strip()
    events = len(rows("SELECT * FROM deal_event"))
    result = cli("deal", "edit", deal_id, "--title", "Changed", user=user)
    assert result.code == 1
    assert one_line(result.err) == f"dealboard: {says}"
    assert len(rows("SELECT * FROM deal_event")) == events
    assert [row["title"] for row in rows("SELECT title FROM deal")] == ["Website"]


def test_a_user_name_at_the_limit_is_recorded_as_typed_on_both(cli, rows):
    name = "Zoë " + "é" * 196  # 200 characters, more bytes
    result = cli("deal", "add", "Website", user=f"  {name}  ")
    assert result.code == 0, result.err
    assert {row["actor"] for row in rows("SELECT * FROM deal_event")} == {name}


def test_the_login_name_is_checked_when_no_user_is_given(cli, monkeypatch):
    monkeypatch.setenv("LOGNAME", "ann\x1b[31m")
    result = cli("deal", "add", "Website", user=None)
    assert result.code == 1
    assert one_line(result.err) == (
        "dealboard: The login name 'ann\\x1b[31m' contains a control character (U+001B);"
        " give a name with --user NAME."
    )


def test_a_conflict_names_a_colleague_with_escapes_shown_escaped(cli, raw):
    deal_id = int(cli("deal", "add", "Website").out)
    # Another client recorded a change under a hostile name.
    raw.execute(
        "INSERT INTO deal_event (deal_id, at, actor, kind, field, old_value, new_value, version)"
        " VALUES (?, '2026-03-01 10:00:00', ?, 'field', 'title', 'Website', ?, 2)",
        (deal_id, ESCAPE, f"Web{OVERRIDE}"),
    )
    raw.execute("UPDATE deal SET version = 2 WHERE id = ?", (deal_id,))
    result = cli("deal", "edit", str(deal_id), "--title", "Mine", "--expect-version", "1")
    assert result.code == 3
    line = one_line(result.err)
    assert_no_raw_controls(line)
    assert "x\\x1b]0;PWNED\\x07 changed title from Website to Webev\\u202eil" in line


def test_known_owners_are_listed_escaped(cli, raw):
    cli("deal", "add", "Website")
    raw.execute("UPDATE deal SET owner = ?", (f"{OVERRIDE}\x1b[2J",))
    result = cli("report", "--owner", "nosuch")
    assert result.code == 1
    line = one_line(result.err)
    assert_no_raw_controls(line)
    assert "known: ev\\u202eil\\x1b[2J" in line


def test_the_report_heading_shows_the_owner_filter_escaped(cli, raw):
    cli("deal", "add", "Website")
    raw.execute("UPDATE deal SET owner = ?", (OVERRIDE,))
    result = cli("report", "--owner", OVERRIDE)
    assert result.code == 0, result.err
    heading = result.out.splitlines()[0]
    assert heading == "Management information (owner ev\\u202eil)"


def test_a_usage_error_quotes_what_was_typed_escaped(cli):
    result = cli("deal", "list", ESCAPE)
    assert result.code == 2
    assert_no_raw_controls(result.err)
    assert "unrecognized arguments: x\\x1b]0;PWNED\\x07" in result.err


def test_an_unknown_phase_is_quoted_escaped(cli):
    deal_id = cli("deal", "add", "Website").out.strip()
    result = cli("deal", "move", deal_id, f"no{OVERRIDE}")
    assert result.code == 1
    assert_no_raw_controls(one_line(result.err))


def test_a_refused_import_names_its_file_escaped(run, tmp_path):
    source = tmp_path / f"deals{ESCAPE}.csv"
    source.write_bytes(b"\xff\xfe" + "title\r\nWebsite\r\n".encode("utf-16-le"))
    result = run("import", str(source))
    assert result.code == 1
    line = one_line(result.err)
    assert_no_raw_controls(line)
    assert "dealsx\\x1b]0;PWNED\\x07.csv is UTF-16 text" in line


def test_the_app_does_not_start_under_a_bad_user_name(run, cli_db):
    result = run(user=ESCAPE)  # no command: would start the app
    assert result.code == 1
    assert (
        one_line(result.err)
        == "dealboard: --user contains a control character (U+001B); remove it."
    )
    assert not cli_db.exists()
