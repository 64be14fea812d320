"""PostgreSQL passwords: never on the command line, never in a message, whatever the URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest

from models.storage.config import configured_database
from models.storage.pg_url import has_password, redact, scrub, url_secrets
from tests.tui.cli.conftest import Result, run_process
from tui.cli.main import main

# Every password below contains this, so a leak of the whole or of a piece is caught.
MARK = "s3cr3tW"
CLOSED = "127.0.0.1:1"  # nothing listens on port 1: the connection is refused at once

# Twenty URL shapes: every scheme, reserved characters left unencoded in the password, an
# encoded one, no user, the password in the query, IPv6 hosts (and a broken one), a bad
# port, no database, query options, a mistyped scheme.
SHAPES = [
    f"postgresql://ann:Zq7{MARK}@{CLOSED}/deals",
    f"postgres://ann:Zq7{MARK}@{CLOSED}/deals",
    f"postgresql+pool://ann:Zq7{MARK}@{CLOSED}/deals",
    f"postgres+pool://ann:Zq7{MARK}@{CLOSED}/deals?max_connections=4",
    f"postgresql://ann:Zq7/{MARK}@{CLOSED}/deals",
    f"postgresql://ann:Zq7?{MARK}@{CLOSED}/deals",
    f"postgresql://ann:Zq7#{MARK}@{CLOSED}/deals",
    f"postgresql://ann:Zq7@{MARK}@{CLOSED}/deals",
    f"postgresql://ann:Zq7:{MARK}@{CLOSED}/deals",
    f"postgresql://ann:{quote(f'Zq7/?#@:{MARK}', safe='')}@{CLOSED}/deals",
    f"postgresql://ann:12/{MARK}@{CLOSED}/deals",
    f"postgresql://:Zq7{MARK}@{CLOSED}/deals",
    f"postgresql://{CLOSED}/deals?password=Zq7{MARK}",
    f"postgresql://ann@{CLOSED}/deals?sslmode=disable&password=Zq7{MARK}&connect_timeout=3",
    f"postgresql://ann:Zq7{MARK}@[::1]:1/deals",
    f"postgresql://ann:Zq7{MARK}@[::1:1/deals",
    f"postgresql://ann:Zq7{MARK}@127.0.0.1:port/deals",
    f"postgresql://ann:Zq7{MARK}@127.0.0.1:99999/deals",
    f"postgresql://ann:Zq7{MARK}@{CLOSED}/",
    f"postgresql://ann:Zq7/{MARK}?x#y@{CLOSED}/deals?application_name=a@b",
]


def leaked(text: str) -> bool:
    """Tell whether ``text`` shows the password, or a distinctive piece of it."""
    text = unquote(text).lower()
    return any(piece in text for piece in (MARK.lower(), "zq7", "wr0ng"))


def one_line(stderr: str) -> str:
    """The single error line of a refused command (no traceback)."""
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def test_there_are_twenty_shapes_and_each_carries_a_password():
    assert len(SHAPES) == len(set(SHAPES)) == 20
    assert all(has_password(url) for url in SHAPES)


@pytest.mark.parametrize("url", SHAPES)
def test_no_message_ever_shows_the_password(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """The URL in DEALBOARD_DB, a closed port: one sentence, no password."""
    monkeypatch.setenv("DEALBOARD_DB", url)
    assert main(["deal", "list", "--user", "tester"]) == 1
    captured = capsys.readouterr()
    line = one_line(captured.err)
    assert line.startswith("dealboard: ") and "internal error" not in line
    assert not leaked(captured.out + captured.err), line


# A real process for a few shapes (its start and its way out are the entry point's own); the
# test above takes every shape through the same ``main`` in the test's process, 0.2 s sooner
# each.
@pytest.mark.parametrize("url", SHAPES[::7])
def test_the_real_command_line_never_shows_the_password(url: str):
    """The real command line, the URL in DEALBOARD_DB, a closed port: one sentence, no password."""
    result = run_process("deal", "list", "--user", "tester", env={"DEALBOARD_DB": url})
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith("dealboard: ") and "internal error" not in line
    assert not leaked(result.stdout + result.stderr), line


@pytest.mark.parametrize("url", SHAPES)
def test_the_configuration_file_never_shows_the_password(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    config = tmp_path / "dealboard.toml"
    config.write_text(f'db = "{url}"\n', encoding="utf-8")
    config.chmod(0o640)  # readable by the team only: the URL is used
    monkeypatch.setenv("DEALBOARD_CONFIG", str(config))
    assert main(["phase", "list", "--user", "tester"]) == 1
    captured = capsys.readouterr()
    one_line(captured.err)
    assert not leaked(captured.out + captured.err), captured.err


@pytest.mark.parametrize("url", SHAPES)
def test_a_password_on_the_command_line_is_refused_with_where_to_put_it(
    url: str, run: Callable[..., Result], cli_db: Path
):
    result = run("deal", "add", "X", db=url)
    assert result.code == 2
    line = one_line(result.err)
    assert "visible to every user" in line and "~/.pgpass" in line and "DEALBOARD_DB" in line
    assert not leaked(result.out + result.err)


def test_the_app_itself_refuses_a_password_on_the_command_line(run: Callable[..., Result]):
    result = run(db=f"postgresql://ann:Zq7{MARK}@{CLOSED}/deals")  # no command: the TUI
    assert result.code == 2
    assert "~/.pgpass" in one_line(result.err)


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://ann@{CLOSED}/deals",
        f"postgresql://ann:@{CLOSED}/deals",  # an empty password is no password
        "sqlite:///tmp/deals.sqlite",
        "/srv/team:shared@2026/deals.sqlite",
    ],
)
def test_a_url_without_a_password_is_accepted_on_the_command_line(url: str):
    assert not has_password(url)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ann:pa/ss@db/deals", "postgresql://ann:***@db/deals"),
        ("postgresql://ann:pa?ss#x@db:5432/deals", "postgresql://ann:***@db:5432/deals"),
        ("postgresql://ann:p@[::1:5432/x", "postgresql://ann:***@[::1:5432/x"),
        ("postgresql://:pw@db/deals", "postgresql://:***@db/deals"),
        (
            "postgresql://ann:pw@db/deals?application_name=a@b",
            "postgresql://ann:***@db/deals?application_name=a@b",
        ),
        ("postgresql://db/deals?PASSWORD=pw&x=1", "postgresql://db/deals?PASSWORD=***&x=1"),
        ("POSTGRESQL:/ann:pw@db/deals", "POSTGRESQL:/ann:***@db/deals"),
    ],
)
def test_redact_hides_the_password_of_every_shape(url: str, shown: str):
    assert redact(url) == shown


def test_scrub_removes_pieces_a_parser_quoted_without_eating_words():
    secrets = url_secrets("postgresql://ann:12/pass@db/deals")
    assert scrub("Cannot connect to u:12 (pass)", secrets) == "Cannot connect to u:*** (***)"
    assert scrub("the password was not accepted", secrets) == "the password was not accepted"
    short = url_secrets("postgresql://ann:p@db/deals")
    assert scrub("postgresql at p:5432", short) == "postgresql at ***:5432"


# The real server: a wrong password in every form is one sentence without it.


def server_url(pg_server_url: str, password: str, *, query: str = "", scheme: str = "") -> str:
    """The test server's URL with ``password`` written into it as given (not encoded)."""
    parsed = urlparse(pg_server_url)
    scheme = scheme or parsed.scheme
    where = f"{parsed.hostname}:{parsed.port}{parsed.path}"
    if query:
        return f"{scheme}://{parsed.username}@{where}?{query}"
    return f"{scheme}://{parsed.username}:{password}@{where}"


@pytest.mark.postgresql_only
@pytest.mark.parametrize(
    ("password", "options"),
    [
        (f"Wr0ng{MARK}", {}),
        (f"Wr0ng@{MARK}", {}),
        (f"Wr0ng:{MARK}", {}),
        (quote(f"Wr0ng/?#{MARK}", safe=""), {}),
        (f"Wr0ng/{MARK}", {}),
        (f"Wr0ng{MARK}", {"scheme": "postgres"}),
        (f"Wr0ng{MARK}", {"scheme": "postgresql+pool"}),
        (f"Wr0ng{MARK}", {"query": f"password=Wr0ng{MARK}&sslmode=disable"}),
    ],
)
def test_a_wrong_password_at_the_real_server_never_shows(
    pg_server_url, tmp_path, password, options
):
    url = server_url(pg_server_url, password, **options)
    real = urlparse(pg_server_url).password
    env = {"DEALBOARD_DB": url, "PGPASSWORD": "", "PGPASSFILE": str(tmp_path / "none")}
    result = run_process("deal", "list", "--user", "tester", env=env)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "internal error" not in line
    assert not leaked(result.stdout + result.stderr), line
    assert real not in result.stdout + result.stderr


def without_password(url: str) -> str:
    """``url`` with its password left out, as --db takes it."""
    parsed = urlparse(url)
    return url.replace(f"{parsed.username}:{parsed.password}@", f"{parsed.username}@", 1)


@pytest.mark.postgresql_only
def test_without_a_password_in_the_url_pgpassword_is_used(db_target: str, tmp_path: Path):
    password = urlparse(db_target).password
    plain = without_password(db_target)
    env = {"PGPASSWORD": password, "PGPASSFILE": str(tmp_path / "none")}
    added = run_process("deal", "add", "Via PGPASSWORD", "--db", plain, "--user", "tester", env=env)
    assert added.returncode == 0, added.stderr
    env["PGPASSWORD"] = ""
    refused = run_process("deal", "list", "--db", plain, "--user", "tester", env=env)
    assert refused.returncode == 1
    assert "~/.pgpass" in one_line(refused.stderr)


@pytest.mark.postgresql_only
def test_without_a_password_in_the_url_the_pgpass_file_is_used(
    db_target: str, isolated_environment: Path
):
    parsed = urlparse(db_target)
    pgpass = isolated_environment / ".pgpass"  # HOME of the test
    pgpass.write_text(
        f"{parsed.hostname}:{parsed.port}:*:{parsed.username}:{parsed.password}\n",
        encoding="utf-8",
    )
    pgpass.chmod(0o600)
    env = {"PGPASSWORD": "", "PGPASSFILE": ""}
    listed = run_process("deal", "list", "--db", without_password(db_target), env=env)
    assert listed.returncode == 0, listed.stderr


def test_a_password_is_hidden_only_in_the_run_that_uses_it(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, cli_db: Path
):
    monkeypatch.setenv("DEALBOARD_DB", f"postgresql://ann:nosuch@{CLOSED}/deals")
    refused = run("phase", "list", db="")  # no --db: DEALBOARD_DB is used
    assert refused.code == 1 and "nosuch" not in refused.err
    monkeypatch.delenv("DEALBOARD_DB")
    assert run("init").code == 0
    deal_id = run("deal", "add", "Website").out.strip()
    result = run("deal", "move", deal_id, "nosuch")
    assert result.err == "dealboard: There is no phase 'nosuch'.\n"


@pytest.mark.parametrize("mode", [0o644, 0o604], ids=["0644", "0604"])
def test_a_password_in_a_configuration_file_everyone_reads_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], mode: int
):
    config = tmp_path / "dealboard.toml"
    config.write_text(f'db = "postgresql://ann:Zq7{MARK}@{CLOSED}/deals"\n', encoding="utf-8")
    config.chmod(mode)
    monkeypatch.setenv("DEALBOARD_CONFIG", str(config))
    assert main(["phase", "list", "--user", "tester"]) == 1
    line = one_line(capsys.readouterr().err)
    assert "every user of this machine can read" in line and "~/.pgpass" in line
    assert not leaked(line)


def test_a_configuration_file_without_a_password_may_be_read_by_everyone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    config = tmp_path / "dealboard.toml"
    config.write_text(f'db = "postgresql://ann@{CLOSED}/deals"\n', encoding="utf-8")
    config.chmod(0o644)
    monkeypatch.setenv("DEALBOARD_CONFIG", str(config))
    assert configured_database() == f"postgresql://ann@{CLOSED}/deals"
