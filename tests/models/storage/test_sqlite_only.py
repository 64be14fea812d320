"""Which runs leave the PostgreSQL driver unimported (models.storage.sqlite_only)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models.storage.sqlite_only import may_use_postgres, skip_postgres_driver

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("words", "environ"),
    [
        (["--db", "postgresql://sales@db.example/deals"], {}),
        (["--db=postgres://sales@db.example/deals", "deal", "list"], {}),
        (["copy", "--to", "POSTGRESQL+pool://x@h/d"], {}),
        ([], {"DEALBOARD_DB": "postgresql://sales@db.example/deals"}),
        ([], {"DEALBOARD_COPY_TO": "postgresql://sales@db.example/deals"}),
    ],
)
def test_a_postgres_url_anywhere_keeps_the_driver(words, environ):
    assert may_use_postgres(words, environ)


def test_a_configuration_file_naming_postgres_keeps_the_driver(tmp_path, monkeypatch):
    config = tmp_path / "dealboard.toml"
    config.write_text('db = "postgresql://sales@db.example/deals"\n', encoding="utf-8")
    monkeypatch.setenv("DEALBOARD_CONFIG", str(config))
    assert may_use_postgres([], {})
    config.write_text('db = "/srv/dealboard/deals.sqlite"\n', encoding="utf-8")
    assert not may_use_postgres([], {})


def test_sqlite_files_and_other_variables_do_not_need_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DEALBOARD_CONFIG", str(tmp_path / "missing.toml"))
    environ = {"DEALBOARD_DB": str(tmp_path / "deals.sqlite"), "PGHOST": "postgres.example"}
    assert not may_use_postgres(["--db", "deals.sqlite", "--read-only"], environ)


def test_nothing_changes_once_peewee_is_imported(monkeypatch, tmp_path):
    monkeypatch.setenv("DEALBOARD_CONFIG", str(tmp_path / "missing.toml"))
    assert "peewee" in sys.modules  # the test run imported it: both databases keep working
    assert not skip_postgres_driver(["--db", "deals.sqlite"], {})


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter (no DEALBOARD_* variables); return its output."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "DEALBOARD_CONFIG": "/nonexistent"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    return result.stdout.strip()


def test_a_fresh_sqlite_run_never_imports_the_driver_and_peewee_still_works():
    code = (
        "import sys\n"
        "from models.storage.sqlite_only import skip_postgres_driver\n"
        "print(skip_postgres_driver(['--db', 'deals.sqlite'], {}))\n"
        "import peewee\n"
        "db = peewee.SqliteDatabase(':memory:')\n"
        "print(db.execute_sql('select 41 + 1').fetchone()[0], sys.modules.get('psycopg2'))\n"
    )
    assert run_python(code).split() == ["True", "42", "None"]


def test_a_fresh_postgres_run_keeps_the_driver():
    pytest.importorskip("psycopg2")
    code = (
        "import sys\n"
        "from models.storage.sqlite_only import skip_postgres_driver\n"
        "print(skip_postgres_driver(['--db', 'postgresql://x@localhost/deals'], {}))\n"
        "import peewee\n"
        "print(peewee.psycopg2 is not None)\n"
    )
    assert run_python(code).split() == ["False", "True"]
