"""SVG snapshots of the board, detail, management and help screens in Dutch, at 80×24 and 120×40.

A Dutch database (Dutch phases and reasons, as ``open_database(lang="nl")`` seeds them) with a
small fixed pipeline of Dutch deals, a fixed clock, and the app in Dutch (``lang="nl"``).
After an intended change to a screen, review the new pictures and update them with
``pytest tests/tui/test_snapshots_dutch.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.operations import deals
from models.storage.database import open_database
from models.storage.schema import database_proxy
from tests.tui.conftest import FIXED_NOW, at
from tests.tui.snapshot_steps import SIZES, settled
from tui.app import DealboardApp

SCREENS = {
    "board": [],
    "detail": ["right", "right", "right", "enter"],  # ERP-invoering: override, next step
    "management": ["m"],
    "help": ["question_mark"],
}


def build_dutch_pipeline(path: Path) -> None:
    """The small pipeline of the English snapshots, in a Dutch database with Dutch data."""
    open_database(path, lang="nl")
    add = deals.create_deal
    add(
        "Nieuwe website",
        actor="anna",
        organization="Gemeente Utrecht",
        owner="Anna",
        value="12500",
        phase="Voorstel",
        expected_close="2026-12-15",
        at=at(20),
    )
    erp = add(
        "ERP-invoering",
        actor="bram",
        organization="Noordwind B.V.",
        owner="Bram",
        value="85000",
        phase="Onderhandelen",
        expected_close="2027-02-01",
        at=at(40),
    )
    deals.edit_deal(erp.id, {"probability_override": 60}, actor="bram", at=at(10))
    deals.edit_deal(
        erp.id,
        {"next_step": "Contract sturen", "next_step_date": "2026-11-29"},
        actor="bram",
        at=at(9),
    )
    add(
        "Onderhoudscontract",
        actor="anna",
        organization="Helder Licht",
        owner="Anna",
        value="4800",
        phase="Kennismaken",
        expected_close="2026-10-01",
        at=at(5),
    )
    add(
        "Cloudmigratie",
        actor="chris",
        organization="Van der Berg B.V.",
        owner="Chris",
        value="42000",
        phase="Presenteren",
        expected_close="2027-01-10",
        at=at(90),
    )
    add(
        "Trainingsdagen",
        actor="anna",
        organization="Acme",
        owner="Anna",
        value="3000",
        phase="Opdracht",
        at=at(3),
    )
    won = add(
        "Intranet",
        actor="bram",
        organization="Stichting Noord",
        owner="Bram",
        value="20000",
        phase="Voorstel",
        at=at(60),
    )
    deals.accept_deal(won.id, actor="bram", reason="Beste prijs", at=at(2))
    lost = add(
        "Dataplatform",
        actor="chris",
        organization="Polder Data",
        owner="Chris",
        value="60000",
        phase="Onderhandelen",
        at=at(80),
    )
    deals.reject_deal(lost.id, actor="chris", reason="Te duur", competitor="Datalux", at=at(7))
    database_proxy.obj.close()


@pytest.fixture
def dutch_app(tmp_path: Path) -> DealboardApp:
    """The app in Dutch on the Dutch pipeline, with the fixed clock."""
    path = tmp_path / "pijplijn.sqlite"
    build_dutch_pipeline(path)
    open_database(path)
    return DealboardApp(user="tester", clock=lambda: FIXED_NOW, lang="nl")


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_dutch_screen(snap_compare, dutch_app, screen, size):
    keys = SCREENS[screen]

    async def run_before(pilot) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)

    assert snap_compare(dutch_app, terminal_size=size, run_before=run_before)
