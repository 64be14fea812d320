"""The corpus database the display tests share: every value went in, by the app or raw SQL."""

from __future__ import annotations

from tests.hostile.corpus import BY_ID
from tests.hostile.display_helpers import Hostiles, N
from tests.hostile.display_helpers import hostile_file as hostile_file  # a copy per module
from tests.tui.conftest import utc_timezone as utc_timezone  # autouse: times shown in UTC


def test_the_corpus_reached_the_database(hostile_file: Hostiles) -> None:
    """Both ways in were used, and only values even the schema refuses were left out."""
    assert hostile_file.refused, "nothing went in by raw SQL"
    assert len(hostile_file.deal_ids) == N
    for what in hostile_file.impossible:  # an empty title or name: CHECK constraints
        kind, ident = what.split(" ", 1)
        value = BY_ID[ident].value
        assert kind in ("title", "phase", "reason", "event"), what
        assert not value.replace("\x00", "").strip(), what
