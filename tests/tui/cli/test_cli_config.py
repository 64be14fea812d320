"""Where the database is: the configuration file, and URLs that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.domain.errors import DatabaseError
from models.storage.config import configured_database
from tui.cli.main import main

BOM = b"\xef\xbb\xbf"


def test_a_byte_order_mark_at_the_start_of_the_configuration_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    database = tmp_path / "team.sqlite"
    assert main(["init", "--db", str(database)]) == 0
    config = tmp_path / "dealboard.toml"
    config.write_bytes(BOM + f'# the team\'s database\ndb = "{database}"\n'.encode())
    monkeypatch.setenv("DEALBOARD_CONFIG", str(config))
    assert configured_database() == str(database)
    capsys.readouterr()
    assert main(["deal", "add", "Website", "--user", "tester"]) == 0
    assert capsys.readouterr().out.strip() == "1"


def test_a_byte_order_mark_elsewhere_is_still_invalid_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    config = tmp_path / "dealboard.toml"
    config.write_bytes(b'db = "/srv/deals.sqlite"\n' + BOM + b'x = "y"\n')
    monkeypatch.setenv("DEALBOARD_CONFIG", str(config))
    with pytest.raises(DatabaseError, match="is not valid TOML"):
        configured_database()


@pytest.mark.parametrize(
    ("where", "url", "says"),
    [
        ("--db", "postgresql://u@[::1:5432/x", "an IPv6 address goes in brackets"),
        ("DEALBOARD_DB", "postgresql://u:p@[::1:5432/x", "an IPv6 address goes in brackets"),
        ("DEALBOARD_DB", "postgresql://u:p@db:port/x", "its port is not a number"),
        ("--db", "postgresql://u:p@[::1:5432/x", "visible to every user of this machine"),
    ],
)
def test_a_url_that_cannot_be_read_is_one_sentence(
    where: str,
    url: str,
    says: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
):
    argv = ["deal", "list", "--user", "tester"]
    if where == "--db":
        argv += ["--db", url]
    else:
        monkeypatch.setenv("DEALBOARD_DB", url)
    assert main(argv) != 0
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("dealboard: ")
    assert says in lines[0] and "internal error" not in lines[0]
