"""A database file that disappears or is replaced is never silently recreated or used.

Also: only `init`, `demo` and the personal default location make a database, and an
in-memory database (which keeps nothing) is refused in every spelling.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.domain.errors import DatabaseError
from models.operations import deals
from models.queries.deal_views import list_deals
from models.storage.database import open_database
from models.storage.schema import Deal, database_proxy
from models.storage.sqlite_file import DatabaseGone
from tests.tui.cli.conftest import run_process
from tui.cli.main import main


def in_new_thread(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` on a fresh thread (a new peewee connection, as an app worker gets)."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def in_connection(fn: Callable[[], Any]) -> Any:
    """Call ``fn`` in a connection context, as the app's database workers do."""
    with database_proxy.connection_context():
        return fn()


def test_a_deleted_file_is_not_recreated_by_the_next_connection(tmp_path: Path) -> None:
    path = tmp_path / "deals.sqlite"
    open_database(path)
    deals.create_deal("Kept", actor="t")
    path.unlink()
    with pytest.raises(DatabaseGone, match="was deleted while dealboard had it open"):
        in_new_thread(lambda: in_connection(list_deals))
    assert not path.exists()


def test_a_query_that_connects_on_its_own_says_the_file_is_gone(tmp_path: Path) -> None:
    path = tmp_path / "deals.sqlite"
    open_database(path)
    path.unlink()
    # No connection_context: peewee connects inside the query, within its error wrapper.
    with pytest.raises(DatabaseGone, match="was deleted while dealboard had it open"):
        in_new_thread(lambda: Deal.select().count())
    assert not path.exists()


def test_a_write_on_an_open_connection_after_deletion_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deals.sqlite"
    db = open_database(path)
    deals.create_deal("Kept", actor="t")
    path.unlink()
    with pytest.raises(DatabaseGone):
        deals.create_deal("Lost", actor="t")  # the connection still holds the deleted inode
    assert not path.exists()
    db.close()


def test_a_replaced_file_is_noticed(tmp_path: Path) -> None:
    path, other = tmp_path / "deals.sqlite", tmp_path / "other.sqlite"
    open_database(other).close()
    db = open_database(path)
    deals.create_deal("Mine", actor="t")
    os.replace(other, path)
    with pytest.raises(DatabaseGone, match="replaced by another file"):
        in_new_thread(lambda: in_connection(list_deals))
    with pytest.raises(DatabaseGone):
        deals.create_deal("Into the wrong file", actor="t")
    db.close()


def test_connections_never_create_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deals.sqlite"
    db = open_database(path)
    assert "mode=rw" in db.database  # SQLite itself may not create a missing file
    db.close()
    path.unlink()
    with pytest.raises(DatabaseError):
        db.connect()
    assert not path.exists()


@pytest.mark.parametrize("command", [("deal", "list"), ("deal", "add", "X"), ("check",)])
def test_commands_do_not_create_a_database(tmp_path: Path, command: tuple[str, ...]) -> None:
    path = tmp_path / "deals.sqlite"
    result = run_process(*command, "--db", str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"dealboard: There is no database at {path}; check the path, or create one with"
        f" `dealboard init --db {path}`."
    )
    assert not path.exists()
    assert run_process("init", "--db", str(path)).returncode == 0
    assert path.exists()


MEMORY_TARGETS = [":memory:", "sqlite:///:memory:", "file::memory:", "file:x?mode=memory"]


@pytest.mark.parametrize("target", MEMORY_TARGETS)
@pytest.mark.parametrize("how", ["option", "environment", "config"])
def test_an_in_memory_database_is_refused(
    tmp_path: Path,
    target: str,
    how: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # In this process (``main``, as the command-line tests run it): the refusal is decided
    # where the database is resolved, before anything opens; one real process below.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("DEALBOARD_DB", "")
    monkeypatch.delenv("DEALBOARD_CONFIG", raising=False)
    args: list[str] = []
    if how == "option":
        args = ["--db", target]
    elif how == "environment":
        monkeypatch.setenv("DEALBOARD_DB", target)
    else:
        config = tmp_path / "dealboard.toml"
        config.write_text(f'db = "{target}"\n')
        monkeypatch.setenv("DEALBOARD_CONFIG", str(config))
    for command in (("deal", "add", "X"), ("deal", "list")):
        capsys.readouterr()
        code = main([*command, *args])
        out, err = capsys.readouterr()
        assert code == 1, out
        assert out == ""
        assert "in-memory database, which keeps nothing" in err
        assert "Traceback" not in err


def test_a_real_process_refuses_an_in_memory_database(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "DEALBOARD_DB": ""}
    result = run_process("deal", "add", "X", "--db", ":memory:", env=env)
    assert result.returncode == 1, result.stdout
    assert result.stdout == ""
    assert "in-memory database, which keeps nothing" in result.stderr
    assert "Traceback" not in result.stderr


async def test_the_app_says_so_when_its_file_is_deleted(tmp_path: Path) -> None:
    import datetime as dt

    from tests.tui.conftest import screen_text, settle
    from tui.app import DealboardApp

    path = tmp_path / "deals.sqlite"
    open_database(path)
    deals.create_deal("Kept", actor="t")
    now = dt.datetime(2026, 6, 15, 12, 0)
    app = DealboardApp(user="tester", clock=lambda: now, live_refresh=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot, app)
        path.unlink()
        await pilot.press("greater_than_sign")  # move the deal on: a write in a worker
        await settle(pilot, app)
        assert "was deleted while dealboard had it open" in screen_text(app)
        assert app.is_running
    assert not path.exists()


def test_an_sqlite_uri_file_name_is_refused(tmp_path: Path) -> None:
    target = f"file:{tmp_path / 'deals.sqlite'}"
    with pytest.raises(DatabaseError, match="SQLite URI file names such as"):
        open_database(target)
    assert not (tmp_path / "deals.sqlite").exists()
