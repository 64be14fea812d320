"""The report read from the tallies is the report counted from the deals, to the digit.

``models.reports.tally_read`` answers an unfiltered report from ``report_tally``; these
tests build the same report both ways on the replayed demo deals (and on a reworked copy:
a merge, a new probability, odd cents, reopened and switched deals), on SQLite and
PostgreSQL, for days before, at and after the data, and check that the tallies were read
when they should be and left alone when they must not be.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.operations.deal_status import reopen_deal, switch_outcome
from models.operations.deals import edit_deal
from models.operations.phases import merge_phase, set_phase_probability
from models.reports import management
from models.reports.management import ReportFilter, build_report, report_to_json
from models.reports.tally_read import TallyReader
from models.storage.database import open_database
from models.storage.schema import Deal
from models.storage.tally import rebuild_for_settings
from tests.backends import RawConnection, copy_sqlite_to_postgres, fresh_pg_database
from tests.models.conftest import REPORT_DEMO_NOW, demo_deals
from tests.models.reports.report_cases import ACTOR

TODAY = REPORT_DEMO_NOW.date()
# Before the data ends (stays reach past the report's day: days in phase scans), at its
# last day, and later (every running stay counted up to then).
DAYS = (TODAY - dt.timedelta(days=200), TODAY, TODAY + dt.timedelta(days=45))


def _rework(path: Path) -> None:
    """Merge, reprice, give odd cents, reopen and switch: what the tallies must follow."""
    database = open_database(path)
    try:
        merge_phase("Negotiation", "Proposal", actor=ACTOR, at=REPORT_DEMO_NOW)
        set_phase_probability("Presentation", 33)
        live = list(Deal.select().where(Deal.deleted_at.is_null()).order_by(Deal.id))
        for deal in live[::7]:
            cents = deal.value_cents + 1 + deal.id * 37 % 99
            edit_deal(deal.id, {"value": f"{cents // 100}.{cents % 100:02d}"}, actor=ACTOR, at=REPORT_DEMO_NOW)  # fmt: skip
        closed = [deal for deal in live if deal.status != "open"]
        for deal in closed[:40]:
            reopen_deal(deal.id, actor=ACTOR, at=REPORT_DEMO_NOW)
        lost = [deal for deal in closed[40:] if deal.status == "rejected"]
        for deal in lost[:40]:  # to won: no reason needed (the seeded settings)
            switch_outcome(deal.id, actor=ACTOR, at=REPORT_DEMO_NOW, reason=None)
    finally:
        database.close()


@pytest.fixture(scope="module")
def tally_files(tmp_path_factory: pytest.TempPathFactory, report_demo: Path) -> dict[str, Path]:
    """The demo, and a reworked copy of it (built through the operations)."""
    folder = tmp_path_factory.mktemp("tally")
    plain = folder / "plain.sqlite"
    shutil.copyfile(report_demo, plain)
    reworked = folder / "reworked.sqlite"
    shutil.copyfile(report_demo, reworked)
    _rework(reworked)
    return {"plain": plain, "reworked": reworked}


@pytest.fixture(scope="module")
def tally_on_postgres(tally_files: dict[str, Path], pg_server_url: str) -> Iterator[dict[str, str]]:
    """The same two databases copied into PostgreSQL (tallies counted there afresh)."""
    with (
        fresh_pg_database(pg_server_url) as plain,
        fresh_pg_database(pg_server_url) as reworked,
    ):
        urls = {"plain": plain, "reworked": reworked}
        for variant, url in urls.items():
            copy_sqlite_to_postgres(tally_files[variant], url)
        yield urls


def _open(
    variant: str, backend: str, request: pytest.FixtureRequest, files: dict[str, Path]
) -> str:
    target = (
        request.getfixturevalue("tally_on_postgres")[variant]
        if backend == "postgresql"
        else str(files[variant])
    )
    open_database(target)
    return target


def _both_ways(flt: ReportFilter, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, int]:
    """The report as built (tallies when usable), the scanned one, and how often tallies were read."""
    readers: list[TallyReader] = []

    class Counting(TallyReader):
        def __init__(self, zone: dt.tzinfo) -> None:
            super().__init__(zone)
            readers.append(self)

    with monkeypatch.context() as patch:
        patch.setattr(management, "TallyReader", Counting)
        built = report_to_json(build_report(flt))
    with monkeypatch.context() as patch:
        patch.setattr(management, "_tally_reader", lambda flt, sql: None)
        scanned = report_to_json(build_report(flt))
    return built, scanned, len(readers)


@pytest.mark.parametrize("variant", ["plain", "reworked"])
def test_the_tallies_give_the_counted_report(tally_files, variant, backend, request, monkeypatch):
    _open(variant, backend, request, tally_files)
    for today in DAYS:
        for months in (12, 3):
            built, scanned, read = _both_ways(ReportFilter(today=today, months=months), monkeypatch)
            assert read == 1, "an unfiltered report reads the tallies"
            assert built == scanned, (today, months)
    # Not trivially empty: three quarters of the demo's deals are closed (1,000 of 3,000 said).
    assert built["win_rate"]["overall"]["closed"] > demo_deals(tally_files[variant]) / 3
    assert built["corrections"]["reopened"] >= (40 if variant == "reworked" else 0)


def test_a_filter_counts_from_the_deals(tally_files, backend, request, monkeypatch):
    _open("plain", backend, request, tally_files)
    for flt in (
        ReportFilter(today=TODAY, owner=_any(Deal.owner)),
        ReportFilter(today=TODAY, source=_any(Deal.source)),
        ReportFilter(today=TODAY, date_from=dt.date(2025, 9, 1)),
        ReportFilter(today=TODAY, date_to=dt.date(2025, 12, 31)),
    ):
        _, _, read = _both_ways(flt, monkeypatch)
        assert read == 0


def _any(column: Any) -> str:
    return str(Deal.select(column).where(Deal.deleted_at.is_null()).limit(1).scalar())


def test_a_change_made_outside_dealboard_is_counted_from_the_deals(
    tally_files, tmp_path, backend, request, monkeypatch
):
    if backend == "postgresql":
        target = request.getfixturevalue("tally_on_postgres")["plain"]
    else:
        target = str(tmp_path / "copy.sqlite")
        shutil.copyfile(tally_files["plain"], target)
    database = open_database(target)
    before, _, read = _both_ways(ReportFilter(today=TODAY), monkeypatch)
    assert read == 1
    raw = RawConnection(target)
    try:  # what support staff might type in sqlite3 or psql
        deal = raw.scalar(
            "SELECT MIN(id) FROM deal WHERE status = 'accepted' AND deleted_at IS NULL"
        )
        raw.execute("UPDATE deal SET value_cents = value_cents + 100000 WHERE id = ?", (deal,))
        built, scanned, read = _both_ways(ReportFilter(today=TODAY), monkeypatch)
        assert read == 0, "stale tallies are not read"
        assert built == scanned != before
        edit_deal(
            deal, {"note": "after the hand edit"}, actor=ACTOR
        )  # an operation does not hide it
        assert _both_ways(ReportFilter(today=TODAY), monkeypatch)[2] == 0
        with database.atomic():
            rebuild_for_settings(database)
        built, scanned, read = _both_ways(ReportFilter(today=TODAY), monkeypatch)
        assert read == 1 and built == scanned
    finally:
        raw.execute("UPDATE deal SET value_cents = value_cents - 100000 WHERE id = ?", (deal,))
        raw.close()
        with database.atomic():
            rebuild_for_settings(database)
