"""Names tied on a count sort by code point on both databases, whatever PostgreSQL's collation.

A PostgreSQL database created with a linguistic collation (ICU, English) orders text as
people do (``_x``, ``a``, ``Ä``, ``B``); SQLite orders it by code point (``B``, ``_x``, ``a``,
``Ä``). The report's ORDER BY must not inherit that difference: the same data gives the same
JSON, byte for byte, on SQLite and on such a PostgreSQL database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.operations.deals import create_deal, reject_deal
from models.operations.reasons import add_reason
from models.reports.management import ReportFilter, build_report, report_to_json
from models.storage.database import open_database
from tests.backends import fresh_pg_database

NAMES = ["a", "B", "Ä", "_x"]
BY_CODE_POINT = ["B", "_x", "a", "Ä"]
AT = dt.datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def icu_pg(pg_server_url: str) -> Iterator[str]:
    """An empty PostgreSQL database whose default collation is ICU English."""
    with fresh_pg_database(pg_server_url, linguistic=True) as url:
        yield url


def default_order(url: str) -> list[str]:
    """NAMES as the database's own collation orders them."""
    import psycopg2

    values = ", ".join(["(%s)"] * len(NAMES))
    with contextlib.closing(psycopg2.connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT n FROM (VALUES {values}) AS v(n) ORDER BY n", NAMES)
        return [row[0] for row in cursor.fetchall()]


def tied_report(target: Path | str) -> dict[str, Any]:
    """One lost deal per name (owner, source, reason, competitor): every count ties at 1."""
    database = open_database(target)
    try:
        for name in NAMES:
            add_reason(name)
        for number, name in enumerate(NAMES):
            deal = create_deal(
                f"Deal {number}",
                actor="tester",
                value="100.00",
                owner=name,
                source=name,
                at=AT,
            )
            reject_deal(deal.id, reason=name, competitor=name, actor="tester", at=AT)
        return report_to_json(build_report(ReportFilter(today=AT.date())))
    finally:
        database.close()


def test_ties_sort_by_code_point_on_sqlite_and_on_a_linguistic_postgresql(tmp_path, icu_pg):
    assert default_order(icu_pg) == ["_x", "a", "Ä", "B"]  # the database really is linguistic
    on_sqlite = tied_report(tmp_path / "ties.sqlite")
    on_postgres = tied_report(icu_pg)
    assert [row["competitor"] for row in on_sqlite["competitors"]] == BY_CODE_POINT
    assert [row["reason"] for row in on_sqlite["reasons"]] == BY_CODE_POINT
    assert [row["owner"] for row in on_sqlite["win_rate"]["by_owner"]] == BY_CODE_POINT
    assert [row["source"] for row in on_sqlite["win_rate"]["by_source"]] == BY_CODE_POINT
    # As `report --format json` prints it: the same bytes from both databases.
    printed = [json.dumps(r, indent=2, ensure_ascii=False) for r in (on_sqlite, on_postgres)]
    assert printed[0] == printed[1]
