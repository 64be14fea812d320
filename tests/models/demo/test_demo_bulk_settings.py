"""The bulk path's settings, each on a small bulk file: where it starts, serialize, language.

The threshold above which ``build_demo`` takes the bulk path, the rows workers hand over where
sqlite3 cannot serialize, and a bulk demo in Dutch; each writes a few hundred or thousand deals
with ``write_deals`` or ``build_demo`` below a lowered threshold. The big bulk demo and what it
is held to: test_demo_bulk.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.demo import build as demo
from models.demo import bulk as demo_bulk
from models.demo.build import BULK_ABOVE, build_demo
from models.demo.data import MONTHS, SOURCES
from tests.models.demo.demo_files import DEALS, NOW, fingerprint, fresh_file, query


def test_the_threshold_is_as_documented() -> None:
    assert BULK_ABOVE == 20_000 < DEALS
    assert demo.MAX_DEALS >= 2_000_000


def test_the_bulk_path_starts_above_the_threshold(
    small_bulk: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []
    write_deals = demo_bulk.write_deals

    def spy(path: Path, deals: int, **kwargs: object) -> demo_bulk.BulkCounts:
        used.append(deals)
        return write_deals(path, deals, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_bulk, "write_deals", spy)
    build_demo(tmp_path / "small.sqlite", deals=50, now=NOW)
    summary = build_demo(tmp_path / "big.sqlite", deals=450, now=NOW)
    assert used == [450]
    assert summary.deals == 450 and summary.events > 450
    first = query(tmp_path / "small.sqlite", "SELECT COUNT(*) FROM deal")
    assert first == [(50,)]


def test_without_serialize_the_rows_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where sqlite3 cannot serialize, workers hand over the rows themselves: same file."""
    made = []
    for serialize in (True, False):
        monkeypatch.setattr(demo_bulk, "SERIALIZE", serialize)
        path = fresh_file(tmp_path / f"{serialize}.sqlite")
        demo_bulk.write_deals(path, 1_500, seed=4, lang="en", now=NOW, workers=1)
        made.append(fingerprint(path))
    assert made[0] == made[1]


def test_a_dutch_bulk_demo_speaks_dutch(tmp_path: Path) -> None:
    path = fresh_file(tmp_path / "nl.sqlite", lang="nl")
    demo_bulk.write_deals(path, 2_000, seed=1, lang="nl", now=NOW)
    assert demo_bulk.verify(path) == []
    sources = {row[0] for row in query(path, "SELECT DISTINCT source FROM deal")}
    assert sources == {dutch for _, dutch, _, _ in SOURCES}
    reasons = {row[0] for row in query(path, "SELECT DISTINCT new_value FROM deal_event"
                                             " WHERE field = 'reason'")}  # fmt: skip
    assert {"Te duur", "Koos een concurrent", "Beste prijs"} <= reasons
    titles = " ".join(row[0] for row in query(path, "SELECT title FROM deal"))
    assert "Nieuwe website" in titles and "Website redesign" not in titles
    notes = " ".join(row[0] for row in query(path, "SELECT note FROM deal"))
    assert any(month in notes for month in MONTHS["nl"]) and "January" not in notes
    corrections = query(path, "SELECT COUNT(*) FROM deal WHERE close_note LIKE 'Correctie:%'")
    assert corrections[0][0] > 0
