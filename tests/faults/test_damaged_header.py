"""A file whose SQLite header is damaged: commands send the user to `check`, which says what it found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.storage.database import open_database
from models.storage.schema import database_proxy
from tui.cli.main import main

DAMAGE = {
    "page size": (16, b"\x07\x00", "page size of 1792 (bytes 16-17)"),
    "payload fractions": (21, b"\x07", "payload fractions 7, 32 and 32 (bytes 21-23)"),
    "page count": (28, b"\x07", "pages of 4,096 bytes (bytes 28-31), but the file is"),
    "magic": (0, b"MySQL", "does not begin with 'SQLite format 3'"),
    "cut short": (None, b"", "fewer than SQLite's 100-byte header"),
}


def damaged(tmp_path: Path, offset: int | None, data: bytes) -> Path:
    path = tmp_path / "deals.sqlite"
    db = open_database(path)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    database_proxy.initialize(None)
    content = bytearray(path.read_bytes())
    if offset is None:
        content = content[:60]
    else:
        content[offset : offset + len(data)] = data
    path.write_bytes(bytes(content))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("offset", "data", "finding"), DAMAGE.values(), ids=DAMAGE.keys())
def test_check_says_what_is_wrong_with_a_damaged_header(tmp_path, capsys, offset, data, finding):
    path = damaged(tmp_path, offset, data)
    before = path.read_bytes()
    code, out, err = run(capsys, "check", "--db", str(path))
    assert code == 1
    assert out == ""
    assert err.startswith(f"Problems found in {path} (it cannot be opened):\n  - ")
    assert finding in err
    assert "dealboard check" not in err  # never sends the user back to itself
    code, out, _ = run(capsys, "check", "--json", "--db", str(path))
    report = json.loads(out)
    assert code == 1 and not report["healthy"] and finding in report["problems"][0]
    assert path.read_bytes() == before


def test_other_commands_send_the_user_to_check(tmp_path, capsys):
    path = damaged(tmp_path, 16, b"\x07\x00")
    code, _, err = run(capsys, "deal", "list", "--db", str(path))
    assert code == 1
    assert "run `dealboard check`" in err


def test_a_header_that_still_opens_is_checked_too(tmp_path, capsys):
    path = damaged(tmp_path, 18, b"\x07")  # an unknown write version: SQLite only reads it
    code, _, err = run(capsys, "check", "--db", str(path))
    assert code == 1
    assert "file format versions 7 and" in err
